import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AccountsService } from '@app/identity';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('sign-in, access tokens and API keys', () => {
  let t: TestApp;
  const email = 'rana.haddad@school.test';
  const password = 'a long enough passphrase';
  let accountId: string;

  beforeAll(async () => {
    t = await createTestApp();
    accountId = (
      await t.app
        .get(AccountsService)
        .create({ email, displayName: 'Rana Haddad', password, grants: [{ role: 'learner', organisationId: null }] })
    ).id;
  });
  afterAll(() => t.close());

  const signIn = (body: object) => t.app.inject({ method: 'POST', url: '/auth/token', payload: body });
  const me = (authorization: string) => t.app.inject({ method: 'GET', url: '/me', headers: { authorization } });

  it('signs in with email and password (email case-insensitive) and the token opens /me', async () => {
    const res = await signIn({ email: 'Rana.Haddad@School.test', password });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ accessToken: string; tokenType: string; expiresIn: number }>();
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: t.config.auth.tokenTtlSeconds });
    const who = await me(`Bearer ${body.accessToken}`);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ id: accountId, email, grants: [{ role: 'learner' }] });
  });

  it('stores the password as an argon2id hash, never in clear', async () => {
    const [row] = await t.dataSource.query<Array<{ password_hash: string }>>('select password_hash from accounts where id = $1', [
      accountId,
    ]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(password);
  });

  it('gives one answer for a wrong password and an unknown email', async () => {
    const wrong = await signIn({ email, password: 'not the passphrase' });
    const unknown = await signIn({ email: 'nobody@school.test', password });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<{ detail: string }>().detail).toBe(unknown.json<{ detail: string }>().detail);
  });

  it('refuses a disabled account', async () => {
    const other = await t.app.get(AccountsService).create({ email: 'gone@school.test', displayName: 'Gone', password });
    const token = (await signIn({ email: 'gone@school.test', password })).json<{ accessToken: string }>().accessToken;
    await t.dataSource.query('update accounts set disabled_at = now() where id = $1', [other.id]);
    expect((await signIn({ email: 'gone@school.test', password })).statusCode).toBe(401);
    expect((await me(`Bearer ${token}`)).statusCode).toBe(401);
  });

  describe('tampered and forged tokens are refused', () => {
    let good: string;
    beforeAll(async () => {
      good = (await signIn({ email, password })).json<{ accessToken: string }>().accessToken;
    });
    const key = () => new TextEncoder().encode(t.config.auth.tokenSecret.reveal());
    const claims = () =>
      new SignJWT({}).setSubject(accountId).setIssuer(t.config.http.publicBaseUrl).setAudience('ai-cft-credentials:api');

    it('a changed payload', async () => {
      const [h, , s] = good.split('.');
      const payload = Buffer.from(
        JSON.stringify({ sub: accountId, iss: t.config.http.publicBaseUrl, aud: 'ai-cft-credentials:api', exp: 4102444800 }),
      ).toString('base64url');
      expect((await me(`Bearer ${h}.${payload}.${s}`)).statusCode).toBe(401);
    });
    it('an expired token', async () => {
      const expired = await claims()
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuedAt(1_000_000)
        .setExpirationTime(1_000_900)
        .sign(key());
      expect((await me(`Bearer ${expired}`)).statusCode).toBe(401);
    });
    it('a token signed with another key', async () => {
      const forged = await claims()
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('x'.repeat(40)));
      expect((await me(`Bearer ${forged}`)).statusCode).toBe(401);
    });
    it('an unsigned (alg none) token', async () => {
      const none = new UnsecuredJWT({ sub: accountId })
        .setIssuer(t.config.http.publicBaseUrl)
        .setAudience('ai-cft-credentials:api')
        .setExpirationTime('10m')
        .encode();
      expect((await me(`Bearer ${none}`)).statusCode).toBe(401);
    });
    it('a token of the wrong type', async () => {
      const idToken = await claims().setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setExpirationTime('10m').sign(key());
      expect((await me(`Bearer ${idToken}`)).statusCode).toBe(401);
    });
    it('the good token still works (the twins above fail for their tampering only)', async () => {
      expect((await me(`Bearer ${good}`)).statusCode).toBe(200);
    });
  });

  describe('API keys', () => {
    it('are shown once, stored as a hash, act as their owner, and stop working when revoked', async () => {
      const owner = await t.signedIn('platform_admin');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api-keys',
        headers: owner.headers,
        payload: { name: 'SIS integration' },
      });
      expect(created.statusCode).toBe(201);
      const { id, key, prefix } = created.json<{ id: string; key: string; prefix: string }>();
      expect(key).toMatch(new RegExp(`^cftk_${prefix}_`));

      const listed = await t.app.inject({ method: 'GET', url: '/api-keys', headers: owner.headers });
      expect(listed.json()).toEqual([expect.objectContaining({ id, name: 'SIS integration', prefix })]);
      expect(listed.body).not.toContain(key);

      const rows = await t.dataSource.query<Array<Record<string, unknown>>>('select * from api_keys where id = $1', [id]);
      expect(JSON.stringify(rows)).not.toContain(key.slice(`cftk_${prefix}_`.length));

      const [audit] = await t.dataSource.query<Array<{ actor_id: string; after: object }>>(
        "select actor_id, after from audit_events where action = 'api_key.created' and entity_id = $1",
        [id],
      );
      expect(audit).toMatchObject({ actor_id: owner.accountId, after: { name: 'SIS integration', prefix } });
      expect(JSON.stringify(audit)).not.toContain(key);

      const viaKey = await me(`Bearer ${key}`);
      expect(viaKey.statusCode).toBe(200);
      expect(viaKey.json()).toMatchObject({ id: owner.accountId });
      expect(
        (await t.app.inject({ method: 'GET', url: '/accounts', headers: { authorization: `Bearer ${key}` } })).statusCode,
      ).toBe(200);

      const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      expect((await me(`Bearer ${tampered}`)).statusCode).toBe(401);

      expect((await t.app.inject({ method: 'DELETE', url: `/api-keys/${id}`, headers: owner.headers })).statusCode).toBe(204);
      expect((await me(`Bearer ${key}`)).statusCode).toBe(401);
    });

    it('cannot be revoked by someone else', async () => {
      const owner = await t.signedIn('learner');
      const other = await t.signedIn('learner');
      const created = await t.app.inject({ method: 'POST', url: '/api-keys', headers: owner.headers, payload: { name: 'k' } });
      expect(created.statusCode).toBe(201);
      const { id, key } = created.json<{ id: string; key: string }>();
      expect((await t.app.inject({ method: 'DELETE', url: `/api-keys/${id}`, headers: other.headers })).statusCode).toBe(404);
      expect((await me(`Bearer ${key}`)).statusCode).toBe(200);
    });

    it('stop working when they expire', async () => {
      const owner = await t.signedIn('learner');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api-keys',
        headers: owner.headers,
        payload: { name: 'short-lived', expiresAt: new Date(Date.now() + 60_000).toISOString() },
      });
      expect(created.statusCode).toBe(201);
      const { id, key } = created.json<{ id: string; key: string }>();
      expect((await me(`Bearer ${key}`)).statusCode).toBe(200);
      await t.dataSource.query("update api_keys set expires_at = now() - interval '1 second' where id = $1", [id]);
      expect((await me(`Bearer ${key}`)).statusCode).toBe(401);
    });

    it.each([['2009-W01-1'], ['20271231T000000Z'], ['2020-01-01T00:00:00Z'], ['tomorrow']])(
      'refuse an expiry of %s (not a future date) with 400',
      async (expiresAt) => {
        const owner = await t.signedIn('learner');
        const res = await t.app.inject({
          method: 'POST',
          url: '/api-keys',
          headers: owner.headers,
          payload: { name: 'k', expiresAt },
        });
        expect(res.statusCode).toBe(400);
        expect(await t.dataSource.query('select 1 from api_keys where account_id = $1', [owner.accountId])).toEqual([]);
      },
    );
  });

  describe('creating accounts', () => {
    it('an organisation admin creates trainers in their own organisation only', async () => {
      const [org] = await t.dataSource.query<Array<{ id: string }>>(
        'insert into organisations (slug, name) values (\'org-a\', \'{"en":"A"}\'), (\'org-b\', \'{"en":"B"}\') returning id',
      );
      const [orgB] = await t.dataSource.query<Array<{ id: string }>>("select id from organisations where slug = 'org-b'");
      const orgAdmin = await t.signedIn([{ role: 'org_admin', organisationId: org.id }]);
      const own = await t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: orgAdmin.headers,
        payload: {
          email: 'trainer.a@school.test',
          displayName: 'Trainer A',
          grants: [{ role: 'trainer', organisationId: org.id }],
        },
      });
      expect(own.statusCode).toBe(201);
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: orgAdmin.headers,
        payload: {
          email: 'trainer.b@school.test',
          displayName: 'Trainer B',
          grants: [{ role: 'trainer', organisationId: orgB.id }],
        },
      });
      expect(elsewhere.statusCode).toBe(403);
      const promote = await t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: orgAdmin.headers,
        payload: { email: 'boss@school.test', displayName: 'Boss', grants: [{ role: 'platform_admin' }] },
      });
      expect(promote.statusCode).toBe(403);
      expect(
        await t.dataSource.query("select email from accounts where email in ('trainer.b@school.test', 'boss@school.test')"),
      ).toEqual([]);
      const adminElsewhere = await t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: orgAdmin.headers,
        payload: {
          email: 'admin.b@school.test',
          displayName: 'Admin B',
          grants: [{ role: 'org_admin', organisationId: orgB.id }],
        },
      });
      expect(adminElsewhere.statusCode).toBe(403);
      expect(await t.dataSource.query("select 1 from accounts where email = 'admin.b@school.test'")).toEqual([]);
    });

    it('merges a repeated grant, and refuses an organisation that does not exist (422, nothing written)', async () => {
      const admin = await t.signedIn('platform_admin');
      const twice = await t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: admin.headers,
        payload: { email: 'twice@school.test', displayName: 'Twice', grants: [{ role: 'learner' }, { role: 'learner' }] },
      });
      expect(twice.statusCode).toBe(201);
      expect(twice.json<{ grants: unknown[] }>().grants).toEqual([{ role: 'learner' }]);
      const ghost = await t.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: admin.headers,
        payload: {
          email: 'ghost@school.test',
          displayName: 'Ghost',
          grants: [{ role: 'trainer', organisationId: '00000000-0000-4000-8000-000000000000' }],
        },
      });
      expect(ghost.statusCode).toBe(422);
      expect(ghost.json()).toMatchObject({ code: 'invalid_role_grant' });
      expect(await t.dataSource.query("select 1 from accounts where email = 'ghost@school.test'")).toEqual([]);
    });
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with Retry-After once an address has used its attempts, and counts per address', async () => {
    const t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const attempt = (ip: string) =>
        t.app.inject({
          method: 'POST',
          url: '/auth/token',
          remoteAddress: ip,
          payload: { email: 'x@school.test', password: 'wrong guess' },
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt('203.0.113.7')).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await attempt('203.0.113.7');
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await attempt('203.0.113.8')).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
