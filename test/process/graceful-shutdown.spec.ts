import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { childEnv, freePort, startService } from '../support/processes.js';

/** On SIGTERM (a deploy, a scale-down) the API finishes what it started before it exits. */
describe('graceful shutdown (real process, DATABASE_URL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('answers every request in flight, then exits', async () => {
    const port = await freePort();
    const service = await startService(
      childEnv({
        DATABASE_URL: db.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_TOKEN_SECRET: 'x'.repeat(40),
        DEMO_DATA: 'false',
      }),
      port,
    );
    // Sign-ins are slow on purpose (argon2id), so these are still running when SIGTERM arrives.
    const inFlight = Array.from({ length: 20 }, () =>
      fetch(`${service.baseUrl}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@school.test', password: 'some password' }),
      }).then((r) => r.status),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const exit = service.stop();
    const statuses = await Promise.allSettled(inFlight);
    expect(statuses.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual(Array(20).fill(401));
    // Nest closes everything, then re-raises the signal: the process ends "killed by SIGTERM"
    // after a clean close (a hang would time out here instead).
    expect(await exit).toBe('SIGTERM');
  }, 60_000);
});
