import { EventEmitter } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/audit';

export interface EnrolmentEligible {
  readonly enrolmentId: string;
  readonly cohortId: string;
  readonly accountId: string;
  readonly programmeVersionId: string;
  readonly eligibleAt: Date;
}

/** What changed in one transaction: enrolments that met their rules, and ones that no longer do. */
export interface EligibilityChanges {
  readonly eligible: readonly EnrolmentEligible[];
  /** After a correction: enrolments that were eligible and are not any more. */
  readonly ineligible: readonly string[];
}

export type InTransactionHandler = (em: EntityManager, actor: Actor, changes: EligibilityChanges) => Promise<void>;

/**
 * Events of the learning domain, published only after the transaction that caused them has
 * committed: a listener (the issuance capability) must never act on a change that was rolled
 * back. Listeners run after the response path has moved on; their failures are logged, not
 * thrown at the writer.
 */
@Injectable()
export class LearningEvents {
  private readonly emitter = new EventEmitter();
  private readonly logger = new Logger(LearningEvents.name);
  private readonly inTransaction: InTransactionHandler[] = [];

  /**
   * A handler that runs inside the transaction that changed eligibility (the issuance capability
   * queues credentials there, so a credential and its job commit with the change or not at all).
   * Its errors roll the whole transaction back.
   */
  onEligibilityInTransaction(handler: InTransactionHandler): void {
    this.inTransaction.push(handler);
  }

  /** Called by the learning service inside the transaction. */
  async eligibilityChanged(em: EntityManager, actor: Actor, changes: EligibilityChanges): Promise<void> {
    if (changes.eligible.length === 0 && changes.ineligible.length === 0) return;
    for (const handler of this.inTransaction) await handler(em, actor, changes);
  }

  onEligible(listener: (event: EnrolmentEligible) => Promise<void> | void): () => void {
    const wrapped = (event: EnrolmentEligible): void => {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) =>
          this.logger.error({ err: error, enrolmentId: event.enrolmentId }, 'eligibility listener failed'),
        );
    };
    this.emitter.on('eligible', wrapped);
    return () => this.emitter.off('eligible', wrapped);
  }

  /** Call after commit. */
  publishEligible(events: readonly EnrolmentEligible[]): void {
    for (const event of events) this.emitter.emit('eligible', event);
  }
}
