import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '@app/core';
import { encodeBitstring, postgresBitNumber } from './bitstring.js';
import { StatusEntry } from './entities/status-entry.entity.js';
import { StatusList, type StatusPurpose } from './entities/status-list.entity.js';

/** Entries per list: the spec's minimum for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
/** A list takes new credentials until half full, so random picks rarely collide. */
const FILL_LIMIT = STATUS_LIST_LENGTH / 2;

export interface StatusAllocation {
  readonly listId: string;
  readonly index: number;
  readonly purpose: StatusPurpose;
  readonly issuer: string | null;
}

/**
 * Bitstring status lists: random, never reused indices (herd privacy), allocated in the caller's
 * transaction so that a credential and its index commit together, and bits set for revocation
 * and suspension.
 */
@Injectable()
export class StatusLists {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A fresh index for a new credential. The list row is locked for the rest of the transaction:
   * concurrent issuance in one organisation allocates one after the other, and the primary key
   * of status_entries makes a reused index impossible whatever happens.
   */
  async allocate(
    em: EntityManager,
    organisationId: string,
    purpose: StatusPurpose,
    issuer: string | null = null,
  ): Promise<StatusAllocation> {
    const open = () =>
      em
        .createQueryBuilder(StatusList, 'l')
        .where(
          'l.organisation_id = :organisationId and l.purpose = :purpose and l.allocated < :limit and l.issuer is not distinct from :issuer',
          { organisationId, purpose, limit: FILL_LIMIT, issuer },
        )
        .orderBy('l.created_at', 'ASC')
        .setLock('pessimistic_write')
        .getOne();
    let list = await open();
    if (!list) {
      // Only one transaction creates the organisation's next list; the others wait and use it.
      await em.query('select pg_advisory_xact_lock(hashtextextended($1, 7022))', [
        `${organisationId}:${purpose}:${issuer ?? ''}`,
      ]);
      list =
        (await open()) ??
        (await em.save(
          em.create(StatusList, {
            organisationId,
            purpose,
            issuer,
            length: STATUS_LIST_LENGTH,
            bits: Buffer.alloc(STATUS_LIST_LENGTH / 8),
            allocated: 0,
          }),
        ));
    }
    for (;;) {
      const index = randomInt(list.length);
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(StatusEntry)
        .values({ listId: list.id, index })
        .orIgnore()
        .returning(['index'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) {
        await em.increment(StatusList, { id: list.id }, 'allocated', 1);
        return { listId: list.id, index, purpose, issuer };
      }
    }
  }

  /** Sets (true) or clears (false) the bit of an allocated index. */
  async setStatus(em: EntityManager, listId: string, index: number, value: boolean): Promise<void> {
    if (!(await em.existsBy(StatusEntry, { listId, index }))) throw notFound('That status list entry');
    await em.query(
      'update status_lists set bits = set_bit(bits, $2, $3), revision = revision + 1, updated_at = now() where id = $1',
      [listId, postgresBitNumber(index), value ? 1 : 0],
    );
  }

  async getStatus(listId: string, index: number): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<{ bit: number }>>(
      'select get_bit(bits, $2) as bit from status_lists where id = $1',
      [listId, postgresBitNumber(index)],
    );
    if (!row) throw notFound('The status list');
    return row.bit === 1;
  }

  /** The list's `encodedList` (GZIP, multibase base64url), and what a status list credential needs. */
  async snapshot(listId: string): Promise<{ list: StatusList; encodedList: string }> {
    const list = await this.dataSource
      .getRepository(StatusList)
      .createQueryBuilder('l')
      .addSelect('l.bits')
      .where('l.id = :listId', { listId })
      .getOne();
    if (!list) throw notFound('The status list');
    return { list, encodedList: encodeBitstring(list.bits) };
  }
}
