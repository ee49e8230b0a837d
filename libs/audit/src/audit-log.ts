import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';

/** Who is acting, carried from the HTTP request (or the CLI) into the services. */
export interface Actor {
  readonly accountId: string | null;
  readonly requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { accountId: null };

export interface AuditEntry {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly organisationId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditQuery {
  readonly organisationId?: string;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly actorId?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  /** Events with an id below this one (for paging back in time). */
  readonly before?: string;
}

@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an event inside the caller's transaction (`manager`), never on its own. */
  async record(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, actor, [entry]);
  }

  /** Several events in one statement (a batch of credentials issued), in the caller's transaction. */
  async recordMany(manager: EntityManager, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
    await this.recordEach(
      manager,
      entries.map((entry) => ({ actor, entry })),
    );
  }

  /** Events of several actors (requests committed together) in one statement, in the caller's transaction. */
  async recordEach(manager: EntityManager, events: ReadonlyArray<{ actor: Actor; entry: AuditEntry }>): Promise<void> {
    if (events.length === 0) return;
    await manager.insert(
      AuditEvent,
      events.map(({ actor, entry }) => ({
        actorId: actor.accountId,
        requestId: actor.requestId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        organisationId: entry.organisationId ?? null,
        before: (entry.before ?? null) as object,
        after: (entry.after ?? null) as object,
      })),
    );
  }

  /** Newest first. */
  async find(query: AuditQuery): Promise<AuditEvent[]> {
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e').orderBy('e.id', 'DESC').take(query.limit);
    if (query.organisationId) qb.andWhere('e.organisation_id = :org', { org: query.organisationId });
    if (query.entityType) qb.andWhere('e.entity_type = :type', { type: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :eid', { eid: query.entityId });
    if (query.actorId) qb.andWhere('e.actor_id = :actor', { actor: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    if (query.before) qb.andWhere('e.id < :before', { before: query.before });
    return qb.getMany();
  }
}
