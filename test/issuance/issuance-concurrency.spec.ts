import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SYSTEM_ACTOR } from '@app/audit';
import { LearningEvents, type EnrolmentEligible } from '@app/learning';
import { cohortWithParticipants, type EligibleCohort } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

const N = 1000;

/**
 * 1,000 credentials from parallel events: a trainer's records arrive 32 at a time, and each
 * eligibility event is also delivered a second time, concurrently, straight to the issuance
 * handler (as a retried or duplicated event would be). One credential per enrolment, 1,000
 * distinct status indices.
 */
describe('issuance under concurrent events', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'concurrent', participants: N, cohorts: 10 });
  }, 120_000);
  afterAll(() => t.close());

  it('issues exactly 1,000 credentials with 1,000 distinct status indices, none twice for an enrolment', async () => {
    const events = t.app.get(LearningEvents);
    const [{ version }] = await t.dataSource.query<Array<{ version: string }>>(
      'select programme_version_id as version from cohorts where id = $1',
      [cohort.cohortId],
    );
    const duplicate = (p: EligibleCohort['participants'][number]): Promise<void> =>
      t.dataSource.transaction(async (em) => {
        // The same event again, in a transaction of its own: the partial unique index settles it.
        const [row] = await em.query<Array<{ eligible_at: Date | null }>>('select eligible_at from enrolments where id = $1', [
          p.enrolmentId,
        ]);
        if (!row?.eligible_at) return;
        const event: EnrolmentEligible = {
          enrolmentId: p.enrolmentId,
          cohortId: p.cohortId,
          accountId: p.accountId,
          programmeVersionId: version,
          eligibleAt: row.eligible_at,
        };
        await events.eligibilityChanged(em, SYSTEM_ACTOR, { eligible: [event], ineligible: [] });
      });
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < N) {
        // Round robin over the cohorts, so that transactions of different cohorts run side by side.
        const i = next++;
        const p = cohort.participants[(i % 10) * (N / 10) + Math.floor(i / 10)];
        const res = await t.app.inject({
          method: 'POST',
          url: `/cohorts/${p.cohortId}/records`,
          headers: cohort.trainer.headers,
          payload: { enrolmentId: p.enrolmentId, kind: 'module_completion', module: 'M1', date: '2026-01-30' },
        });
        expect(res.statusCode).toBe(201);
        await duplicate(p);
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));

    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === N,
      `${N} credentials are issued`,
      240_000,
    );
    const [stats] = await t.dataSource.query<Array<{ rows: string; enrolments: string; indices: string }>>(
      `select count(*) as rows, count(distinct enrolment_id) as enrolments,
              count(distinct (suspension_list_id, suspension_index)) as indices
       from credentials where organisation_id = $1`,
      [cohort.orgId],
    );
    expect(stats).toEqual({ rows: String(N), enrolments: String(N), indices: String(N) });
    const [issued] = await t.dataSource.query<Array<{ n: string }>>(
      "select count(*) as n from audit_events where action = 'credential.issued' and organisation_id = $1",
      [cohort.orgId],
    );
    expect(Number(issued.n)).toBe(N);
    // Every signed document carries its own record's index.
    const mismatched = await t.dataSource.query(
      `select id from credentials where organisation_id = $1
         and (document->'credentialStatus'->>'statusListIndex')::int <> suspension_index`,
      [cohort.orgId],
    );
    expect(mismatched).toEqual([]);
  }, 300_000);
});
