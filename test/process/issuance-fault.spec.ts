import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { builtEntry, childEnv } from '../support/processes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

const N = 2000;

/**
 * The real worker process is killed (SIGKILL) in the middle of a batch of 2,000 credentials and
 * started again: the jobs it held expire and are retried, and the end state is exactly 2,000
 * credentials, each signed into its record once.
 */
describe('issuance survives a worker killed mid-batch', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  const workers: ChildProcess[] = [];

  const startWorker = (): ChildProcess => {
    const env = childEnv({
      NODE_ENV: 'test',
      DATABASE_URL: t.db.url,
      MIGRATIONS_RUN: 'false',
      PUBLIC_BASE_URL: t.config.http.publicBaseUrl,
      AUTH_TOKEN_SECRET: 'x'.repeat(40),
      SIGNING_MASTER_KEY: Buffer.from(t.config.signing.masterKey.reveal()).toString('base64'),
      ISSUANCE_BATCH_SIZE: '100',
      JOBS_POLLING_SECONDS: '1',
      JOBS_MAINTENANCE_SECONDS: '1',
    });
    const child = spawn(process.execPath, [builtEntry('worker')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    // This process only queues (no consumer here); jobs expire 8 s after a worker took them.
    t = await createTestApp({ env: { JOBS_IN_PROCESS: 'false', JOBS_EXPIRE_SECONDS: '8' } });
    cohort = await cohortWithParticipants(t, { slug: 'fault', participants: N });
    await complete(
      t,
      cohort,
      cohort.participants.map((p) => p.email),
    );
  }, 180_000);
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await t.close();
  });

  const states = () => credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId);

  it('queues 2,000, kills the worker mid-batch, restarts it: exactly 2,000 credentials, none issued twice', async () => {
    expect(await states()).toEqual({ queued: N });
    const first = startWorker();
    await waitUntil(async () => ((await states())['active'] ?? 0) >= 300, 'the first worker has signed some', 120_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = await states();
    const [held] = await t.dataSource.query<Array<{ n: string }>>(
      "select count(*) as n from pgboss.job where name = 'credentials.issue' and state = 'active'",
    );
    // Killed part-way: some signed, some still queued, and jobs left in the dead worker's hands.
    expect(atKill['active']).toBeGreaterThan(0);
    expect(atKill['queued']).toBeGreaterThan(0);
    expect(Number(held.n)).toBeGreaterThan(0);

    startWorker();
    await waitUntil(async () => (await states())['active'] === N, 'all 2,000 are issued after the restart', 180_000);
    await waitUntil(
      async () =>
        Number(
          (
            await t.dataSource.query<Array<{ n: string }>>(
              "select count(*) as n from pgboss.job where name = 'credentials.issue' and state = 'completed'",
            )
          )[0].n,
        ) === N,
      'every job is completed',
      // The dead worker's jobs come back only when they expire (JOBS_EXPIRE_SECONDS) and are
      // retried with back-off; on a loaded machine (the whole suite in parallel) a batch can
      // outlast its expiry and be retried again, so this is a generous bound, not a speed check.
      150_000,
    );
    expect(await states()).toEqual({ active: N });
    const [stats] = await t.dataSource.query<Array<{ rows: string; enrolments: string; indices: string; ids: string }>>(
      `select count(*) as rows, count(distinct enrolment_id) as enrolments,
              count(distinct (suspension_list_id, suspension_index)) as indices, count(distinct document->>'id') as ids
       from credentials where organisation_id = $1`,
      [cohort.orgId],
    );
    expect(stats).toEqual({ rows: String(N), enrolments: String(N), indices: String(N), ids: String(N) });
    const [issued] = await t.dataSource.query<Array<{ n: string; distinct: string }>>(
      "select count(*) as n, count(distinct entity_id) as distinct from audit_events where action = 'credential.issued' and organisation_id = $1",
      [cohort.orgId],
    );
    expect(issued).toEqual({ n: String(N), distinct: String(N) });
  }, 480_000);
});
