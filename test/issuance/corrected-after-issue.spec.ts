import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IssuanceWorker } from '@app/issuance';
import { KeyStore } from '@app/signing';
import { portalSignIn } from '../support/portal-session.js';
import { cohortWithParticipants, complete, type EligibleCohort, type Who } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

interface Summary {
  id: string;
  accountId: string;
  enrolmentId: string;
  state: string;
  needsReview: boolean;
}

/**
 * Records corrected after a credential was issued, so that its holder no longer meets the
 * programme's rules: the credential is flagged for the organisation's review (not withdrawn by a
 * correction), no replacement is queued that could never be signed, and it no longer qualifies
 * its holder as a trainer.
 */
describe('records corrected after issue', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];
  const list = (query = '') => t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials${query}`, cohort.admin);
  const recordOf = (n: number) => records.find((r) => r.enrolmentId === cohort.participants[n].enrolmentId)!;
  const holder = async (n: number): Promise<Who> => ({
    accountId: cohort.participants[n].accountId,
    ...(await t.tokenFor(cohort.participants[n].accountId)),
  });

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'corrected', participants: 3, assessed: true });
    await complete(
      t,
      cohort,
      cohort.participants.map((p) => p.email),
      80,
    );
    await waitUntil(async () => {
      records = await list();
      return records.length === 3 && records.every((r) => r.state === 'active');
    }, 'three credentials are active');
  });
  afterAll(() => t.close());

  it('flags an issued credential whose holder failed a corrected assessment, and audits it', async () => {
    expect(records.every((r) => !r.needsReview)).toBe(true);
    expect(await list('?needsReview=true')).toEqual([]);
    // The assessment (80) is corrected after issue to a score below the pass mark (60).
    const recorded = await t.call<Array<{ id: string; kind: string }>>(
      'GET',
      `/enrolments/${cohort.participants[0].enrolmentId}/records`,
      cohort.admin,
    );
    const assessment = recorded.find((r) => r.kind === 'assessment')!;
    await t.call(
      'POST',
      `/cohorts/${cohort.cohortId}/records`,
      cohort.trainer,
      {
        enrolmentId: cohort.participants[0].enrolmentId,
        kind: 'assessment',
        module: 'M1',
        score: 30,
        supersedes: assessment.id,
        reason: 'Marked against the wrong key',
      },
      201,
    );
    const progress = await t.call<{ eligible: boolean }>(
      'GET',
      `/enrolments/${cohort.participants[0].enrolmentId}/progress`,
      cohort.admin,
    );
    expect(progress.eligible).toBe(false);
    const flagged = await list('?needsReview=true');
    expect(flagged.map((r) => r.id)).toEqual([recordOf(0).id]);
    expect(flagged[0]).toMatchObject({ state: 'active', needsReview: true });
    expect((await list('?needsReview=false')).map((r) => r.id).sort()).toEqual([recordOf(1).id, recordOf(2).id].sort());
    expect(await t.call<Summary>('GET', `/credentials/${recordOf(0).id}/record`, await holder(0))).toMatchObject({
      needsReview: true,
    });
    const audit = await t.dataSource.query(
      `SELECT entity_id AS "entityId", organisation_id AS "organisationId" FROM audit_events WHERE action = 'credential.holder_no_longer_eligible'`,
    );
    expect(audit).toEqual([{ entityId: recordOf(0).id, organisationId: cohort.orgId }]);
    // The portal's administration page marks it (and only it).
    const admin = await (await portalSignIn(t, cohort.admin.accountId)).get('/portal/admin');
    expect(admin.body.match(/data-needs-review/g)).toHaveLength(1);
    expect(admin.body).toMatch(new RegExp(`data-credential="${recordOf(0).id}"(?:(?!</tr>).)*data-needs-review`));
    // Not a flag value.
    const bad = await t.app.inject({
      method: 'GET',
      url: `/organisations/${cohort.orgId}/credentials?needsReview=maybe`,
      headers: cohort.admin.headers,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses to re-issue it (a replacement could never be signed), and changes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/credentials/${recordOf(0).id}/reissue`,
      headers: cohort.admin.headers,
      payload: { reason: 'Name corrected' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: string }>().detail).toContain('no longer meet');
    const after = await list();
    expect(after).toHaveLength(3);
    expect(after.find((r) => r.id === recordOf(0).id)).toMatchObject({ state: 'active' });
    // A holder still eligible is re-issued as before.
    const renewed = await t.call<Summary>(
      'POST',
      `/credentials/${recordOf(1).id}/reissue`,
      cohort.admin,
      { reason: 'Name corrected' },
      201,
    );
    await waitUntil(
      async () => (await t.call<Summary>('GET', `/credentials/${renewed.id}/record`, cohort.admin)).state === 'active',
      'the replacement is signed',
    );
  });

  it('a batch with nothing left to sign finishes (it used to fail on an empty key lookup and retry for ever)', async () => {
    expect(await t.app.get(KeyStore).signMany([])).toEqual([]);
    // A job for a credential no longer queued (here active): nothing to build, nothing to sign.
    await expect(t.app.get(IssuanceWorker).process([recordOf(2).id])).resolves.toMatchObject({ signed: 0, skipped: 1 });
  });

  it('no longer qualifies its holder as a trainer of a programme that requires it', async () => {
    // A course whose trainers must have earned the workshop's credential (train-the-trainer).
    const courseId = (
      await t.call<{ id: string }>(
        'POST',
        `/organisations/${cohort.orgId}/programmes`,
        cohort.admin,
        {
          slug: 'ai-course',
          name: { en: 'AI course for learners' },
          description: { en: 'Given by trained teachers.' },
          criteria: { en: 'Complete the module.' },
          achievementType: 'Certificate',
          minAttendancePercent: 80,
          passMark: 60,
          issuanceMode: 'automatic',
          requiredTrainerProgrammeId: cohort.programmeId,
          modules: [{ code: 'C1', title: { en: 'Coding' }, contactHours: 4, competencies: ['3.1'] }],
        },
        201,
      )
    ).id;
    const cohortId = (
      await t.call<{ id: string }>(
        'POST',
        '/cohorts',
        cohort.admin,
        { programmeId: courseId, name: 'Course 1', startsOn: '2026-03-02', endsOn: '2026-03-27', mode: 'online', language: 'en' },
        201,
      )
    ).id;
    const assign = (n: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/cohorts/${cohortId}/trainers/${cohort.participants[n].accountId}`,
        headers: cohort.admin.headers,
      });
    // Participant 1 holds an active credential whose records no longer meet the rules.
    const refused = await assign(0);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ code: string }>().code).toBe('trainer_not_qualified');
    // Participant 3's credential stands.
    expect((await assign(2)).statusCode).toBe(204);
  });
});
