import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('health and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live and ready on a migrated database', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } });
  });

  it('serves Prometheus metrics to the monitor role only', async () => {
    await t.app.inject({ method: 'GET', url: '/health/live' });
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const learner = await t.signedIn('learner');
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: learner.headers })).statusCode).toBe(403);
    const monitor = await t.signedIn('monitor');
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: monitor.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    // The 401 and 403 above were counted by their problem code.
    expect(res.body).toMatch(/http_problems_total\{code="unauthenticated"\} [1-9]/);
    expect(res.body).toMatch(/http_problems_total\{code="forbidden"\} [1-9]/);
  });

  it('tells how busy the verifying threads are, and counts every proof back when they are done', async () => {
    const monitor = await t.signedIn('monitor');
    const gauges = async () => {
      const body = (await t.app.inject({ method: 'GET', url: '/metrics', headers: monitor.headers })).body;
      const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(body)?.[1] ?? NaN);
      return { waiting: value('verification_proofs_waiting'), inThreads: value('verification_proofs_in_threads') };
    };
    expect(await gauges()).toEqual({ waiting: 0, inThreads: 0 });
    // Twenty credentials the service has not seen, verified at once; then nothing is left counted.
    const { signedCredential } = await import('../support/signed-credential.js');
    const credentials = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const id = `http://credentials.test/credentials/0f1d5f4e-7a55-4a3f-9c35-${String(i).padStart(12, '0')}`;
        return (await signedCredential({ id })).credential;
      }),
    );
    const answers = await Promise.all(
      credentials.map((credential) =>
        t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: credential } }),
      ),
    );
    expect(answers.map((a) => a.json<{ verified: boolean }>().verified)).toEqual(credentials.map(() => true));
    expect(await gauges()).toEqual({ waiting: 0, inThreads: 0 });
  });

  it('times requests the router refuses before any route (an unreadable percent-escape, a parameter too long)', async () => {
    const monitor = await t.signedIn('monitor');
    const count = async (status: string): Promise<number> => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: monitor.headers });
      const line = new RegExp(
        `http_request_duration_seconds_count\\{method="GET",route="unmatched",status_code="${status}"\\} (\\d+)`,
      );
      return Number(line.exec(res.body)?.[1] ?? 0);
    };
    const before = await count('400');
    expect((await t.app.inject({ method: 'GET', url: '/credentials/%E0' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/verify/${'a'.repeat(600)}` })).statusCode).toBe(400);
    expect(await count('400')).toBe(before + 2);
    // A request that reaches a route is counted under that route, not here.
    await t.app.inject({ method: 'GET', url: '/health/live' });
    expect(await count('400')).toBe(before + 2);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/auth/token', '/me', '/api-keys', '/health/ready', '/frameworks/{slug}']),
    );
    const ui = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('readiness on a database with pending migrations', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    t = await createTestApp({ db, env: { MIGRATIONS_RUN: 'false' } });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('answers 503 and names the failing check, while liveness stays 200', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'service_unavailable',
      checks: { database: { status: 'up' }, migrations: { status: 'down' } },
    });
  });
});
