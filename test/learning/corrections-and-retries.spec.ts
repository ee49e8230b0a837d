import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { twoModuleProgramme } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Auth = { headers: { authorization: string }; accountId: string };
type Progress = { eligible: boolean; unmet: Array<{ code: string; score?: number }> };

/**
 * What a trainer's corrections and retries do to a participant's records and eligibility (found
 * in a review on a running instance): a corrected first attempt does not override a retake, a
 * correction cannot double an attendance, a class is held within the cohort's dates, a partial
 * import's refused rows can be applied once their causes are fixed, an evidence upload is
 * idempotent, and a record made by mistake can be retracted.
 */
describe('learning records: corrections, retractions and retries', () => {
  let t: TestApp;
  let admin: Auth;
  let trainer: Auth;
  let cohort: string;
  const enrolments: Record<string, string> = {};
  const accounts: Record<string, string> = {};

  const call = <T = unknown>(method: string, url: string, who: Auth | undefined, payload?: unknown, status = 200): Promise<T> =>
    t.call<T>(method, url, who, payload, status);
  const record = (payload: Record<string, unknown>, status = 201) =>
    call<{ id: string }>('POST', `/cohorts/${cohort}/records`, trainer, payload, status);
  const progress = (who: string) => call<Progress>('GET', `/enrolments/${enrolments[who]}/progress`, trainer);
  const statusOf = async (who: string) =>
    (await t.dataSource.query<Array<{ status: string }>>('select status from enrolments where id = $1', [enrolments[who]]))[0]
      ?.status;
  const counts = async () =>
    (
      await t.dataSource.query<Array<{ records: string; imports: string; sessions: string }>>(
        `select (select count(*) from learning_records) as records, (select count(*) from record_imports) as imports,
                (select count(*) from class_sessions) as sessions`,
      )
    )[0];
  const enrol = async (...names: string[]) => {
    const enrolled = await call<Array<{ id: string; accountId: string }>>(
      'POST',
      `/cohorts/${cohort}/enrolments`,
      trainer,
      { participants: names.map((n) => ({ email: `${n}@school.test`, displayName: n, role: 'learner' })) },
      201,
    );
    names.forEach((n, i) => {
      enrolments[n] = enrolled[i].id;
      accounts[n] = enrolled[i].accountId;
    });
  };
  const importCsv = (body: string, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/cohorts/${cohort}/records/import${query}`,
      headers: { ...trainer.headers, 'content-type': 'text/csv' },
      payload: body,
    });
  /** Attends both classes in full, so that only the assessment decides. */
  const attendAll = async (who: string) => {
    await record({ enrolmentId: enrolments[who], kind: 'attendance', module: 'A', date: '2026-05-04', hours: 2 });
    await record({ enrolmentId: enrolments[who], kind: 'attendance', module: 'B', date: '2026-05-05', hours: 2 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    const made = await twoModuleProgramme(t, {
      slug: 'fix',
      modules: [
        ['A', 2],
        ['B', 2],
      ],
      minAttendancePercent: 100,
      issuanceMode: 'approval',
    });
    admin = made.admin;
    const { programmeId } = made;
    trainer = await t.signedIn('learner');
    cohort = (
      await call<{ id: string }>(
        'POST',
        '/cohorts',
        admin,
        { programmeId, name: 'May', startsOn: '2026-05-04', endsOn: '2026-05-08', mode: 'online', language: 'en' },
        201,
      )
    ).id;
    await call('PUT', `/cohorts/${cohort}/trainers/${trainer.accountId}`, admin, undefined, 204);
    await call('POST', `/cohorts/${cohort}/sessions`, trainer, { module: 'A', heldOn: '2026-05-04', hours: 2 }, 201);
    await call('POST', `/cohorts/${cohort}/sessions`, trainer, { module: 'B', heldOn: '2026-05-05', hours: 2 }, 201);
    await call('POST', `/cohorts/${cohort}/sessions`, trainer, { module: 'A', heldOn: '2026-05-06', hours: 2 }, 201);
    await enrol('ana', 'bilal', 'cara', 'dan', 'eve');
  });
  afterAll(() => t.close());

  describe('assessment attempts', () => {
    it('correcting a first attempt leaves a later passing retake the latest: still eligible', async () => {
      await attendAll('ana');
      const first = await record({ enrolmentId: enrolments['ana'], kind: 'assessment', module: 'B', score: 50 });
      expect(await progress('ana')).toMatchObject({ eligible: false, unmet: [{ code: 'assessment_failed', score: 50 }] });
      await record({ enrolmentId: enrolments['ana'], kind: 'assessment', module: 'B', score: 80 });
      expect(await progress('ana')).toMatchObject({ eligible: true, unmet: [] });

      await record({
        enrolmentId: enrolments['ana'],
        kind: 'assessment',
        module: 'B',
        score: 55,
        supersedes: first.id,
        reason: 'Typo in the first attempt',
      });
      expect(await progress('ana')).toMatchObject({ eligible: true, unmet: [] });
      expect(await statusOf('ana')).toBe('completed');
    });

    it('correcting the retake itself does count: below the pass mark, no longer eligible', async () => {
      await attendAll('bilal');
      await record({ enrolmentId: enrolments['bilal'], kind: 'assessment', module: 'B', score: 40 });
      const retake = await record({ enrolmentId: enrolments['bilal'], kind: 'assessment', module: 'B', score: 70 });
      expect(await progress('bilal')).toMatchObject({ eligible: true });
      await record({
        enrolmentId: enrolments['bilal'],
        kind: 'assessment',
        module: 'B',
        score: 45,
        supersedes: retake.id,
        reason: 'Marked against the wrong key',
      });
      expect(await progress('bilal')).toMatchObject({
        eligible: false,
        unmet: [{ code: 'assessment_failed', score: 45 }],
      });
      expect(await statusOf('bilal')).toBe('in_progress');
    });
  });

  describe('one attendance a class, corrections included', () => {
    it('a correction cannot move an attendance onto a class already attended (409, nothing written)', async () => {
      await record({ enrolmentId: enrolments['cara'], kind: 'attendance', module: 'A', date: '2026-05-04', hours: 1 });
      const second = await record({
        enrolmentId: enrolments['cara'],
        kind: 'attendance',
        module: 'A',
        date: '2026-05-06',
        hours: 1,
      });
      const before = await counts();
      const res = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/records`,
        headers: trainer.headers,
        payload: {
          enrolmentId: enrolments['cara'],
          kind: 'attendance',
          module: 'A',
          date: '2026-05-04',
          hours: 2,
          supersedes: second.id,
          reason: 'Wrong day',
        },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ detail: string }>().detail).toMatch(/another record; correct that one instead/);
      expect(await counts()).toEqual(before);
      const modules = (
        await call<{ modules: Array<{ code: string; attendedHours: number }> }>(
          'GET',
          `/enrolments/${enrolments['cara']}/progress`,
          trainer,
        )
      ).modules;
      expect(modules.find((m) => m.code === 'A')?.attendedHours).toBe(2);
    });

    it('a correction of the same class, or onto a class not yet attended, is accepted', async () => {
      const rec = await record({ enrolmentId: enrolments['dan'], kind: 'attendance', module: 'A', date: '2026-05-04', hours: 1 });
      const same = await record({
        enrolmentId: enrolments['dan'],
        kind: 'attendance',
        module: 'A',
        date: '2026-05-04',
        hours: 2,
        supersedes: rec.id,
        reason: 'Stayed the whole class',
      });
      await record({
        enrolmentId: enrolments['dan'],
        kind: 'attendance',
        module: 'A',
        date: '2026-05-06',
        hours: 2,
        supersedes: same.id,
        reason: 'It was the Wednesday class',
      });
      const modules = (
        await call<{ modules: Array<{ code: string; attendedHours: number }> }>(
          'GET',
          `/enrolments/${enrolments['dan']}/progress`,
          trainer,
        )
      ).modules;
      expect(modules.find((m) => m.code === 'A')?.attendedHours).toBe(2);
    });
  });

  describe('classes are held within the cohort’s dates', () => {
    it.each([['1999-01-01'], ['2026-05-03'], ['2026-05-09']])('%s is refused (422, nothing written)', async (heldOn) => {
      const before = await counts();
      const res = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/sessions`,
        headers: trainer.headers,
        payload: { module: 'A', heldOn, hours: 2 },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ detail: string }>().detail).toMatch(/outside the cohort's dates \(2026-05-04 to 2026-05-08\)/);
      expect(await counts()).toEqual(before);
    });

    it('the last day is within them', async () => {
      await call('POST', `/cohorts/${cohort}/sessions`, trainer, { module: 'B', heldOn: '2026-05-08', hours: 2 }, 201);
    });
  });

  describe('a partial import sent again', () => {
    const csv = [
      'email,module,kind,date,hours',
      'eve@school.test,A,attendance,2026-05-04,2',
      'fred@school.test,A,attendance,2026-05-04,2',
      'eve@school.test,B,attendance,2026-05-07,2',
      '',
    ].join('\n');

    it('tries again only the rows it refused; once their causes are fixed they apply, and nothing is written twice', async () => {
      const first = await importCsv(csv, '?partial=true');
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ applied: 1, rejected: 2, alreadyImported: false });

      // Nothing fixed yet: the applied row is recorded already, the others are refused again.
      const before = await counts();
      const again = await importCsv(csv, '?partial=true');
      expect(again.json()).toMatchObject({ applied: 0, unchanged: 1, rejected: 2, alreadyImported: false });
      expect(await counts()).toEqual(before);

      // Fixed: fred enrolled, the class of B on 2026-05-07 created.
      await enrol('fred');
      await call('POST', `/cohorts/${cohort}/sessions`, trainer, { module: 'B', heldOn: '2026-05-07', hours: 2 }, 201);
      const fixed = await importCsv(csv, '?partial=true');
      expect(fixed.json()).toMatchObject({ applied: 2, unchanged: 1, rejected: 0, alreadyImported: false });
      const after = await counts();
      expect(Number(after.records)).toBe(Number(before.records) + 2);
      expect(after.imports).toBe(before.imports);

      // All applied now: the same file is simply recognised.
      const last = await importCsv(csv, '?partial=true');
      expect(last.json()).toMatchObject({ applied: 2, rejected: 0, alreadyImported: true });
      expect(await counts()).toEqual(after);
    });

    it('sent again after its applied rows were corrected or retracted, it does not write them again', async () => {
      await enrol('hal');
      const file = [
        'email,module,kind,score',
        'hal@school.test,B,assessment,60',
        'hal@school.test,A,module_completion,',
        'ivy@school.test,A,module_completion,',
        '',
      ].join('\n');
      expect((await importCsv(file, '?partial=true')).json()).toMatchObject({ applied: 2, rejected: 1 });
      const records = await call<Array<{ id: string; kind: string }>>('GET', `/enrolments/${enrolments['hal']}/records`, trainer);
      await record({
        enrolmentId: enrolments['hal'],
        kind: 'assessment',
        module: 'B',
        score: 75,
        supersedes: records.find((r) => r.kind === 'assessment')!.id,
        reason: 'Remarked',
      });
      const retracted = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/records/${records.find((r) => r.kind === 'module_completion')!.id}/retraction`,
        headers: trainer.headers,
        payload: { reason: 'Never completed' },
      });
      expect(retracted.statusCode).toBe(201);
      await enrol('ivy');
      const before = Number((await counts()).records);

      const again = await importCsv(file, '?partial=true');
      expect(again.json()).toMatchObject({ applied: 1, unchanged: 2, rejected: 0 });
      expect(Number((await counts()).records)).toBe(before + 1);
      const hal = await call<Array<{ kind: string; score: number | null }>>(
        'GET',
        `/enrolments/${enrolments['hal']}/records`,
        trainer,
      );
      expect(hal.map((r) => [r.kind, r.score])).toEqual([['assessment', 75]]);
    });

    it('a row restating the latest attempt (a corrected first attempt is not the latest) is unchanged', async () => {
      const before = await counts();
      const res = await importCsv('email,module,kind,score\nana@school.test,B,assessment,80\n');
      expect(res.json()).toMatchObject({ applied: 0, unchanged: 1, rejected: 0 });
      expect(Number((await counts()).records)).toBe(Number(before.records));
    });

    it('a file with a header and no rows is refused (422) and stores nothing', async () => {
      const before = await counts();
      const res = await importCsv('email,module,kind\n');
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'csv_invalid', detail: expect.stringMatching(/header but no rows/) });
      expect(await counts()).toEqual(before);
    });
  });

  describe('retracting a record made by mistake', () => {
    const retract = (recordId: string, payload: unknown, who: Auth = trainer, key?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/records/${recordId}/retraction`,
        headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
        payload: payload as object,
      });
    let completion: { id: string };
    let retraction: { id: string; kind: string; supersedes: string; reason: string; module: string };

    it('a module completion recorded by mistake is withdrawn: it no longer counts, and the history keeps both', async () => {
      await enrol('gus');
      await record({ enrolmentId: enrolments['gus'], kind: 'attendance', module: 'B', date: '2026-05-05', hours: 2 });
      await record({ enrolmentId: enrolments['gus'], kind: 'assessment', module: 'B', score: 90 });
      completion = await record({ enrolmentId: enrolments['gus'], kind: 'module_completion', module: 'A' });
      expect(await progress('gus')).toMatchObject({ eligible: true });
      expect(await statusOf('gus')).toBe('completed');

      const res = await retract(completion.id, { reason: 'Recorded for the wrong participant' }, trainer, 'retract-1');
      expect(res.statusCode).toBe(201);
      retraction = res.json();
      expect(retraction).toMatchObject({
        kind: 'retraction',
        module: 'A',
        supersedes: completion.id,
        reason: 'Recorded for the wrong participant',
      });
      expect(await progress('gus')).toMatchObject({ eligible: false, unmet: [{ code: 'attendance', module: 'A' }] });
      expect(await statusOf('gus')).toBe('in_progress');

      const active = await call<Array<{ id: string; kind: string }>>('GET', `/enrolments/${enrolments['gus']}/records`, trainer);
      expect(active.map((r) => r.kind).sort()).toEqual(['assessment', 'attendance']);
      const history = await call<Array<{ id: string; kind: string; supersededBy: string | null }>>(
        'GET',
        `/enrolments/${enrolments['gus']}/records?history=true`,
        trainer,
      );
      expect(history.find((r) => r.id === completion.id)).toMatchObject({ supersededBy: retraction.id });
      expect(history.find((r) => r.id === retraction.id)).toMatchObject({ kind: 'retraction' });
      const [audit] = await t.dataSource.query<Array<{ n: string }>>(
        "select count(*) as n from audit_events where action = 'learning_record.retracted' and entity_id = $1",
        [retraction.id],
      );
      expect(Number(audit.n)).toBe(1);
    });

    it('retried with its Idempotency-Key, it is replayed; retracted again, 409; a retraction itself, 422; nothing written', async () => {
      const before = await counts();
      const replay = await retract(completion.id, { reason: 'Recorded for the wrong participant' }, trainer, 'retract-1');
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json<{ id: string }>().id).toBe(retraction.id);

      const twice = await retract(completion.id, { reason: 'Once more' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'record_already_superseded' });
      const ofRetraction = await retract(retraction.id, { reason: 'Undo the retraction' });
      expect(ofRetraction.statusCode).toBe(422);
      expect(ofRetraction.json<{ detail: string }>().detail).toMatch(/cannot be retracted/);
      expect(await counts()).toEqual(before);
    });

    it('an evidence file retracted is no longer the participant’s to download (staff still see it)', async () => {
      const pdf = Buffer.from('%PDF-1.4\n% someone else’s lesson plan\n%%EOF\n');
      const uploaded = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/evidence-files?enrolmentId=${enrolments['gus']}&module=A&fileName=plan.pdf`,
        headers: { ...trainer.headers, 'content-type': 'application/pdf' },
        payload: pdf,
      });
      expect(uploaded.statusCode).toBe(201);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const gus = (await t.tokenFor(accounts['gus'])).headers;
      const download = (headers: Record<string, string>) =>
        t.app.inject({ method: 'GET', url: `/evidence-files/${sha256}`, headers });
      expect((await download(gus)).statusCode).toBe(200);
      expect(
        (await retract(uploaded.json<{ id: string }>().id, { reason: 'Uploaded for the wrong participant' })).statusCode,
      ).toBe(201);
      expect((await download(gus)).statusCode).toBe(404);
      expect((await download(trainer.headers)).statusCode).toBe(200);
    });

    it('no reason, an unknown record, or another trainer: refused, nothing written', async () => {
      const rec = await record({
        enrolmentId: enrolments['gus'],
        kind: 'evidence',
        module: 'A',
        evidenceUrl: 'https://example.org/plan',
      });
      const before = await counts();
      expect((await retract(rec.id, {})).statusCode).toBe(400);
      expect((await retract(rec.id, { reason: 'x' })).statusCode).toBe(400);
      expect((await retract(rec.id, { reason: '      ' })).statusCode).toBe(400);
      const blankCorrection = await t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/records`,
        headers: trainer.headers,
        payload: {
          enrolmentId: enrolments['gus'],
          kind: 'evidence',
          module: 'A',
          evidenceUrl: 'https://example.org/plan-2',
          supersedes: rec.id,
          reason: ' \t  ',
        },
      });
      expect(blankCorrection.statusCode).toBe(400);
      expect((await retract('00000000-0000-4000-8000-000000000000', { reason: 'Not ours' })).statusCode).toBe(404);
      const stranger = await t.signedIn('learner');
      expect((await retract(rec.id, { reason: 'Not my cohort' }, stranger)).statusCode).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('an evidence upload with an Idempotency-Key', () => {
    const upload = (bytes: Buffer, key: string) =>
      t.app.inject({
        method: 'POST',
        url: `/cohorts/${cohort}/evidence-files?enrolmentId=${enrolments['eve']}&module=A&fileName=plan.pdf`,
        headers: { ...trainer.headers, 'content-type': 'application/pdf', 'idempotency-key': key },
        payload: bytes,
      });

    it('is replayed when retried: one record', async () => {
      const pdf = Buffer.from('%PDF-1.4\n% lesson plan, version 1\n%%EOF\n');
      const first = await upload(pdf, 'evidence-1');
      expect(first.statusCode).toBe(201);
      const before = await counts();
      const again = await upload(pdf, 'evidence-1');
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
      expect(await counts()).toEqual(before);
    });

    it('the same key with other bytes is refused (422) and writes nothing', async () => {
      const before = await counts();
      const other = await upload(Buffer.from('%PDF-1.4\n% lesson plan, version 2\n%%EOF\n'), 'evidence-1');
      expect(other.statusCode).toBe(422);
      expect(other.json()).toMatchObject({ code: 'idempotency_key_reused' });
      expect(await counts()).toEqual(before);
    });
  });
});
