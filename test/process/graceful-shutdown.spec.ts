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

  /** The API as a real process on the test database, with request logging on (off under NODE_ENV=test). */
  const startLogging = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    return startService(
      childEnv({
        DATABASE_URL: db.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        AUTH_TOKEN_SECRET: 'x'.repeat(40),
        DEMO_DATA: 'false',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        ...env,
      }),
      port,
    );
  };

  it('answers every request in flight, then exits', async () => {
    const service = await startLogging({ SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000' });
    // Sign-ins are slow on purpose (argon2id), so many are still running when SIGTERM arrives.
    const n = 40;
    const answeredAt: number[] = [];
    const inFlight = Array.from({ length: n }, () =>
      fetch(`${service.baseUrl}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@school.test', password: 'some password' }),
      }).then((r) => {
        answeredAt.push(performance.now());
        return r.status;
      }),
    );
    // SIGTERM only once the service has received every request ("incoming request" logged).
    const deadline = Date.now() + 30_000;
    while ((service.output().match(/"msg":"incoming request"/g) ?? []).length < n && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const killedAt = performance.now();
    const exit = service.stop();
    const statuses = await Promise.allSettled(inFlight);
    expect(statuses.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual(Array(n).fill(401));
    // The test is only meaningful if some answers came after the signal.
    expect(answeredAt.filter((t) => t > killedAt).length).toBeGreaterThan(0);
    // Nest closes everything, then re-raises the signal: the process ends "killed by SIGTERM"
    // after a clean close (a hang would time out here instead).
    expect(await exit).toBe('SIGTERM');
  }, 60_000);

  it('logs the completion of a request the router refuses before any route, with its status and id', async () => {
    const service = await startLogging();
    try {
      const res = await fetch(`${service.baseUrl}/credentials/%E0`);
      expect(res.status).toBe(400);
      const id = res.headers.get('x-request-id');
      expect(id).toBeTruthy();
      const completed = (): Array<Record<string, unknown>> =>
        service
          .output()
          .split('\n')
          .filter((line) => line.includes('"msg":"request completed"'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => line['requestId'] === id);
      const deadline = Date.now() + 5_000;
      while (completed().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(completed()).toEqual([
        expect.objectContaining({ res: expect.objectContaining({ statusCode: 400 }), responseTime: expect.any(Number) }),
      ]);
    } finally {
      await service.stop();
    }
  }, 60_000);
});
