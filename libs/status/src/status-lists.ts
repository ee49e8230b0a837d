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
    const [allocation] = await this.allocateMany(em, organisationId, purpose, issuer, 1);
    return allocation;
  }

  /**
   * `count` fresh indices at once (a group of credentials of one organisation), in a few
   * statements whatever the count: random picks inserted together, a pick already taken is
   * drawn again. A list takes new credentials until it is half full, then the next list is
   * opened, so a group may span two lists.
   */
  async allocateMany(
    em: EntityManager,
    organisationId: string,
    purpose: StatusPurpose,
    issuer: string | null,
    count: number,
  ): Promise<StatusAllocation[]> {
    const out: StatusAllocation[] = [];
    while (out.length < count) {
      const list = await this.openList(em, organisationId, purpose, issuer);
      const take = Math.min(count - out.length, FILL_LIMIT - list.allocated);
      const taken = new Set<number>();
      while (taken.size < take) {
        const picks = new Set<number>();
        while (picks.size < take - taken.size) {
          const index = randomInt(list.length);
          if (!taken.has(index)) picks.add(index);
        }
        const inserted = await em.query<Array<{ index: number }>>(
          'insert into status_entries (list_id, "index") select $1, unnest($2::int[]) on conflict do nothing returning "index"',
          [list.id, [...picks]],
        );
        for (const row of inserted) taken.add(row.index);
      }
      await em.query('update status_lists set allocated = allocated + $2 where id = $1', [list.id, take]);
      for (const index of taken) out.push({ listId: list.id, index, purpose, issuer });
    }
    return out;
  }

  /** The organisation's list that takes new credentials, locked; made when there is none. */
  private async openList(
    em: EntityManager,
    organisationId: string,
    purpose: StatusPurpose,
    issuer: string | null,
  ): Promise<StatusList> {
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
    const list = await open();
    if (list) return list;
    // Only one transaction creates the organisation's next list; the others wait and use it.
    await em.query('select pg_advisory_xact_lock(hashtextextended($1, 7022))', [`${organisationId}:${purpose}:${issuer ?? ''}`]);
    return (
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
      ))
    );
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
