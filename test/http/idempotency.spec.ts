import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('Idempotency-Key on writes', () => {
  let t: TestApp;
  let admin: { headers: { authorization: string } };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signedIn('platform_admin');
  });
  afterAll(() => t.close());

  const create = (key: string | undefined, email: string, by = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { ...by.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: { email, displayName: 'Retry Safe' },
    });
  const count = async (email: string) =>
    Number((await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from accounts where email = $1', [email]))[0].n);

  it('a retry with the same key and request gets the first answer again and writes nothing', async () => {
    const first = await create('key-1', 'retry@school.test');
    expect(first.statusCode).toBe(201);
    const again = await create('key-1', 'retry@school.test');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count('retry@school.test')).toBe(1);
  });

  it('without a key, a retry is a second request (here: refused, the email is taken)', async () => {
    expect((await create(undefined, 'plain@school.test')).statusCode).toBe(201);
    expect((await create(undefined, 'plain@school.test')).statusCode).toBe(409);
  });

  it('the same key with a different request is refused with 422 and changes nothing', async () => {
    expect((await create('key-2', 'first@school.test')).statusCode).toBe(201);
    const other = await create('key-2', 'second@school.test');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await count('second@school.test')).toBe(0);
  });

  it('keys belong to their caller: another caller may use the same key', async () => {
    const otherAdmin = await t.signedIn('platform_admin');
    expect((await create('shared-key', 'a.one@school.test')).statusCode).toBe(201);
    expect((await create('shared-key', 'a.two@school.test', otherAdmin)).statusCode).toBe(201);
  });

  it('a failed first attempt is not remembered: the retry runs', async () => {
    const send = (grants: unknown[]) =>
      t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: { ...admin.headers, 'idempotency-key': 'key-3' },
        payload: { email: 'later@school.test', displayName: 'L', grants },
      });
    expect((await send([{ role: 'trainer' }])).statusCode).toBe(422);
    expect(await t.dataSource.query("select 1 from idempotency_records where key = 'key-3'")).toEqual([]);
    // The corrected request may use the same key (the failed one left nothing behind).
    const retry = await send([{ role: 'learner' }]);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await count('later@school.test')).toBe(1);
  });

  it('concurrent requests with one key write once: one runs, the others wait their turn or replay it', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => create('key-4', 'race@school.test')));
    const ran = results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
    const replayed = results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === 'true');
    const waiting = results.filter((r) => r.statusCode === 409 && r.json<{ code: string }>().code === 'idempotency_in_progress');
    expect(ran).toHaveLength(1);
    expect(replayed.length + waiting.length).toBe(7);
    for (const r of replayed) expect(r.json()).toEqual(ran[0].json());
    expect(await count('race@school.test')).toBe(1);
  });

  it('forgets answers after 24 hours: the key may then be used for a new request', async () => {
    expect((await create('key-5', 'old@school.test')).statusCode).toBe(201);
    await t.dataSource.query("update idempotency_records set created_at = now() - interval '25 hours' where key = 'key-5'");
    const fresh = await create('key-5', 'new@school.test');
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.dataSource.query("select 1 from idempotency_records where created_at < now() - interval '24 hours'")).toEqual(
      [],
    );
  });

  it('rejects a malformed key', async () => {
    const res = await create('has spaces and ünïcode', 'malformed@school.test');
    expect(res.statusCode).toBe(400);
    expect(await count('malformed@school.test')).toBe(0);
  });

  it('never stores an API key: that route does not replay', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api-keys',
      headers: { ...admin.headers, 'idempotency-key': 'k' },
      payload: { name: 'n' },
    });
    const second = await t.app.inject({
      method: 'POST',
      url: '/api-keys',
      headers: { ...admin.headers, 'idempotency-key': 'k' },
      payload: { name: 'n' },
    });
    expect(first.json<{ key: string }>().key).not.toBe(second.json<{ key: string }>().key);
    const stored = JSON.stringify(await t.dataSource.query('select * from idempotency_records'));
    expect(stored).not.toContain(first.json<{ key: string }>().key);
  });
});
