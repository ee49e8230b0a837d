import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { STATUS_LIST_LENGTH, StatusLists, decodeBitstring, getBit } from '@app/status';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('Bitstring Status List', () => {
  let t: TestApp;
  let lists: StatusLists;
  let orgId: string;
  beforeAll(async () => {
    t = await createTestApp();
    lists = t.app.get(StatusLists);
    const platform = await t.signedIn('platform_admin');
    orgId = (
      await t.call<{ id: string }>('POST', '/organisations', platform, { slug: 'status-org', name: { en: 'Status Org' } }, 201)
    ).id;
  });
  afterAll(() => t.close());

  it('hands out 1,000 distinct random indices under concurrent issuance, in lists of 131,072', async () => {
    const allocations = await Promise.all(
      Array.from({ length: 1000 }, () => t.dataSource.transaction((em) => lists.allocate(em, orgId, 'revocation'))),
    );
    const keys = new Set(allocations.map((a) => `${a.listId}:${a.index}`));
    expect(keys.size).toBe(1000);
    expect(allocations.every((a) => a.index >= 0 && a.index < STATUS_LIST_LENGTH)).toBe(true);
    const listIds = new Set(allocations.map((a) => a.listId));
    expect(listIds.size).toBe(1);
    const [row] = await t.dataSource.query<Array<{ allocated: number; length: number; bytes: number }>>(
      'select allocated, length, octet_length(bits) as bytes from status_lists where id = $1',
      [[...listIds][0]],
    );
    expect(row).toEqual({ allocated: 1000, length: 131_072, bytes: 16_384 });
    // Random, not sequential: the indices spread over the list.
    const sorted = allocations.map((a) => a.index).sort((a, b) => a - b);
    expect(sorted[999] - sorted[0]).toBeGreaterThan(STATUS_LIST_LENGTH / 2);
  });

  it('hands out groups at once: distinct from each other and from single allocations, spanning into a new list at half full', async () => {
    const singles = await Promise.all(
      Array.from({ length: 50 }, () => t.dataSource.transaction((em) => lists.allocate(em, orgId, 'suspension'))),
    );
    const groups = await Promise.all(
      Array.from({ length: 8 }, () => t.dataSource.transaction((em) => lists.allocateMany(em, orgId, 'suspension', null, 64))),
    );
    const all = [...singles, ...groups.flat()];
    expect(groups.every((g) => g.length === 64)).toBe(true);
    expect(new Set(all.map((a) => `${a.listId}:${a.index}`)).size).toBe(50 + 8 * 64);
    const listId = singles[0].listId;
    expect(all.every((a) => a.listId === listId && a.purpose === 'suspension' && a.issuer === null)).toBe(true);
    const counted = async (id: string) =>
      (
        await t.dataSource.query<Array<{ allocated: number; entries: number }>>(
          'select allocated, (select count(*)::int from status_entries where list_id = $1) as entries from status_lists where id = $1',
          [id],
        )
      )[0];
    expect(await counted(listId)).toEqual({ allocated: 562, entries: 562 });

    // Three places left before half full: a group of ten takes them, and seven in a new list.
    await t.dataSource.query('update status_lists set allocated = $2 where id = $1', [listId, STATUS_LIST_LENGTH / 2 - 3]);
    const spanning = await t.dataSource.transaction((em) => lists.allocateMany(em, orgId, 'suspension', null, 10));
    expect(spanning.filter((a) => a.listId === listId)).toHaveLength(3);
    const next = spanning.find((a) => a.listId !== listId)!.listId;
    expect(spanning.filter((a) => a.listId === next)).toHaveLength(7);
    expect((await counted(next)).allocated).toBe(7);
    expect((await counted(listId)).allocated).toBe(STATUS_LIST_LENGTH / 2);

    // A group that rolls back commits none of its entries.
    let rolledBack: Array<{ listId: string; index: number }> = [];
    await expect(
      t.dataSource.transaction(async (em) => {
        rolledBack = await lists.allocateMany(em, orgId, 'suspension', null, 20);
        throw new Error('group failed');
      }),
    ).rejects.toThrow('group failed');
    expect(rolledBack).toHaveLength(20);
    expect(await counted(next)).toEqual({ allocated: 7, entries: 7 });
  });

  it('a rolled-back issuance commits no entry (its index was never published with a credential)', async () => {
    let index = -1;
    let listId = '';
    await expect(
      t.dataSource.transaction(async (em) => {
        const a = await lists.allocate(em, orgId, 'suspension');
        index = a.index;
        listId = a.listId;
        throw new Error('issuance failed');
      }),
    ).rejects.toThrow('issuance failed');
    // Rolled back: the entry was never committed, so the index is free (nothing was published with it).
    expect(await t.dataSource.query('select 1 from status_entries where list_id = $1 and index = $2', [listId, index])).toEqual(
      [],
    );
  });

  it('sets and clears bits in the spec’s order, and encodes the list as GZIP + multibase base64url', async () => {
    const a = await t.dataSource.transaction((em) => lists.allocate(em, orgId, 'revocation'));
    await t.dataSource.transaction((em) => lists.setStatus(em, a.listId, a.index, true));
    expect(await lists.getStatus(a.listId, a.index)).toBe(true);
    const { encodedList } = await lists.snapshot(a.listId);
    expect(encodedList.startsWith('u')).toBe(true);
    const bits = decodeBitstring(encodedList);
    expect(bits.length).toBe(16_384);
    expect(getBit(bits, a.index)).toBe(true);
    // Index i is bit 7 - i % 8 of byte i / 8 (the leftmost bit first), and no other bit is set.
    expect(bits[a.index >> 3]).toBe(1 << (7 - (a.index & 7)));
    expect(bits.reduce((n, b) => n + (b === 0 ? 0 : 1), 0)).toBe(1);
    await t.dataSource.transaction((em) => lists.setStatus(em, a.listId, a.index, false));
    expect(await lists.getStatus(a.listId, a.index)).toBe(false);
  });

  it('refuses to set the status of an index that was never handed out', async () => {
    const a = await t.dataSource.transaction((em) => lists.allocate(em, orgId, 'revocation'));
    const taken = new Set(
      (await t.dataSource.query<Array<{ index: number }>>('select index from status_entries where list_id = $1', [a.listId])).map(
        (r) => r.index,
      ),
    );
    let unused = 0;
    while (taken.has(unused)) unused++;
    await expect(t.dataSource.transaction((em) => lists.setStatus(em, a.listId, unused, true))).rejects.toThrow(/not found/);
    expect(await lists.getStatus(a.listId, unused)).toBe(false);
  });
});
