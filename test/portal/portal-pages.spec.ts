import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { portalSignIn, type PortalSession } from '../support/portal-session.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { renderImportReport } from '../../apps/api/src/portal/views/portal-views.js';

/**
 * The portal's forms one by one (over the real HTTP stack and database): each works, and each
 * refuses bad input with a page that says why, changing nothing.
 */
describe('portal pages', () => {
  let t: TestApp;
  let c: EligibleCohort;
  let trainer: PortalSession;
  let admin: PortalSession;

  const count = async (sql: string, params: unknown[] = []) =>
    (await t.dataSource.query<Array<{ n: number }>>(`select count(*)::int as n from ${sql}`, params))[0].n;
  const multipart = (fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) => {
    const boundary = 'portal-boundary';
    const parts = Object.entries(fields).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    const body = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  };

  beforeAll(async () => {
    t = await createTestApp();
    c = await cohortWithParticipants(t, { slug: 'pages', participants: 3, issuanceMode: 'approval' });
    trainer = await portalSignIn(t, c.trainer.accountId);
    admin = await portalSignIn(t, c.admin.accountId);
  });
  afterAll(() => t.close());

  it('records a class’s attendance from its sheet once: the same sheet sent again changes nothing', async () => {
    const created = await trainer.post(`/portal/cohorts/${c.cohortId}/sessions`, {
      module: 'M1',
      heldOn: '2026-01-12',
      hours: '3',
    });
    expect(created.status).toBe(303);
    const page = await trainer.get(`/portal/cohorts/${c.cohortId}`);
    const sessionId = /\/sessions\/([0-9a-f-]{36})"/.exec(page.body)![1];
    const sheet = await trainer.get(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`);
    expect(sheet.status).toBe(200);
    const boxes = [...sheet.body.matchAll(/name="present\.([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(boxes).toHaveLength(3);
    const form: Record<string, string> = {};
    for (const id of boxes) form[`present.${id}`] = 'on';
    for (const id of boxes) form[`hours.${id}`] = '3';
    form[`hours.${boxes[2]}`] = '2.5';
    const attendance = () => count(`learning_records where kind = 'attendance' and session_id = $1`, [sessionId]);
    expect(await trainer.post(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`, form)).toMatchObject({ status: 303 });
    expect(await attendance()).toBe(3);
    expect(await trainer.post(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`, form)).toMatchObject({ status: 303 });
    expect(await attendance()).toBe(3);
    // Other hours for the same class are a conflict to correct, not a silent change: 422 with the reason.
    const changed = await trainer.post(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`, {
      ...form,
      [`hours.${boxes[2]}`]: '1',
    });
    expect(changed.status).toBe(422);
    expect(changed.body).toContain('already recorded as 2.5 hours');
    expect(await attendance()).toBe(3);
    const bad = await trainer.post(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`, {
      ...form,
      [`hours.${boxes[0]}`]: 'lots',
    });
    expect(bad.status).toBe(400);
  });

  it('records module completion and scores from the module sheet, and refuses a score out of range', async () => {
    // A programme with an assessed module and a cohort of it, through the admin's forms.
    const created = await admin.post(`/portal/admin/${c.orgId}/programmes`, {
      slug: 'assessed-course',
      nameEn: 'Assessed course',
      nameAr: 'دورة مقيَّمة',
      description: 'With a final test.',
      criteria: 'Pass the test.',
      achievementType: 'Course',
      minAttendancePercent: '80',
      passMark: '60',
      issuanceMode: 'automatic',
      modules: 'T1; The test; 2; 1.1 2.1; assessed',
    });
    expect(created).toMatchObject({ status: 303, location: '/portal/admin?notice=programme_created' });
    const programmeId = (
      await t.dataSource.query<Array<{ id: string }>>(`select id from programmes where slug = 'assessed-course'`)
    )[0].id;
    const cohort = await admin.post(`/portal/admin/${c.orgId}/cohorts`, {
      programmeId,
      name: 'Test day',
      startsOn: '2026-02-01',
      endsOn: '2026-02-01',
      mode: 'online',
      language: 'fr',
    });
    expect(cohort.status).toBe(303);
    const cohortId = /\/portal\/cohorts\/([0-9a-f-]{36})/.exec(cohort.location!)![1];
    const account = (
      await t.dataSource.query<Array<{ email: string }>>('select email from accounts where id = $1', [c.trainer.accountId])
    )[0];
    expect(await admin.post(`/portal/cohorts/${cohortId}/trainers`, { email: account.email })).toMatchObject({ status: 303 });
    expect(
      await trainer.post(`/portal/cohorts/${cohortId}/enrolments`, { participants: 'Ada Lovelace, ada@school.test, teacher' }),
    ).toMatchObject({ status: 303 });

    const sheet = await trainer.get(`/portal/cohorts/${cohortId}/modules/T1`);
    expect(sheet.status).toBe(200);
    const id = /name="score\.([0-9a-f-]{36})"/.exec(sheet.body)![1];
    const records = () =>
      count(`learning_records r join enrolments e on e.id = r.enrolment_id where e.cohort_id = $1`, [cohortId]);
    const refused = await trainer.post(`/portal/cohorts/${cohortId}/modules/T1`, {
      [`completed.${id}`]: 'on',
      [`score.${id}`]: '130',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('whole number from 0 to 100');
    expect(await records()).toBe(0);
    const saved = await trainer.post(`/portal/cohorts/${cohortId}/modules/T1`, {
      [`completed.${id}`]: 'on',
      [`score.${id}`]: '75',
    });
    expect(saved).toMatchObject({ status: 303, location: `/portal/cohorts/${cohortId}?notice=scores_saved` });
    expect(await records()).toBe(2);
    const progress = await trainer.get(`/portal/cohorts/${cohortId}`);
    expect(progress.body).toContain('data-eligible="true"');
    // A wrong score is corrected on the participant's records page: below the pass mark, the
    // participant is no longer complete; the history keeps both.
    const scoreId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select id from learning_records where enrolment_id = $1 and kind = 'assessment'`,
        [id],
      )
    )[0].id;
    const recordsPage = await trainer.get(`/portal/cohorts/${cohortId}/participants/${id}/records`);
    expect(recordsPage.body).toContain(`action="/portal/cohorts/${cohortId}/records/${scoreId}/correction"`);
    expect(recordsPage.body).toMatch(/name="score" value="75"/);
    // A module completion has no value to correct: no form for it (one form, the score's), and a post is refused.
    expect(recordsPage.body.match(/data-correct/g)).toHaveLength(1);
    const completionId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select id from learning_records where enrolment_id = $1 and kind = 'module_completion'`,
        [id],
      )
    )[0].id;
    const completion = await trainer.post(`/portal/cohorts/${cohortId}/records/${completionId}/correction`, {
      score: '50',
      reason: 'Not a value',
    });
    expect(completion.status).toBe(422);
    expect(completion.body).toContain('withdraw this record and record it again');
    const correct = `/portal/cohorts/${cohortId}/records/${scoreId}/correction`;
    for (const score of ['', '101', '-1', '7.5', 'lots', '5e1', '0x32', '+50', '75']) {
      const refusedScore = await trainer.post(correct, { score, reason: 'Marked against the wrong key' });
      expect(refusedScore.status).toBe(400);
      expect(refusedScore.body).toMatch(score === '75' ? /already recorded/ : /whole number from 0 to 100/);
    }
    expect(await records()).toBe(2);
    expect(await trainer.post(correct, { score: '40', reason: 'Marked against the wrong key' })).toMatchObject({
      status: 303,
      location: `/portal/cohorts/${cohortId}/participants/${id}/records?notice=record_corrected`,
    });
    const [corrected] = await t.dataSource.query<Array<{ score: string; reason: string }>>(
      'select score, reason from learning_records where supersedes_id = $1',
      [scoreId],
    );
    expect(corrected).toEqual({ score: '40.00', reason: 'Marked against the wrong key' });
    expect((await trainer.get(`/portal/cohorts/${cohortId}`)).body).toContain('data-eligible="false"');
    // In French too.
    const after = await t.app.inject({
      method: 'GET',
      url: `/portal/cohorts/${cohortId}/participants/${id}/records?notice=record_corrected`,
      headers: { cookie: `${trainer.cookie}; cft_lang=fr` },
    });
    expect(after.body).toContain('Le relevé a été corrigé');
    expect(after.body).toMatch(/name="score" value="40"/);
    expect((await trainer.get(`/portal/cohorts/${cohortId}/modules/NOPE`)).status).toBe(404);
    expect((await trainer.get('/portal/cohorts/00000000-0000-4000-8000-000000000000/modules/T1')).status).toBe(404);
  });

  it('lists a participant’s records and lets a trainer withdraw one made by mistake, with a reason, once', async () => {
    const created = await trainer.post(`/portal/cohorts/${c.cohortId}/sessions`, {
      module: 'M1',
      heldOn: '2026-01-19',
      hours: '2',
    });
    expect(created.status).toBe(303);
    const sessionId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select id from class_sessions where cohort_id = $1 and held_on = '2026-01-19'`,
        [c.cohortId],
      )
    )[0].id;
    const who = c.participants[0];
    const sheet: Record<string, string> = { [`present.${who.enrolmentId}`]: 'on', [`hours.${who.enrolmentId}`]: '2' };
    expect(await trainer.post(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`, sheet)).toMatchObject({ status: 303 });
    const recordId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select id from learning_records where session_id = $1 and enrolment_id = $2`,
        [sessionId, who.enrolmentId],
      )
    )[0].id;
    const path = `/portal/cohorts/${c.cohortId}/participants/${who.enrolmentId}/records`;
    expect((await trainer.get(`/portal/cohorts/${c.cohortId}`)).body).toContain(`href="${path}"`);

    const page = await trainer.get(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`data-record="${recordId}" data-kind="attendance"`);
    expect(page.body).toContain(`action="/portal/cohorts/${c.cohortId}/records/${recordId}/retraction"`);
    expect(page.body).toContain(who.email);
    // An admin of the organisation sees the records, but records (and withdraws) nothing: no form, 403.
    const seenByAdmin = await admin.get(path);
    expect(seenByAdmin.status).toBe(200);
    expect(seenByAdmin.body).toContain(`data-record="${recordId}"`);
    expect(seenByAdmin.body).not.toContain('/retraction"');
    const retractions = () => count(`learning_records where kind = 'retraction' and supersedes_id = $1`, [recordId]);
    const withdraw = `/portal/cohorts/${c.cohortId}/records/${recordId}/retraction`;
    expect((await admin.post(withdraw, { reason: 'Recorded for the wrong person' })).status).toBe(403);
    // A reason is required, and must say something.
    for (const reason of ['', '   ', 'ab']) {
      const refused = await trainer.post(withdraw, { reason });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('Say why the record is withdrawn');
    }
    // Without the session's CSRF token, nothing is withdrawn.
    expect((await trainer.post(withdraw, { reason: 'Recorded for the wrong person' }, { csrf: null })).status).toBe(403);
    expect(await retractions()).toBe(0);

    const done = await trainer.post(withdraw, { reason: 'Recorded for the wrong person' });
    expect(done).toMatchObject({ status: 303, location: `${path}?notice=record_withdrawn` });
    expect(await retractions()).toBe(1);
    const after = await trainer.get(`${path}?notice=record_withdrawn`);
    expect(after.body).not.toContain(`data-record="${recordId}"`);
    expect(after.body).toContain('The record was withdrawn');
    const [audit] = await t.dataSource.query<Array<{ n: number }>>(
      `select count(*)::int as n from audit_events where action = 'learning_record.retracted' and organisation_id = $1`,
      [c.orgId],
    );
    expect(audit.n).toBe(1);
    // The same form sent again (a second click) withdraws nothing more: back to the records, told so.
    expect(await trainer.post(withdraw, { reason: 'Recorded for the wrong person' })).toMatchObject({
      status: 303,
      location: `${path}?notice=record_already_withdrawn`,
    });
    expect(await retractions()).toBe(1);
    expect((await trainer.get(`${path}?notice=record_already_withdrawn`)).body).toContain('already withdrawn');
    // Another organisation's cohort: its participant and its record are not found under this cohort.
    const other = await cohortWithParticipants(t, { slug: 'pages-other', participants: 1 });
    await complete(t, other, [other.participants[0].email]);
    const otherRecord = (
      await t.dataSource.query<Array<{ id: string }>>('select id from learning_records where enrolment_id = $1', [
        other.participants[0].enrolmentId,
      ])
    )[0].id;
    expect(
      (await trainer.get(`/portal/cohorts/${c.cohortId}/participants/${other.participants[0].enrolmentId}/records`)).status,
    ).toBe(404);
    expect(
      (await trainer.post(`/portal/cohorts/${c.cohortId}/records/${otherRecord}/retraction`, { reason: 'Not mine to withdraw' }))
        .status,
    ).toBe(404);
    expect(await count(`learning_records where kind = 'retraction' and supersedes_id = $1`, [otherRecord])).toBe(0);
    // Another cohort's participant, or a record of no one here: not found.
    expect(
      (await trainer.get(`/portal/cohorts/${c.cohortId}/participants/00000000-0000-4000-8000-000000000000/records`)).status,
    ).toBe(404);
    expect(
      (
        await trainer.post(`/portal/cohorts/${c.cohortId}/records/00000000-0000-4000-8000-000000000000/retraction`, {
          reason: 'No such record',
        })
      ).status,
    ).toBe(404);
    // The participant is not staff: the cohort's pages do not exist for them.
    const participant = await portalSignIn(t, who.accountId);
    expect((await participant.get(path)).status).toBe(404);
  });

  it('corrects the hours of an attendance from the records page, with a reason, once; refuses a bad value and changes nothing', async () => {
    expect(
      await trainer.post(`/portal/cohorts/${c.cohortId}/sessions`, { module: 'M1', heldOn: '2026-01-26', hours: '3' }),
    ).toMatchObject({ status: 303 });
    const sessionId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select id from class_sessions where cohort_id = $1 and held_on = '2026-01-26'`,
        [c.cohortId],
      )
    )[0].id;
    const who = c.participants[2];
    expect(
      await trainer.post(`/portal/cohorts/${c.cohortId}/sessions/${sessionId}`, {
        [`present.${who.enrolmentId}`]: 'on',
        [`hours.${who.enrolmentId}`]: '3',
      }),
    ).toMatchObject({ status: 303 });
    const recordId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select id from learning_records where session_id = $1 and enrolment_id = $2`,
        [sessionId, who.enrolmentId],
      )
    )[0].id;
    const path = `/portal/cohorts/${c.cohortId}/participants/${who.enrolmentId}/records`;
    const correct = `/portal/cohorts/${c.cohortId}/records/${recordId}/correction`;
    const page = await trainer.get(path);
    expect(page.body).toContain(`action="${correct}"`);
    expect(page.body).toMatch(/name="hours" value="3"/);
    // An admin sees the records without the forms, and corrects nothing.
    expect((await admin.get(path)).body).not.toContain('/correction"');
    expect((await admin.post(correct, { hours: '2.25', reason: 'Left at the break' })).status).toBe(403);
    const corrections = () => count('learning_records where supersedes_id = $1', [recordId]);
    for (const [form, status, text] of [
      [{ hours: '2.25', reason: '  ' }, 400, 'Say why the record is corrected'],
      [{ hours: '2.25' }, 400, 'Say why the record is corrected'],
      [{ hours: 'lots', reason: 'Left at the break' }, 400, 'quarter hours'],
      [{ hours: '0', reason: 'Left at the break' }, 400, 'withdraw the attendance'],
      [{ hours: '2.3', reason: 'Left at the break' }, 400, 'quarter hours'],
      [{ hours: '2.1', reason: 'Left at the break' }, 400, 'quarter hours'],
      [{ hours: '1e0', reason: 'Left at the break' }, 400, 'quarter hours'],
      [{ hours: '0x2', reason: 'Left at the break' }, 400, 'quarter hours'],
      [{ hours: '25', reason: 'Left at the break' }, 400, 'quarter hours'],
      [{ hours: '3', reason: 'Left at the break' }, 400, 'already recorded'],
      // More hours than the class lasted: the API's own refusal.
      [{ hours: '3.5', reason: 'Stayed late' }, 422, 'more than the class'],
    ] as const) {
      const refused = await trainer.post(correct, form);
      expect(refused.status).toBe(status);
      expect(refused.body).toContain(text);
    }
    expect((await trainer.post(correct, { hours: '2.25', reason: 'Left at the break' }, { csrf: null })).status).toBe(403);
    // Each refusal says why in the page's language, the cohort's rules (more hours than the class
    // lasted) and the form's own checks alike: French, then Arabic (the English above).
    for (const [lang, hours, status, text] of [
      ['fr', '3.5', 422, '3.5 h, c’est plus que la durée de la séance de M1 du 2026-01-26 (3 h).'],
      ['ar', '3.5', 422, '3.5 ساعة تتجاوز مدة حصة \u2068M1\u2069 في \u20682026-01-26\u2069 (3 ساعة).'],
      [
        'fr',
        'lots',
        400,
        'Les heures doivent aller de 0,25 à 24, par quarts d’heure (pour enregistrer une absence, retirez la présence).',
      ],
      ['ar', '3', 400, 'هذه هي الساعات المسجّلة أصلًا.'],
    ] as const) {
      const refused = await trainer.post(correct, { hours, reason: 'Stayed late' }, { lang });
      expect(refused.status).toBe(status);
      expect(refused.body).toContain(`<p data-detail="true">${text}</p>`);
      expect(refused.body).not.toMatch(/more than the class|quarter hours|already recorded/);
    }
    expect(await corrections()).toBe(0);

    const done = await trainer.post(correct, { hours: '2.25', reason: 'Left at the break' });
    expect(done).toMatchObject({ status: 303, location: `${path}?notice=record_corrected` });
    const [row] = await t.dataSource.query<Array<{ kind: string; hours: string; session_id: string; reason: string }>>(
      'select kind, hours, session_id, reason from learning_records where supersedes_id = $1',
      [recordId],
    );
    expect(row).toEqual({ kind: 'attendance', hours: '2.25', session_id: sessionId, reason: 'Left at the break' });
    const after = await trainer.get(`${path}?notice=record_corrected`);
    expect(after.body).toContain('The record was corrected');
    expect(after.body).not.toContain(`data-record="${recordId}"`);
    expect(after.body).toMatch(/2\.25 h/);
    const [audit] = await t.dataSource.query<Array<{ n: number }>>(
      `select count(*)::int as n from audit_events where action = 'learning_record.superseded' and entity_id = (
         select id::text from learning_records where supersedes_id = $1)`,
      [recordId],
    );
    expect(audit.n).toBe(1);
    // The same form again (a second click): nothing more changes, and the trainer is told so.
    expect(await trainer.post(correct, { hours: '2.25', reason: 'Left at the break' })).toMatchObject({
      status: 303,
      location: `${path}?notice=record_already_withdrawn`,
    });
    expect(await corrections()).toBe(1);
    // A record of no one here, or of another cohort: not found, nothing written.
    expect(
      (
        await trainer.post(`/portal/cohorts/${c.cohortId}/records/00000000-0000-4000-8000-000000000000/correction`, {
          hours: '1',
          reason: 'No such record',
        })
      ).status,
    ).toBe(404);
    const other = await cohortWithParticipants(t, { slug: 'pages-correct-other', participants: 1 });
    await complete(t, other, [other.participants[0].email]);
    const otherRecord = (
      await t.dataSource.query<Array<{ id: string }>>('select id from learning_records where enrolment_id = $1', [
        other.participants[0].enrolmentId,
      ])
    )[0].id;
    expect(
      (await trainer.post(`/portal/cohorts/${c.cohortId}/records/${otherRecord}/correction`, { hours: '1', reason: 'Not mine' }))
        .status,
    ).toBe(404);
    expect(await count('learning_records where supersedes_id = $1', [otherRecord])).toBe(0);
  });

  it('says why each CSV row is refused in the reader’s language, and imports none of the file', async () => {
    const csv = Buffer.from(
      [
        'email,module,kind,date,hours,score',
        'nobody@school.test,M1,module_completion,,,',
        `${c.participants[0].email},X9,module_completion,,,`,
        `${c.participants[0].email},M1,attendance,2026-13-40,2,`,
        `${c.participants[0].email},M1,module_completion,,,=1+1`,
        `${c.participants[1].email},M1,module_completion,,,`,
      ].join('\n'),
    );
    const records = () =>
      count(`learning_records r join enrolments e on e.id = r.enrolment_id where e.cohort_id = $1`, [c.cohortId]);
    const before = await records();
    const upload = async (lang: string) => {
      const { body, contentType } = multipart({ _csrf: trainer.csrf }, { name: 'rows.csv', type: 'text/csv', bytes: csv });
      return t.app.inject({
        method: 'POST',
        url: `/portal/cohorts/${c.cohortId}/import`,
        headers: { cookie: `${trainer.cookie}; cft_lang=${lang}`, 'content-type': contentType },
        payload: body,
      });
    };
    const reasons = (html: string) => [...html.matchAll(/<td data-reason="(\w+)">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    const english = await upload('en');
    expect(english.statusCode).toBe(422);
    expect(reasons(english.body)).toEqual([
      ['notEnrolledEmail', 'nobody@school.test is not enrolled in this cohort.'],
      ['unknownModule', 'The programme has no module &quot;X9&quot; (modules: M1).'],
      ['dateInvalid', 'date must be a day such as 2026-03-02.'],
      ['formula', 'Column score starts with &quot;=&quot;, which spreadsheets run as a formula; refused.'],
    ]);
    const french = await upload('fr');
    expect(french.statusCode).toBe(422);
    expect(reasons(french.body)).toEqual([
      ['notEnrolledEmail', 'nobody@school.test n’est pas inscrit·e à cette cohorte.'],
      ['unknownModule', 'Le programme n’a pas de module « X9 » (modules : M1).'],
      ['dateInvalid', 'La colonne « date » doit être un jour comme 2026-03-02.'],
      ['formula', 'La colonne score commence par « = », que les tableurs exécutent comme une formule ; refusée.'],
    ]);
    // No reason is left in English on the French page.
    expect(french.body).not.toMatch(/<td lang="en"/);
    const arabic = await upload('ar');
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(reasons(arabic.body).map(([key]) => key)).toEqual(['notEnrolledEmail', 'unknownModule', 'dateInvalid', 'formula']);
    // Each value isolated (U+2068 … U+2069), so that it keeps its direction in the Arabic sentence.
    expect(reasons(arabic.body)[0][1]).toBe('\u2068nobody@school.test\u2069 غير مسجّل في هذه المجموعة.');
    expect(await records()).toBe(before);
  });

  it('shows a stored report’s reason in English when it has no phrase this version knows', () => {
    const report = {
      importId: null,
      sha256: '0'.repeat(64),
      mode: 'all_or_nothing' as const,
      rows: 3,
      applied: 0,
      unchanged: 0,
      rejected: 3,
      eligible: 0,
      alreadyImported: false,
      errors: [
        { line: 2, reason: 'Written by an older version.' },
        { line: 3, reason: 'A key this version does not know.', phrase: { key: 'noSuchKey', values: {} } as never },
        { line: 4, reason: 'A known key without its values.', phrase: { key: 'formula', values: {} } as never },
      ],
    };
    const html = renderImportReport(
      { lang: 'fr', principal: undefined, csrfToken: '' },
      { cohortId: c.cohortId, cohortName: 'Cohorte', report },
    );
    expect(html).toContain('<td lang="en" dir="ltr">Written by an older version.</td>');
    expect(html).toContain('<td lang="en" dir="ltr">A key this version does not know.</td>');
    expect(html).toContain('<td lang="en" dir="ltr">A known key without its values.</td>');
    expect(html).not.toContain('data-reason');
  });

  it('keeps an uploaded evidence file, and refuses a file that is not what it claims', async () => {
    const enrolmentId = c.participants[0].enrolmentId;
    const send = (bytes: Buffer, type: string) => {
      const { body, contentType } = multipart(
        { _csrf: trainer.csrf, enrolmentId, module: 'M1' },
        { name: 'lesson plan.pdf', type, bytes },
      );
      return t.app.inject({
        method: 'POST',
        url: `/portal/cohorts/${c.cohortId}/evidence`,
        headers: { cookie: trainer.cookie, 'content-type': contentType },
        payload: body,
      });
    };
    const evidence = () => count(`learning_records where kind = 'evidence'`);
    const before = await evidence();
    expect((await send(Buffer.from('GIF89a not a pdf'), 'application/pdf')).statusCode).toBe(415);
    expect(await evidence()).toBe(before);
    const ok = await send(Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    expect(ok.statusCode).toBe(303);
    expect(await evidence()).toBe(before + 1);
  });

  it('enrols from the text area all or nothing, naming the bad line', async () => {
    const before = await count('enrolments where cohort_id = $1', [c.cohortId]);
    const bad = await trainer.post(`/portal/cohorts/${c.cohortId}/enrolments`, {
      participants: 'Good Person, good@school.test\nno email here',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Line 2');
    expect(await count('enrolments where cohort_id = $1', [c.cohortId])).toBe(before);
  });

  it('shows the programme form again with the reasons when it is not valid, creating nothing', async () => {
    const programmes = () => count('programmes where organisation_id = $1', [c.orgId]);
    const before = await programmes();
    const bad = await admin.post(`/portal/admin/${c.orgId}/programmes`, {
      slug: 'Not A Slug',
      nameEn: 'A programme',
      description: 'd',
      criteria: 'c',
      achievementType: 'MicroCredential',
      minAttendancePercent: '80',
      passMark: '150',
      issuanceMode: 'automatic',
      modules: 'X1; Intro; 2; 9.9',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('passMark');
    expect(bad.body).toContain('slug');
    expect(bad.body).toContain('value="Not A Slug"');
    expect(await programmes()).toBe(before);
    const unknownCompetency = await admin.post(`/portal/admin/${c.orgId}/programmes`, {
      slug: 'good-slug',
      nameEn: 'A programme',
      description: 'd',
      criteria: 'c',
      achievementType: 'MicroCredential',
      minAttendancePercent: '80',
      passMark: '50',
      issuanceMode: 'automatic',
      modules: 'X1; Intro; 2; 9.9',
    });
    expect(unknownCompetency.status).toBe(400);
    expect(await programmes()).toBe(before);
  });

  it('lets an admin approve a credential waiting for approval, suspend, reinstate and re-issue it with a reason', async () => {
    await complete(t, c, [c.participants[1].email]);
    const stateOf = async () =>
      (
        await t.dataSource.query<Array<{ id: string; state: string }>>(
          'select id, state from credentials where account_id = $1',
          [c.participants[1].accountId],
        )
      )[0];
    await waitUntil(async () => (await stateOf())?.state === 'awaiting_approval', 'waiting for approval');
    const id = (await stateOf()).id;
    const page = await admin.get('/portal/admin');
    expect(page.body).toContain(`data-credential="${id}"`);
    expect(page.body).toContain('Waiting for approval');
    expect(await admin.post(`/portal/credentials/${id}/status`, { action: 'approve', reason: '' })).toMatchObject({
      status: 303,
    });
    await waitUntil(async () => (await stateOf())?.state === 'active', 'active');
    const noReason = await admin.post(`/portal/credentials/${id}/status`, { action: 'suspend', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('Give a reason (3 to 500 characters): it is kept in the audit log.');
    // The same refusal on an Arabic page, in Arabic; nothing changed.
    const arabic = await admin.post(`/portal/credentials/${id}/status`, { action: 'suspend', reason: '' }, { lang: 'ar' });
    expect(arabic.status).toBe(400);
    expect(arabic.body).toContain('<p data-detail="true">اذكر سببًا (من 3 إلى 500 حرف): يُحفظ في سجل التدقيق.</p>');
    expect((await stateOf()).state).toBe('active');
    expect(await admin.post(`/portal/credentials/${id}/status`, { action: 'suspend', reason: 'Under review' })).toMatchObject({
      status: 303,
    });
    expect((await admin.get(`/portal/credentials/${id}`)).body).toContain('data-state="suspended"');
    expect(await admin.post(`/portal/credentials/${id}/status`, { action: 'reinstate', reason: 'Review done' })).toMatchObject({
      status: 303,
    });
    expect((await admin.get(`/portal/credentials/${id}`)).body).toContain('data-state="active"');
    // Re-issue: the old one is revoked and the new one linked; the page moves to the new one.
    const reissued = await admin.post(`/portal/credentials/${id}/status`, { action: 'reissue', reason: 'Name corrected' });
    expect(reissued.status).toBe(303);
    const newId = /\/portal\/credentials\/([0-9a-f-]{36})/.exec(reissued.location!)![1];
    expect(newId).not.toBe(id);
    const pair = await t.dataSource.query<Array<{ id: string; state: string; replaced_by_id: string | null }>>(
      'select id, state, replaced_by_id from credentials where id = any($1)',
      [[id, newId]],
    );
    expect(pair.find((r) => r.id === id)).toMatchObject({ state: 'revoked', replaced_by_id: newId });
    const unknown = await admin.post(`/portal/credentials/${id}/status`, { action: 'delete', reason: 'because' });
    expect(unknown.status).toBe(400);
    // The trainer is not an admin: the credential does not exist for them.
    expect((await trainer.post(`/portal/credentials/${id}/status`, { action: 'revoke', reason: 'not mine' })).status).toBe(404);
  });

  it('rotates the signing key, and the audit log filters by action and date', async () => {
    const active = () => count(`signing_keys where organisation_id = $1 and status = 'active'`, [c.orgId]);
    const keys = () => count('signing_keys where organisation_id = $1', [c.orgId]);
    const before = await keys();
    expect(await admin.post(`/portal/admin/${c.orgId}/keys/rotate`, {})).toMatchObject({ status: 303 });
    expect(await keys()).toBe(before + 1);
    expect(await active()).toBe(1);
    const log = await admin.get(`/portal/admin/${c.orgId}/audit?action=signing_key.created`);
    expect(log.status).toBe(200);
    expect(log.body).toContain('signing_key.created');
    expect(log.body).not.toContain('credential.approved');
    const none = await admin.get(`/portal/admin/${c.orgId}/audit?action=signing_key.created&to=2000-01-01`);
    expect(none.body).not.toContain('<td><span dir="ltr" class="ltr">signing_key.created');
    expect((await admin.get(`/portal/admin/${c.orgId}/audit?from=yesterday`)).status).toBe(400);
    expect((await trainer.get(`/portal/admin/${c.orgId}/audit`)).status).toBe(404);
  });

  it('refuses the admin’s cohort form saying why in the page’s language, creating nothing', async () => {
    const cohorts = () => count('cohorts');
    const before = await cohorts();
    const programmeId = (await t.dataSource.query<Array<{ id: string }>>('select id from programmes limit 1'))[0].id;
    const form = { programmeId, name: '  ', startsOn: '2026-04-01', endsOn: '2026-04-30', mode: 'online', language: 'fr' };
    const english = await admin.post(`/portal/admin/${c.orgId}/cohorts`, form);
    expect(english.status).toBe(400);
    expect(english.body).toContain(
      '<div class="banner bad" role="alert"><p>Give the cohort a name (at most 200 characters).</p>',
    );
    const french = await admin.post(
      `/portal/admin/${c.orgId}/cohorts`,
      { ...form, name: 'Cohorte', mode: 'by pigeon' },
      { lang: 'fr' },
    );
    expect(french.status).toBe(400);
    expect(french.body).toContain('<div class="banner bad" role="alert"><p>Choisissez une modalité.</p>');
    expect(await cohorts()).toBe(before);
  });

  it('remembers the language chosen, and otherwise follows the browser', async () => {
    const arabic = await t.app.inject({ method: 'GET', url: '/portal/sign-in', headers: { 'accept-language': 'ar,en;q=0.5' } });
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    const choose = await t.app.inject({ method: 'GET', url: '/portal/language?lang=fr&back=/portal/sign-in' });
    expect(choose.headers['location']).toBe('/portal/sign-in');
    const cookie = /cft_lang=[a-z]+/.exec(String(choose.headers['set-cookie']))![0];
    const french = await t.app.inject({
      method: 'GET',
      url: '/portal/sign-in',
      headers: { cookie, 'accept-language': 'ar' },
    });
    expect(french.body).toContain('<html lang="fr" dir="ltr">');
    expect(french.body).toContain('Se connecter');
  });

  it('serves one stylesheet, cached for a year under a name that changes with it', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/portal/sign-in' });
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)![1];
    const css = await t.app.inject({ method: 'GET', url: href });
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-type']).toContain('text/css');
    expect((await t.app.inject({ method: 'GET', url: '/portal/assets/portal.000000000000.css' })).statusCode).toBe(404);
    expect(page.body).not.toContain('<script');
  });
});
