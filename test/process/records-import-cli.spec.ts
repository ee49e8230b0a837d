import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { builtEntry, childEnv, run } from '../support/processes.js';

/** `npm run cli -- records:import`: the real CLI on the real database, with a 10,000-row file. */
describe('records:import (the built CLI)', () => {
  let t: TestApp;
  let cohortId: string;
  const dir = mkdtempSync(join(tmpdir(), 'cft-import-'));
  const LEARNERS = 500;
  const CLASSES = 20;

  beforeAll(async () => {
    t = await createTestApp();
    const call = <T>(
      method: string,
      url: string,
      headers: { authorization: string },
      payload: unknown,
      status: number,
    ): Promise<T> => t.call<T>(method, url, { headers }, payload, status);

    const platform = await t.signedIn('platform_admin');
    const orgId = (
      await call<{ id: string }>('POST', '/organisations', platform.headers, { slug: 'cli-org', name: { en: 'CLI Org' } }, 201)
    ).id;
    const programmeId = (
      await call<{ id: string }>(
        'POST',
        `/organisations/${orgId}/programmes`,
        platform.headers,
        {
          slug: 'big',
          name: { en: 'Big course' },
          description: { en: 'x' },
          criteria: { en: 'x' },
          achievementType: 'Course',
          minAttendancePercent: 75,
          passMark: 50,
          issuanceMode: 'automatic',
          modules: [{ code: 'B1', title: { en: 'All of it' }, contactHours: CLASSES * 2 }],
        },
        201,
      )
    ).id;
    cohortId = (
      await call<{ id: string }>(
        'POST',
        '/cohorts',
        platform.headers,
        { programmeId, name: 'Big', startsOn: '2026-01-05', endsOn: '2026-06-30', mode: 'blended', language: 'en' },
        201,
      )
    ).id;
    await t.signedIn('learner', 'cli.trainer@school.test');
    const [trainer] = await t.dataSource.query<Array<{ id: string }>>(
      "select id from accounts where email = 'cli.trainer@school.test'",
    );
    await call('PUT', `/cohorts/${cohortId}/trainers/${trainer.id}`, platform.headers, undefined, 204);
    const participants = Array.from({ length: LEARNERS }, (_, i) => ({
      email: `l${i}@big.test`,
      displayName: `L ${i}`,
      role: 'learner',
    }));
    await call('POST', `/cohorts/${cohortId}/enrolments`, platform.headers, { participants }, 201);
    for (let c = 0; c < CLASSES; c++) {
      const day = new Date(Date.UTC(2026, 0, 5 + c)).toISOString().slice(0, 10);
      await call('POST', `/cohorts/${cohortId}/sessions`, platform.headers, { module: 'B1', heldOn: day, hours: 2 }, 201);
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (file: string, ...extra: string[]) =>
    run(
      [builtEntry('cli'), 'records:import', '--cohort', cohortId, '--file', file, '--as', 'cli.trainer@school.test', ...extra],
      childEnv({ DATABASE_URL: t.db.url }),
      120_000,
    );

  it('imports 10,000 rows with a progress bar, and all participants’ hours are right', async () => {
    const lines = ['email,module,kind,date,hours'];
    for (let i = 0; i < LEARNERS; i++) {
      for (let c = 0; c < CLASSES; c++)
        lines.push(`l${i}@big.test,B1,attendance,${new Date(Date.UTC(2026, 0, 5 + c)).toISOString().slice(0, 10)},2`);
    }
    expect(lines.length - 1).toBe(10_000);
    const file = join(dir, 'big.csv');
    writeFileSync(file, lines.join('\n'));
    const result = await cli(file);
    expect(result.stdout).toContain('10000 rows: 10000 applied, 0 unchanged, 0 refused; 500 participants became eligible.');
    expect(result.stderr).toContain('importing [');
    expect(result.code).toBe(0);
    const [row] = await t.dataSource.query<Array<{ n: string; hours: string }>>(
      "select count(*) as n, sum(hours) as hours from learning_records where kind = 'attendance'",
    );
    expect(Number(row.n)).toBe(10_000);
    expect(Number(row.hours)).toBe(20_000);

    const again = await cli(file);
    expect(again.stdout).toContain('imported into this cohort before; nothing changed');
    expect(again.code).toBe(0);
    const [after] = await t.dataSource.query<Array<{ n: string }>>(
      "select count(*) as n from learning_records where kind = 'attendance'",
    );
    expect(Number(after.n)).toBe(10_000);
  }, 180_000);

  it('refuses a bad cohort id and an account that does not train the cohort, with exit code 2', async () => {
    const notUuid = await run(
      [builtEntry('cli'), 'records:import', '--cohort', 'cohort-1', '--file', 'x.csv', '--as', 'cli.trainer@school.test'],
      childEnv({ DATABASE_URL: t.db.url }),
    );
    expect(notUuid.code).not.toBe(0);
    expect(notUuid.stderr).toContain('not a cohort id');
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'email,module,kind,date,hours\nl1@big.test,B1,attendance,2026-01-05,2\n');
    const stranger = await run(
      [builtEntry('cli'), 'records:import', '--cohort', cohortId, '--file', file, '--as', 'l1@big.test'],
      childEnv({ DATABASE_URL: t.db.url }),
    );
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain('is not a trainer of cohort');
  });

  it('refuses a file with bad rows, listing them, exit code 1, nothing written', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'email,module,kind,date,hours\nnobody@big.test,B1,attendance,2026-01-05,2\nl1@big.test,B1,attendance,2026-01-05,=2+2\n',
    );
    const before = await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from learning_records');
    const result = await cli(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2: nobody@big.test is not enrolled');
    expect(result.stderr).toContain('line 3: Column hours starts with "="');
    expect(await t.dataSource.query('select count(*) as n from learning_records')).toEqual(before);
  });
});
