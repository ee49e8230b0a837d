import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { IdempotencyRecord } from './idempotency-record.entity.js';

/** How long a first answer is kept for replay. */
const RETENTION_MS = 24 * 60 * 60 * 1000;
/** A request still "in progress" after this long died with its process; a retry may take over. */
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

export type IdempotencyStart =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'replay'; readonly body: unknown }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'mismatch' };

@Injectable()
export class IdempotencyStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Claims the key for this request, or says what an earlier request with it did. */
  async begin(scope: string, key: string, fingerprint: string): Promise<IdempotencyStart> {
    const now = this.clock.now();
    const repo = this.dataSource.getRepository(IdempotencyRecord);
    // Expired records (of anyone) are forgotten first, so they are not kept past their time and
    // an expired key can be used afresh. Indexed on created_at: cheap when there is nothing to do.
    await repo
      .createQueryBuilder()
      .delete()
      .where('created_at < :before', { before: new Date(now.getTime() - RETENTION_MS) })
      .execute();
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .values({ scope, key, fingerprint, state: 'in_progress', lockedAt: now, responseStatus: null })
      .orIgnore()
      .returning(['key'])
      .execute();
    if (inserted.raw && (inserted.raw as unknown[]).length > 0) return { kind: 'proceed' };

    const existing = await repo.findOneBy({ scope, key });
    if (!existing) return this.begin(scope, key, fingerprint);
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (existing.state === 'completed') return { kind: 'replay', body: existing.responseBody };
    // Take over an abandoned claim atomically: only one retry wins it.
    const takeover = await repo
      .createQueryBuilder()
      .update()
      .set({ lockedAt: now })
      .where("scope = :scope and key = :key and state = 'in_progress' and locked_at < :stale", {
        scope,
        key,
        stale: new Date(now.getTime() - ABANDONED_AFTER_MS),
      })
      .execute();
    return takeover.affected ? { kind: 'proceed' } : { kind: 'in_progress' };
  }

  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource
      .getRepository(IdempotencyRecord)
      .update({ scope, key }, { state: 'completed', responseStatus: status, responseBody: (body ?? null) as object });
  }

  /** The request failed: forget the claim so that a retry runs it again. */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.getRepository(IdempotencyRecord).delete({ scope, key, state: 'in_progress' });
  }
}

@Module({ imports: [TypeOrmModule.forFeature([IdempotencyRecord])], providers: [IdempotencyStore], exports: [IdempotencyStore] })
export class IdempotencyModule {}
