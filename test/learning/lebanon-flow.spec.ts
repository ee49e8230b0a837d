import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkOpenBadgeSchema } from '@app/credentials';
import { LearningEvents, type EnrolmentEligible } from '@app/learning';
import { stockVerify } from '../support/stock-verify.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

type Auth = { headers: { authorization: string }; accountId: string };

/**
 * The Lebanon coding-and-AI flow, end to end on the real database and the real API: an admin
 * sets up the teacher workshop and the 40-hour learner course it enables; a trainer runs the
 * workshop for three teachers; one becomes eligible, one misses hours (the unmet condition is
 * named); only the eligible one may train a 40-hour cohort; a CSV of 40 hours for 25 learners is
 * imported and their progress is right.
 */
describe('the Lebanon flow', () => {
  let t: TestApp;
  let admin: Auth;
  let workshopTrainer: Auth;
  let orgId: string;
  let workshopId: string;
  let courseId: string;
  let workshopCohort: string;
  const teachers: Record<'rana' | 'elie' | 'maya', { enrolmentId: string; accountId: string; email: string }> = {} as never;
  const eligibleEvents: EnrolmentEligible[] = [];

  const call = <T = unknown>(method: string, url: string, who: Auth | undefined, payload?: unknown, status = 200): Promise<T> =>
    t.call<T>(method, url, who, payload, status);

  beforeAll(async () => {
    t = await createTestApp();
    t.app.get(LearningEvents).onEligible((e) => {
      eligibleEvents.push(e);
    });
    const platform = await t.signedIn('platform_admin');
    orgId = (
      await call<{ id: string }>(
        'POST',
        '/organisations',
        platform,
        { slug: 'lebanon', name: { en: 'Lebanon Coding and AI' } },
        201,
      )
    ).id;
    admin = await t.signedIn([{ role: 'org_admin', organisationId: orgId }]);
    workshopTrainer = await t.signedIn('learner');
  });
  afterAll(() => t.close());

  it('1. the admin creates the workshop and the 40-hour course that requires it of its trainers', async () => {
    workshopId = (
      await call<{ id: string }>(
        'POST',
        `/organisations/${orgId}/programmes`,
        admin,
        {
          slug: 'teacher-ai-workshop',
          name: { en: 'Teaching Coding and AI', ar: 'تعليم البرمجة والذكاء الاصطناعي' },
          description: { en: 'A 20-hour workshop.' },
          criteria: { en: 'Attend 80% of every module; pass the practice teaching.' },
          achievementType: 'MicroCredential',
          minAttendancePercent: 80,
          passMark: 70,
          issuanceMode: 'automatic',
          modules: [
            { code: 'W1', title: { en: 'AI foundations' }, contactHours: 8, competencies: ['3.1'] },
            { code: 'W2', title: { en: 'Ethics and safe use' }, contactHours: 4, competencies: ['2.1', '2.2'] },
            { code: 'W3', title: { en: 'Teaching the course' }, contactHours: 8, assessed: true, competencies: ['4.1'] },
          ],
        },
        201,
      )
    ).id;
    courseId = (
      await call<{ id: string; totalContactHours: number }>(
        'POST',
        `/organisations/${orgId}/programmes`,
        admin,
        {
          slug: 'learner-coding-ai-course',
          name: { en: 'Coding and AI: 40-hour Course' },
          description: { en: 'For school learners.' },
          criteria: { en: 'Attend 75% of the hours and pass the final project.' },
          achievementType: 'CertificateOfCompletion',
          minAttendancePercent: 75,
          passMark: 50,
          issuanceMode: 'automatic',
          requiredTrainerProgrammeId: workshopId,
          modules: [
            { code: 'C1', title: { en: 'Computational thinking' }, contactHours: 8 },
            { code: 'C2', title: { en: 'Programming basics' }, contactHours: 12 },
            { code: 'C3', title: { en: 'What is AI?' }, contactHours: 8, competencies: ['3.1'] },
            { code: 'C4', title: { en: 'Responsible AI' }, contactHours: 4 },
            { code: 'C5', title: { en: 'Final project' }, contactHours: 8, assessed: true },
          ],
        },
        201,
      )
    ).id;
    expect((await call<{ totalContactHours: number }>('GET', `/programmes/${courseId}`, undefined)).totalContactHours).toBe(40);
  });

  it('2. a trainer runs the workshop for three teachers', async () => {
    workshopCohort = (
      await call<{ id: string }>(
        'POST',
        '/cohorts',
        admin,
        {
          programmeId: workshopId,
          name: 'Beirut workshop',
          startsOn: '2026-02-02',
          endsOn: '2026-02-06',
          mode: 'in_person',
          place: 'Beirut',
          language: 'ar',
        },
        201,
      )
    ).id;
    await call('PUT', `/cohorts/${workshopCohort}/trainers/${workshopTrainer.accountId}`, admin, undefined, 204);
    const enrolled = await call<Array<{ id: string; accountId: string; email: string }>>(
      'POST',
      `/cohorts/${workshopCohort}/enrolments`,
      workshopTrainer,
      {
        participants: [
          { email: 'rana@school.lb', displayName: 'Rana Haddad', role: 'teacher' },
          { email: 'elie@school.lb', displayName: 'Élie Saab', role: 'teacher' },
          { email: 'maya@school.lb', displayName: 'Maya Nasser', role: 'teacher' },
        ],
      },
      201,
    );
    for (const [i, name] of (['rana', 'elie', 'maya'] as const).entries()) {
      teachers[name] = { enrolmentId: enrolled[i].id, accountId: enrolled[i].accountId, email: `${name}@school.lb` };
    }
    for (const [module, day, hours] of [
      ['W1', '2026-02-02', 4],
      ['W1', '2026-02-03', 4],
      ['W2', '2026-02-04', 4],
      ['W3', '2026-02-05', 8],
    ] as const) {
      await call('POST', `/cohorts/${workshopCohort}/sessions`, workshopTrainer, { module, heldOn: day, hours }, 201);
    }
    const attend = (who: keyof typeof teachers, module: string, date: string, hours: number) =>
      call(
        'POST',
        `/cohorts/${workshopCohort}/records`,
        workshopTrainer,
        { enrolmentId: teachers[who].enrolmentId, kind: 'attendance', module, date, hours },
        201,
      );
    for (const who of ['rana', 'elie', 'maya'] as const) {
      await attend(who, 'W1', '2026-02-02', 4);
      await attend(who, 'W1', '2026-02-03', 4);
      await attend(who, 'W3', '2026-02-05', 8);
    }
    await attend('rana', 'W2', '2026-02-04', 4);
    await attend('elie', 'W2', '2026-02-04', 1.5); // left early: 1.5 of the 3.2 hours needed
    await attend('maya', 'W2', '2026-02-04', 4);
    const assess = (who: keyof typeof teachers, score: number) =>
      call(
        'POST',
        `/cohorts/${workshopCohort}/records`,
        workshopTrainer,
        { enrolmentId: teachers[who].enrolmentId, kind: 'assessment', module: 'W3', score },
        201,
      );
    await assess('rana', 85);
    await assess('elie', 90);
    await assess('maya', 55);
  });

  it('3. the one who completed is eligible (event after commit); the one short of hours is not, and the condition is named', async () => {
    const rana = await call<{ eligible: boolean; hoursDone: number; hoursRequired: number; enrolment: { status: string } }>(
      'GET',
      `/enrolments/${teachers.rana.enrolmentId}/progress`,
      workshopTrainer,
    );
    expect(rana).toMatchObject({ eligible: true, hoursDone: 20, hoursRequired: 20, enrolment: { status: 'completed' } });

    const elie = await call<{ eligible: boolean; unmet: Array<Record<string, unknown>> }>(
      'GET',
      `/enrolments/${teachers.elie.enrolmentId}/progress`,
      admin,
    );
    expect(elie.eligible).toBe(false);
    expect(elie.unmet).toEqual([
      expect.objectContaining({ code: 'attendance', module: 'W2', requiredHours: 3.2, attendedHours: 1.5 }),
    ]);

    const maya = await call<{ eligible: boolean; unmet: Array<Record<string, unknown>> }>(
      'GET',
      `/enrolments/${teachers.maya.enrolmentId}/progress`,
      admin,
    );
    expect(maya.unmet).toEqual([expect.objectContaining({ code: 'assessment_failed', module: 'W3', score: 55, passMark: 70 })]);

    await new Promise((resolve) => setImmediate(resolve));
    expect(eligibleEvents.map((e) => e.enrolmentId)).toEqual([teachers.rana.enrolmentId]);
    const [audit] = await t.dataSource.query<Array<{ n: string }>>(
      "select count(*) as n from audit_events where action = 'enrolment.eligible'",
    );
    expect(Number(audit.n)).toBe(1);
  });

  let courseCohort: string;
  it('4. only the teacher who holds the workshop credential is accepted as trainer of a 40-hour learner cohort', async () => {
    // Issued in the background (job queue, signing threads); the train-the-trainer check wants it active.
    await waitUntil(
      async () => (await credentialStates((sql, p) => t.dataSource.query(sql, p), orgId))['active'] === 1,
      "Rana's workshop credential is issued",
    );
    courseCohort = (
      await call<{ id: string }>(
        'POST',
        '/cohorts',
        admin,
        {
          programmeId: courseId,
          name: 'Tripoli, grade 9',
          startsOn: '2026-03-02',
          endsOn: '2026-04-30',
          mode: 'in_person',
          language: 'ar',
        },
        201,
      )
    ).id;
    await call('PUT', `/cohorts/${courseCohort}/trainers/${teachers.rana.accountId}`, admin, undefined, 204);
    for (const who of ['elie', 'maya'] as const) {
      const refused = await t.app.inject({
        method: 'PUT',
        url: `/cohorts/${courseCohort}/trainers/${teachers[who].accountId}`,
        headers: admin.headers,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'trainer_not_qualified',
        detail: expect.stringContaining('Teaching Coding and AI'),
      });
    }
    const trainers = await call<Array<{ accountId: string }>>('GET', `/cohorts/${courseCohort}/trainers`, admin);
    expect(trainers.map((x) => x.accountId)).toEqual([teachers.rana.accountId]);
  });

  it('5. a CSV with 40 hours for 25 learners is imported and their progress is right; importing it again changes nothing', async () => {
    const rana: Auth = { accountId: teachers.rana.accountId, headers: (await t.tokenFor(teachers.rana.accountId)).headers };
    const learners = Array.from({ length: 25 }, (_, i) => ({
      email: `learner${i + 1}@school.lb`,
      displayName: `Learner ${i + 1}`,
      role: 'learner',
    }));
    await call('POST', `/cohorts/${courseCohort}/enrolments`, rana, { participants: learners }, 201);
    const classes: Array<[string, string, number]> = [
      ['C1', '2026-03-02', 4],
      ['C1', '2026-03-03', 4],
      ['C2', '2026-03-09', 4],
      ['C2', '2026-03-10', 4],
      ['C2', '2026-03-11', 4],
      ['C3', '2026-03-16', 4],
      ['C3', '2026-03-17', 4],
      ['C4', '2026-03-23', 4],
      ['C5', '2026-03-30', 4],
      ['C5', '2026-03-31', 4],
    ];
    for (const [module, heldOn, hours] of classes)
      await call('POST', `/cohorts/${courseCohort}/sessions`, rana, { module, heldOn, hours }, 201);
    const lines = ['email,module,kind,date,hours,score'];
    for (const l of learners) {
      for (const [module, date, hours] of classes) lines.push(`${l.email},${module},attendance,${date},${hours},`);
      lines.push(`${l.email},C5,assessment,,,${l.email === 'learner25@school.lb' ? 40 : 78}`);
    }
    const csv = `${lines.join('\n')}\n`;
    const upload = () =>
      t.app.inject({
        method: 'POST',
        url: `/cohorts/${courseCohort}/records/import`,
        headers: { ...rana.headers, 'content-type': 'text/csv' },
        payload: csv,
      });
    const first = await upload();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      rows: 275,
      applied: 275,
      unchanged: 0,
      rejected: 0,
      eligible: 24,
      alreadyImported: false,
    });

    const progress = await call<
      Array<{ enrolment: { email: string }; hoursDone: number; hoursRequired: number; eligible: boolean; unmet: unknown[] }>
    >('GET', `/cohorts/${courseCohort}/enrolments`, admin);
    expect(progress).toHaveLength(25);
    expect(progress.every((p) => p.hoursDone === 40 && p.hoursRequired === 40)).toBe(true);
    expect(progress.filter((p) => p.eligible)).toHaveLength(24);
    expect(progress.find((p) => p.enrolment.email === 'learner25@school.lb')!.unmet).toEqual([
      expect.objectContaining({ code: 'assessment_failed', module: 'C5', score: 40, passMark: 50 }),
    ]);

    const count = async () =>
      Number((await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from learning_records'))[0].n);
    const before = await count();
    const again = await upload();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ alreadyImported: true, applied: 275 });
    expect(await count()).toBe(before);
  });

  it('6. it ends in signed credentials: 1 teacher and 24 learners, each verifying with @digitalbazaar/vc and only the project’s loader', async () => {
    await waitUntil(
      async () => (await credentialStates((sql, p) => t.dataSource.query(sql, p), orgId))['active'] === 25,
      'the 24 learner credentials are issued',
    );
    const learner1 = await t.dataSource.query<Array<{ id: string }>>(
      "select id from accounts where email = 'learner1@school.lb'",
    );
    const learner = await t.tokenFor(learner1[0].id);
    const mine = await call<Array<{ id: string; state: string; credentialId: string }>>('GET', '/me/credentials', {
      ...learner,
      accountId: '',
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'active' });
    const credential = await call<Record<string, any>>('GET', `/credentials/${mine[0].id}`, { ...learner, accountId: '' }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(credential).toMatchObject({
      id: mine[0].credentialId,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'did:web:credentials.test:organisations:lebanon' },
      credentialSubject: {
        identifier: expect.arrayContaining([expect.objectContaining({ identityType: 'name', identityHash: 'Learner 1' })]),
        achievement: { contactHours: 40, inLanguage: 'ar' },
        result: [expect.objectContaining({ value: '78' })],
      },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
      proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' }],
    });
    expect(checkOpenBadgeSchema(credential)).toEqual([]);

    // @digitalbazaar/vc itself, with the status check of @digitalbazaar/vc-bitstring-status-list and nothing but the project's loader.
    expect(await stockVerify(t, credential)).toEqual({ verified: true, statusSet: false });

    // Its JWT form verifies too, through the VC-API endpoint.
    const jwt = await t.app.inject({ method: 'GET', url: `/credentials/${mine[0].id}?format=jwt`, headers: learner.headers });
    expect(jwt.headers['content-type']).toMatch(/application\/vc\+jwt/);
    const verified = await call<{ verified: boolean; format: string; status: string }>(
      'POST',
      '/credentials/verify',
      { ...learner, accountId: '' },
      { verifiableCredential: jwt.body },
    );
    expect(verified).toMatchObject({ verified: true, format: 'vc+jwt', status: 'valid' });

    // The learner who failed the assessment has none; nobody has two.
    const [{ n }] = await t.dataSource.query<Array<{ n: string }>>(
      "select count(*) as n from credentials c join accounts a on a.id = c.account_id where a.email = 'learner25@school.lb'",
    );
    expect(Number(n)).toBe(0);
    const doubles = await t.dataSource.query('select enrolment_id from credentials group by enrolment_id having count(*) > 1');
    expect(doubles).toEqual([]);
  });
});
