import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { builtEntry, childEnv, freePort, run, startService, type Service } from '../support/processes.js';

/**
 * What a newcomer does: start the built service with no DATABASE_URL. It must start its own
 * PostgreSQL under DATA_DIR, migrate, load demo data, serve the docs; the CLI must work next to
 * it and without it; and a restart must find the data again.
 */
describe('first start on the embedded database (real processes)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cft-first-start-'));
  // As root the embedded server runs as the postgres user, which must reach DATA_DIR.
  chmodSync(dataDir, 0o755);
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, serves, works with the CLI alongside and alone, and keeps its data across a restart', async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const env = childEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(pgPort),
      NODE_ENV: 'development',
    });

    service = await startService(env, port);
    expect(service.output()).toContain('embedded PostgreSQL');
    expect(service.output()).toMatch(/Demo admin token \(15 min\): ey/);
    const docs = await fetch(`${service.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    const programmes = (await (await fetch(`${service.baseUrl}/programmes`)).json()) as Array<{ slug: string }>;
    expect(programmes.map((p) => p.slug)).toContain('learner-coding-ai-course');

    // The CLI next to the running service, on the same embedded database.
    const alongside = await run(
      [builtEntry('cli'), 'admin:create', '--email', 'ops@ministry.test', '--password', 'a long ops password'],
      env,
    );
    expect(alongside.stderr).toBe('');
    expect(alongside.code).toBe(0);
    const token = /Access token[^\n]*\n(\S+)/.exec(alongside.stdout)![1];
    const me = await fetch(`${service.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'ops@ministry.test', grants: [{ role: 'platform_admin' }] });

    // SIGTERM: a clean stop exits 0, or 143 (128 + SIGTERM) when the exit hook re-raises it.
    const first = service;
    expect([0, 143]).toContain(await first.stop());
    service = undefined;
    // The embedded server is stopped after the application has closed, not under it: nothing
    // using the database saw its connection cut.
    expect(first.output()).not.toMatch(/"level":50|terminating connection|shutting down/);

    // The CLI alone: it starts the embedded server itself.
    const alone = await run([builtEntry('cli'), 'admin:create', '--email', 'second@ministry.test'], env);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/Password \(shown once\): \S{12,}/);

    service = await startService(env, port);
    const signIn = await fetch(`${service.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@ministry.test', password: 'a long ops password' }),
    });
    expect(signIn.status).toBe(200);
    const accounts = (await (
      await fetch(`${service.baseUrl}/accounts`, {
        headers: { authorization: `Bearer ${((await signIn.json()) as { accessToken: string }).accessToken}` },
      })
    ).json()) as { items: Array<{ email: string }> };
    expect(accounts.items.map((a) => a.email)).toEqual(
      expect.arrayContaining(['ops@ministry.test', 'second@ministry.test', 'admin@demo.local']),
    );
    // Demo data is loaded once, not again on restart.
    const orgs = (await (await fetch(`${service.baseUrl}/organisations`)).json()) as unknown[];
    expect(orgs).toHaveLength(2);
  }, 180_000);
});

describe('a bad configuration', () => {
  it('stops the start with a clear message and a non-zero exit, before touching anything', async () => {
    const result = await run([builtEntry('api')], childEnv({ PORT: 'eighty', NODE_ENV: 'production' }));
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT: must be an integer');
    expect(result.stderr).toContain('DATABASE_URL: required when NODE_ENV=production');
    expect(result.stdout).toBe('');
  });

  it('the CLI refuses a bad argument with a clear message', async () => {
    const result = await run([builtEntry('cli'), 'admin:create', '--email', 'not-an-email'], childEnv({}));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('not an email address');
  });
});
