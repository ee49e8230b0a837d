import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LearningEvents } from '@app/learning';
import { twoModuleProgramme } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Auth = { headers: { authorization: string }; accountId: string };

/** Every refusal is the documented 4xx and leaves the database as it was. */
describe('learning records: bad input, other people’s cohorts, corrections', () => {
  let t: TestApp;
  let admin: Auth;
  let trainerA: Auth;
  let trainerB: Auth;
  let cohortA: string;
  let cohortB: string;
  const enrolments: Record<string, string> = {};
  const learners: Record<string, Auth> = {};

  const call = <T = unknown>(method: string, url: string, who: Auth | undefined, payload?: unknown, status = 200): Promise<T> =>
    t.call<T>(method, url, who, payload, status);

  const state = async () =>
    (
      await t.dataSource.query<Array<{ records: string; imports: string }>>(
        'select (select count(*) from learning_records) as records, (select count(*) from record_imports) as imports',
      )
    )[0];
  const importCsv = (cohort: string, who: Auth, body: string | Buffer, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/cohorts/${cohort}/records/import${query}`,
      headers: { ...who.headers, 'content-type': 'text/csv' },
      payload: body,
    });

  beforeAll(async () => {
    t = await createTestApp();
    const made = await twoModuleProgramme(t, {
      slug: 'neg',
      modules: [
        ['M1', 4],
        ['M2', 2],
      ],
      minAttendancePercent: 75,
      issuanceMode: 'automatic',
    });
    admin = made.admin;
    const { programmeId } = made;
    trainerA = await t.signedIn('learner');
    trainerB = await t.signedIn('learner');
    const cohort = async (name: string, trainer: Auth) => {
      const id = (
        await call<{ id: string }>(
          'POST',
          '/cohorts',
          admin,
          { programmeId, name, startsOn: '2026-05-04', endsOn: '2026-05-08', mode: 'online', language: 'fr' },
          201,
        )
      ).id;
      await call('PUT', `/cohorts/${id}/trainers/${trainer.accountId}`, admin, undefined, 204);
      await call('POST', `/cohorts/${id}/sessions`, trainer, { module: 'M1', heldOn: '2026-05-04', hours: 2 }, 201);
      await call('POST', `/cohorts/${id}/sessions`, trainer, { module: 'M1', heldOn: '2026-05-05', hours: 2 }, 201);
      return id;
    };
    cohortA = await cohort('A', trainerA);
    cohortB = await cohort('B', trainerB);
    const enrolled = await call<Array<{ id: string; accountId: string }>>(
      'POST',
      `/cohorts/${cohortA}/enrolments`,
      trainerA,
      {
        participants: [
          { email: 'ana@school.test', displayName: 'Ana', role: 'learner' },
          { email: 'bilal@school.test', displayName: 'Bilal', role: 'learner' },
        ],
      },
      201,
    );
    enrolments['ana'] = enrolled[0].id;
    enrolments['bilal'] = enrolled[1].id;
    learners['ana'] = { accountId: enrolled[0].accountId, headers: (await t.tokenFor(enrolled[0].accountId)).headers };
    learners['bilal'] = { accountId: enrolled[1].accountId, headers: (await t.tokenFor(enrolled[1].accountId)).headers };
  });
  afterAll(() => t.close());

  describe('a malformed CSV is refused whole, with each bad row named, and changes nothing', () => {
    const header = 'email,module,kind,date,hours,score,note';
    it.each([
      [
        'wrong columns',
        'mail,module,kind\nana@school.test,M1,attendance\n',
        /missing column\(s\): email; unknown column\(s\): mail/,
      ],
      ['an empty file', '', /empty/],
      ['an unterminated quote', `${header}\n"ana@school.test,M1,attendance,2026-05-04,2,,\n`, /not valid CSV/],
    ])('%s', async (_case, csv, detail) => {
      const before = await state();
      const res = await importCsv(cohortA, trainerA, csv);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'csv_invalid', detail: expect.stringMatching(detail) });
      expect(await state()).toEqual(before);
    });

    it('bad encoding (Latin-1, not UTF-8)', async () => {
      const before = await state();
      const res = await importCsv(
        cohortA,
        trainerA,
        Buffer.from(`${header}\nana@school.test,M1,attendance,2026-05-04,2,,Présente\n`, 'latin1'),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json<{ detail: string }>().detail).toMatch(/not UTF-8/);
      expect(await state()).toEqual(before);
    });

    it.each([
      ['formula injection', `ana@school.test,M1,attendance,2026-05-04,2,,=cmd|'/C calc'!A0`, /formula/, 'formula'],
      ['formula injection in the email', `=HYPERLINK("http://x"),M1,attendance,2026-05-04,2,,`, /formula/, 'formula'],
      [
        'an unknown learner',
        `zoe@school.test,M1,attendance,2026-05-04,2,,`,
        /zoe@school.test is not enrolled/,
        'notEnrolledEmail',
      ],
      [
        'hours longer than the class',
        `ana@school.test,M1,attendance,2026-05-04,3,,`,
        /more than the class of M1 on 2026-05-04 lasted \(2 hours\)/,
        'hoursExceedSession',
      ],
      [
        'a class that does not exist',
        `ana@school.test,M1,attendance,2026-06-01,2,,`,
        /no class of module M1 on 2026-06-01/,
        'unknownSession',
      ],
      ['an unknown module', `ana@school.test,M9,attendance,2026-05-04,2,,`, /no module "M9"/, 'unknownModule'],
      ['a score over 100', `ana@school.test,M2,assessment,,,101,`, /score must be from 0 to 100/, 'numberRange'],
      ['an unknown kind', `ana@school.test,M1,presence,2026-05-04,2,,`, /kind must be one of/, 'kindUnknown'],
      ['a date that is not a day', `ana@school.test,M1,attendance,04/05/2026,2,,`, /date must be a day/, 'dateInvalid'],
    ])('%s', async (_case, row, reason, key) => {
      const before = await state();
      const res = await importCsv(cohortA, trainerA, `${header}\nbilal@school.test,M1,attendance,2026-05-04,2,,\n${row}\n`);
      expect(res.statusCode).toBe(422);
      const body = res.json<{ code: string; report: { errors: Array<{ line: number; reason: string }>; applied: number } }>();
      expect(body.code).toBe('csv_invalid');
      expect(body.report.applied).toBe(0);
      // In English, and as a phrase (a key and its values) that the portal says in French or Arabic.
      expect(body.report.errors).toEqual([
        { line: 3, reason: expect.stringMatching(reason), phrase: { key, values: expect.any(Object) } },
      ]);
      if (key === 'hoursExceedSession') {
        expect(body.report.errors[0]).toMatchObject({
          phrase: { values: { hours: 3, module: 'M1', date: '2026-05-04', sessionHours: 2 } },
        });
      }
      expect(await state()).toEqual(before);
    });

    it('duplicate rows: the repeat names the line it repeats', async () => {
      const before = await state();
      const row = 'ana@school.test,M1,attendance,2026-05-04,2,,';
      const res = await importCsv(
        cohortA,
        trainerA,
        `${header}\n${row}\nbilal@school.test,M1,attendance,2026-05-04,2,,\n${row}\n`,
      );
      expect(res.statusCode).toBe(422);
      expect(res.json<{ report: { errors: unknown[] } }>().report.errors).toEqual([
        { line: 4, reason: 'Repeats line 2.', phrase: { key: 'repeatsLine', values: { line: 2 } } },
      ]);
      // The same class with other hours is not a repeat but a conflict, and says so.
      const conflicting = await importCsv(
        cohortA,
        trainerA,
        `${header}
${row}
ana@school.test,M1,attendance,2026-05-04,1.5,,
`,
      );
      expect(conflicting.statusCode).toBe(422);
      expect(conflicting.json<{ report: { errors: unknown[] } }>().report.errors).toEqual([
        {
          line: 3,
          reason: expect.stringContaining('Line 2 already records attendance for this person and class, with another value'),
          phrase: { key: 'otherValueInFile', values: { line: 2, kind: 'attendance', of: 'class' } },
        },
      ]);
      expect(await state()).toEqual(before);
    });

    it('with partial=true, the good rows are applied and the bad ones reported', async () => {
      const res = await importCsv(
        cohortA,
        trainerA,
        `${header}\nana@school.test,M1,attendance,2026-05-04,2,,\nzoe@school.test,M1,attendance,2026-05-04,2,,\nbilal@school.test,M1,attendance,2026-05-04,5,,\n`,
        '?partial=true',
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ mode: 'partial', rows: 3, applied: 1, rejected: 2, errors: [{ line: 3 }, { line: 4 }] });
      const ana = await call<{ hoursDone: number }>('GET', `/enrolments/${enrolments['ana']}/progress`, learners['ana']);
      expect(ana.hoursDone).toBe(2);
    });

    it('a row that repeats what is already recorded changes nothing; a different value for it is refused', async () => {
      const same = await importCsv(cohortA, trainerA, `${header}\nana@school.test,M1,attendance,2026-05-04,2,,\n`);
      expect(same.json()).toMatchObject({ applied: 0, unchanged: 1 });
      const before = await state();
      const other = await importCsv(cohortA, trainerA, `${header}\nana@school.test,M1,attendance,2026-05-04,1.5,,\n`);
      expect(other.statusCode).toBe(422);
      expect(other.json<{ report: { errors: Array<{ reason: string }> } }>().report.errors[0].reason).toMatch(
        /already recorded as 2 hours/,
      );
      expect(await state()).toEqual(before);
    });
  });

  describe('access', () => {
    it('a trainer cannot write to another trainer’s cohort', async () => {
      const before = await state();
      const record = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortB}/records`,
        headers: trainerA.headers,
        payload: { enrolmentId: enrolments['ana'], kind: 'module_completion', module: 'M1' },
      });
      expect(record.statusCode).toBe(403);
      expect((await importCsv(cohortB, trainerA, 'email,module,kind\n')).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'GET', url: `/cohorts/${cohortB}/enrolments`, headers: trainerA.headers })).statusCode,
      ).toBe(403);
      expect(await state()).toEqual(before);
    });

    it('a trainer cannot record for someone enrolled in another cohort', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortB}/records`,
        headers: trainerB.headers,
        payload: { enrolmentId: enrolments['ana'], kind: 'module_completion', module: 'M1' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'not_enrolled' });
    });

    it('a teacher sees their own progress and records, not another’s (404), and not the history of corrections (403)', async () => {
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/enrolments/${enrolments['ana']}/progress`,
            headers: learners['ana'].headers,
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/enrolments/${enrolments['ana']}/progress`,
            headers: learners['bilal'].headers,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/enrolments/${enrolments['ana']}/records`,
            headers: learners['bilal'].headers,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/enrolments/${enrolments['ana']}/records?history=true`,
            headers: learners['ana'].headers,
          })
        ).statusCode,
      ).toBe(403);
      const mine = await call<Array<{ enrolment: { id: string } }>>('GET', '/me/enrolments', learners['ana']);
      expect(mine.map((m) => m.enrolment.id)).toEqual([enrolments['ana']]);
    });

    it('an administrator cannot record either: records are the trainers’ statements', async () => {
      for (const who of [admin, await t.signedIn('platform_admin')]) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/cohorts/${cohortA}/records`,
          headers: who.headers,
          payload: { enrolmentId: enrolments['ana'], kind: 'module_completion', module: 'M1' },
        });
        expect(res.statusCode).toBe(403);
      }
    });

    it('a learner cannot record', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortA}/records`,
        headers: learners['ana'].headers,
        payload: { enrolmentId: enrolments['ana'], kind: 'module_completion', module: 'M1' },
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('corrections', () => {
    it('supersede a record with a reason; the history keeps both; a record is corrected once', async () => {
      const first = await call<{ id: string }>(
        'POST',
        `/cohorts/${cohortA}/records`,
        trainerA,
        { enrolmentId: enrolments['bilal'], kind: 'assessment', module: 'M2', score: 45 },
        201,
      );
      const fixed = await call<{ id: string; supersedes: string; reason: string; passed: boolean }>(
        'POST',
        `/cohorts/${cohortA}/records`,
        trainerA,
        {
          enrolmentId: enrolments['bilal'],
          kind: 'assessment',
          module: 'M2',
          score: 65,
          supersedes: first.id,
          reason: 'Marking error on question 4',
        },
        201,
      );
      expect(fixed).toMatchObject({ supersedes: first.id, reason: 'Marking error on question 4', passed: true });

      const active = await call<Array<{ id: string }>>('GET', `/enrolments/${enrolments['bilal']}/records`, learners['bilal']);
      expect(active.map((r) => r.id)).not.toContain(first.id);
      const history = await call<Array<{ id: string; supersededBy: string | null }>>(
        'GET',
        `/enrolments/${enrolments['bilal']}/records?history=true`,
        admin,
      );
      expect(history.find((r) => r.id === first.id)).toMatchObject({ supersededBy: fixed.id });

      const twice = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortA}/records`,
        headers: trainerA.headers,
        payload: {
          enrolmentId: enrolments['bilal'],
          kind: 'assessment',
          module: 'M2',
          score: 70,
          supersedes: first.id,
          reason: 'again',
        },
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'record_already_superseded' });
    });

    it('refuse a correction without a reason, of another participant’s record, or of another kind', async () => {
      const rec = await call<{ id: string }>(
        'POST',
        `/cohorts/${cohortA}/records`,
        trainerA,
        { enrolmentId: enrolments['ana'], kind: 'evidence', module: 'M1', evidenceUrl: 'https://lms.example.org/ana/1' },
        201,
      );
      const before = await state();
      const send = (payload: object) =>
        t.app.inject({ method: 'POST', url: `/cohorts/${cohortA}/records`, headers: trainerA.headers, payload });
      expect(
        (
          await send({
            enrolmentId: enrolments['ana'],
            kind: 'evidence',
            module: 'M1',
            evidenceUrl: 'https://x.org/2',
            supersedes: rec.id,
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await send({
            enrolmentId: enrolments['bilal'],
            kind: 'evidence',
            module: 'M1',
            evidenceUrl: 'https://x.org/2',
            supersedes: rec.id,
            reason: 'wrong person',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await send({
            enrolmentId: enrolments['ana'],
            kind: 'module_completion',
            module: 'M1',
            supersedes: rec.id,
            reason: 'kind',
          })
        ).statusCode,
      ).toBe(422);
      expect(await state()).toEqual(before);
    });

    it('refuse an assessment of a module without one, and attendance at a class that did not take place', async () => {
      const send = (payload: object) =>
        t.app.inject({ method: 'POST', url: `/cohorts/${cohortA}/records`, headers: trainerA.headers, payload });
      expect((await send({ enrolmentId: enrolments['ana'], kind: 'assessment', module: 'M1', score: 80 })).json()).toMatchObject({
        status: 422,
        code: 'unknown_module',
      });
      expect(
        (await send({ enrolmentId: enrolments['ana'], kind: 'attendance', module: 'M1', date: '2027-01-01', hours: 1 })).json(),
      ).toMatchObject({
        status: 422,
        code: 'unknown_session',
      });
    });
  });
  describe('evidence files and withdrawal', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('lesson plan for the ethics module\n%%EOF\n')]);
    const upload = (body: Buffer, contentType: string, fileName = 'plan.pdf') =>
      t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortA}/evidence-files?enrolmentId=${enrolments['ana']}&module=M1&fileName=${fileName}`,
        headers: { ...trainerA.headers, 'content-type': contentType },
        payload: body,
      });

    it('keeps an uploaded file with its SHA-256, for the participant and their trainers only', async () => {
      const res = await upload(pdf, 'application/pdf');
      expect(res.statusCode).toBe(201);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const [row] = await t.dataSource.query<Array<{ evidence_sha256: string; evidence_name: string }>>(
        'select evidence_sha256, evidence_name from learning_records where id = $1',
        [res.json<{ id: string }>().id],
      );
      expect(row).toEqual({ evidence_sha256: sha256, evidence_name: 'plan.pdf' });
      const own = await t.app.inject({ method: 'GET', url: `/evidence-files/${sha256}`, headers: learners['ana'].headers });
      expect(own.statusCode).toBe(200);
      expect(own.rawPayload.equals(pdf)).toBe(true);
      expect(own.headers['content-type']).toBe('application/pdf');
      expect(
        (await t.app.inject({ method: 'GET', url: `/evidence-files/${sha256}`, headers: trainerA.headers })).statusCode,
      ).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: `/evidence-files/${sha256}`, headers: learners['bilal'].headers })).statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: `/evidence-files/${sha256}`, headers: trainerB.headers })).statusCode,
      ).toBe(404);
      // The same bytes again: one stored file, two records.
      expect((await upload(pdf, 'application/pdf', 'plan-again.pdf')).statusCode).toBe(201);
      expect(await t.dataSource.query('select count(*)::int as n from evidence_files where sha256 = $1', [sha256])).toEqual([
        { n: 1 },
      ]);
    });

    it('refuses a file whose bytes are not its declared type (400), a type it does not take (415), and a path as a name (400)', async () => {
      const before = await state();
      expect((await upload(Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf')).statusCode).toBe(400);
      expect((await upload(Buffer.from('plain text'), 'text/plain')).statusCode).toBe(415);
      expect((await upload(pdf, 'application/pdf', '..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(400);
      expect(await state()).toEqual(before);
    });

    it('withdraws a participant: records for them are then refused, and withdrawing twice is a conflict', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/enrolments/${enrolments['bilal']}/withdrawal`,
        headers: trainerA.headers,
        payload: { reason: 'Moved to another school' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'withdrawn' });
      const record = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortA}/records`,
        headers: trainerA.headers,
        payload: { enrolmentId: enrolments['bilal'], kind: 'module_completion', module: 'M1' },
      });
      expect(record.json()).toMatchObject({ status: 422, code: 'not_enrolled' });
      const again = await t.app.inject({
        method: 'POST',
        url: `/enrolments/${enrolments['bilal']}/withdrawal`,
        headers: trainerA.headers,
        payload: { reason: 'again' },
      });
      expect(again.statusCode).toBe(409);
      const byLearner = await t.app.inject({
        method: 'POST',
        url: `/enrolments/${enrolments['ana']}/withdrawal`,
        headers: learners['ana'].headers,
        payload: { reason: 'I quit' },
      });
      expect(byLearner.statusCode).toBe(403);
    });
  });
  describe('concurrency, rollbacks and second thoughts', () => {
    let cohortC: string;
    let trainerC: Auth;
    const enrolC: Record<string, string> = {};
    beforeAll(async () => {
      trainerC = await t.signedIn('learner');
      const programmeId = (await call<Array<{ id: string; slug: string }>>('GET', '/programmes', undefined)).find(
        (p) => p.slug === 'neg-course',
      )!.id;
      cohortC = (
        await call<{ id: string }>(
          'POST',
          '/cohorts',
          admin,
          { programmeId, name: 'C', startsOn: '2026-05-04', endsOn: '2026-05-08', mode: 'online', language: 'en' },
          201,
        )
      ).id;
      await call('PUT', `/cohorts/${cohortC}/trainers/${trainerC.accountId}`, admin, undefined, 204);
      await call('POST', `/cohorts/${cohortC}/sessions`, trainerC, { module: 'M1', heldOn: '2026-05-04', hours: 2 }, 201);
      await call('POST', `/cohorts/${cohortC}/sessions`, trainerC, { module: 'M1', heldOn: '2026-05-05', hours: 2 }, 201);
      const enrolled = await call<Array<{ id: string }>>(
        'POST',
        `/cohorts/${cohortC}/enrolments`,
        trainerC,
        {
          participants: [
            { email: 'cara@school.test', displayName: 'Cara', role: 'learner' },
            { email: 'dan@school.test', displayName: 'Dan', role: 'learner' },
          ],
        },
        201,
      );
      enrolC['cara'] = enrolled[0].id;
      enrolC['dan'] = enrolled[1].id;
    });
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: `/cohorts/${cohortC}/records`, headers: trainerC.headers, payload });

    it('the same attendance sent twice at once is recorded once (the other gets 409)', async () => {
      const payload = { enrolmentId: enrolC['cara'], kind: 'attendance', module: 'M1', date: '2026-05-04', hours: 2 };
      const results = await Promise.all([post(payload), post(payload), post(payload)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      const progress = await call<{ hoursDone: number }>('GET', `/enrolments/${enrolC['cara']}/progress`, trainerC);
      expect(progress.hoursDone).toBe(2);
    });

    it('the same file imported twice at once is written once', async () => {
      const csv = 'email,module,kind,date,hours\ndan@school.test,M1,attendance,2026-05-04,2\n';
      const [a, b] = await Promise.all([importCsv(cohortC, trainerC, csv), importCsv(cohortC, trainerC, csv)]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(
        [a.json<{ alreadyImported: boolean }>().alreadyImported, b.json<{ alreadyImported: boolean }>().alreadyImported].sort(),
      ).toEqual([false, true]);
      const progress = await call<{ hoursDone: number }>('GET', `/enrolments/${enrolC['dan']}/progress`, trainerC);
      expect(progress.hoursDone).toBe(2);
    });

    it('a refused import publishes no eligibility, even for its good rows', async () => {
      const events: string[] = [];
      const stop = t.app.get(LearningEvents).onEligible((e) => {
        events.push(e.enrolmentId);
      });
      try {
        const csv = [
          'email,module,kind,date,hours,score',
          'cara@school.test,M1,attendance,2026-05-05,2,',
          'cara@school.test,M2,assessment,,,90',
          'nobody@school.test,M1,attendance,2026-05-05,2,',
        ].join('\n');
        expect((await importCsv(cohortC, trainerC, csv)).statusCode).toBe(422);
        await new Promise((resolve) => setImmediate(resolve));
        expect(events).toEqual([]);
        expect((await call<{ eligible: boolean }>('GET', `/enrolments/${enrolC['cara']}/progress`, trainerC)).eligible).toBe(
          false,
        );
      } finally {
        stop();
      }
    });

    it('a correction can take eligibility away again (back to in progress, audited)', async () => {
      await post({ enrolmentId: enrolC['cara'], kind: 'attendance', module: 'M1', date: '2026-05-05', hours: 2 });
      await post({ enrolmentId: enrolC['cara'], kind: 'module_completion', module: 'M2' });
      const passed = (await post({ enrolmentId: enrolC['cara'], kind: 'assessment', module: 'M2', score: 80 })).json<{
        id: string;
      }>();
      expect(
        (
          await call<{ eligible: boolean; enrolment: { status: string } }>(
            'GET',
            `/enrolments/${enrolC['cara']}/progress`,
            trainerC,
          )
        ).enrolment.status,
      ).toBe('completed');
      const fixed = await post({
        enrolmentId: enrolC['cara'],
        kind: 'assessment',
        module: 'M2',
        score: 40,
        supersedes: passed.id,
        reason: 'Answers were copied',
      });
      expect(fixed.statusCode).toBe(201);
      const after = await call<{ eligible: boolean; enrolment: { status: string; eligibleAt: string | null } }>(
        'GET',
        `/enrolments/${enrolC['cara']}/progress`,
        trainerC,
      );
      expect(after).toMatchObject({ eligible: false, enrolment: { status: 'in_progress', eligibleAt: null } });
      const [audit] = await t.dataSource.query<Array<{ n: number }>>(
        "select count(*)::int as n from audit_events where action = 'enrolment.no_longer_eligible' and entity_id = $1",
        [enrolC['cara']],
      );
      expect(audit.n).toBe(1);
    });

    it('two corrections of one record at once: one wins, the other is told it was already corrected', async () => {
      const rec = (await post({ enrolmentId: enrolC['dan'], kind: 'assessment', module: 'M2', score: 30 })).json<{
        id: string;
      }>();
      const fix = (score: number) =>
        post({ enrolmentId: enrolC['dan'], kind: 'assessment', module: 'M2', score, supersedes: rec.id, reason: 'remarked' });
      const results = await Promise.all([fix(61), fix(62)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json()).toMatchObject({ code: 'record_already_superseded' });
    });

    it('a trainer is never a participant of the cohort they train, and the other way round', async () => {
      const self = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohortC}/enrolments`,
        headers: trainerC.headers,
        payload: {
          participants: [
            {
              email: (
                await t.dataSource.query<Array<{ email: string }>>('select email from accounts where id = $1', [
                  trainerC.accountId,
                ])
              )[0].email,
              displayName: 'Me',
              role: 'learner',
            },
          ],
        },
      });
      expect(self.statusCode).toBe(422);
      const [cara] = await t.dataSource.query<Array<{ account_id: string }>>('select account_id from enrolments where id = $1', [
        enrolC['cara'],
      ]);
      const asTrainer = await t.app.inject({
        method: 'PUT',
        url: `/cohorts/${cohortC}/trainers/${cara.account_id}`,
        headers: admin.headers,
      });
      expect(asTrainer.statusCode).toBe(422);
    });

    it('another organisation’s admin sees neither the cohort (403) nor its participants (404)', async () => {
      const platform = await t.signedIn('platform_admin');
      const otherOrg = (
        await call<{ id: string }>('POST', '/organisations', platform, { slug: 'other-neg', name: { en: 'Other' } }, 201)
      ).id;
      const stranger = await t.signedIn([{ role: 'org_admin', organisationId: otherOrg }]);
      expect((await t.app.inject({ method: 'GET', url: `/cohorts/${cohortC}`, headers: stranger.headers })).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'GET', url: `/enrolments/${enrolC['cara']}/progress`, headers: stranger.headers }))
          .statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: `/cohorts/${cohortC}/enrolments`, headers: stranger.headers })).statusCode,
      ).toBe(403);
    });

    it('a row with the wrong number of cells is named as that row', async () => {
      const res = await importCsv(cohortC, trainerC, 'email,module,kind,date,hours\ndan@school.test,M1,attendance,2026-05-05\n');
      expect(res.statusCode).toBe(422);
      expect(res.json<{ report: { errors: unknown[] } }>().report.errors).toEqual([
        {
          line: 2,
          reason: 'The row has 4 cells; the header has 5.',
          phrase: { key: 'cellCount', values: { cells: 4, columns: 5 } },
        },
      ]);
    });
  });
});
