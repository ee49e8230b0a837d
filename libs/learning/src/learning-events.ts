import { EventEmitter } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';

export interface EnrolmentEligible {
  readonly enrolmentId: string;
  readonly cohortId: string;
  readonly accountId: string;
  readonly programmeVersionId: string;
  readonly eligibleAt: Date;
}

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
