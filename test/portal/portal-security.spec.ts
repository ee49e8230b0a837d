import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { csrfOf, portalSignIn, type PortalSession } from '../support/portal-session.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

interface Summary {
  id: string;
  accountId: string;
  shared: boolean;
}

const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

/**
 * The portal's refusals, on the real database through the real HTTP stack: CSRF, other people's
 * cohorts and credentials, the session cookie, sign-in links, and HTML in names.
 */
describe('portal security', () => {
  let t: TestApp;
  let a: EligibleCohort;
  let b: EligibleCohort;
  let credentials: Summary[];
  let trainerA: PortalSession;
  let holder1: PortalSession;
  let holder2: PortalSession;

  beforeAll(async () => {
    t = await createTestApp();
    a = await cohortWithParticipants(t, { slug: 'sec-a', participants: 2 });
    b = await cohortWithParticipants(t, { slug: 'sec-b', participants: 1 });
    await complete(t, a, [a.participants[0].email, a.participants[1].email]);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), a.orgId))['active'] === 2,
      '2 active',
    );
    credentials = await t.call<Summary[]>('GET', `/organisations/${a.orgId}/credentials`, a.admin);
    trainerA = await portalSignIn(t, a.trainer.accountId);
    holder1 = await portalSignIn(t, a.participants[0].accountId);
    holder2 = await portalSignIn(t, a.participants[1].accountId);
  });
  afterAll(() => t.close());

  const credentialOf = (accountId: string) => credentials.find((c) => c.accountId === accountId)!;
  const sharedAt = async (id: string) =>
    (await t.dataSource.query<Array<{ shared_at: Date | null }>>('select shared_at from credentials where id = $1', [id]))[0]
      .shared_at;

  it('refuses a form posted without its CSRF token, or with another session’s, and changes nothing', async () => {
    const id = credentialOf(a.participants[0].accountId).id;
    const missing = await holder1.post(`/portal/credentials/${id}/sharing`, { shared: 'true' }, { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('did not come from this site');
    const foreign = await holder1.post(`/portal/credentials/${id}/sharing`, { shared: 'true' }, { csrf: holder2.csrf });
    expect(foreign.status).toBe(403);
    const forged = await holder1.post(`/portal/credentials/${id}/sharing`, { shared: 'true' }, { csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(await sharedAt(id)).toBeNull();
    const real = await holder1.post(`/portal/credentials/${id}/sharing`, { shared: 'true' });
    expect(real).toMatchObject({ status: 303, location: `/portal/credentials/${id}?notice=shared` });
    expect(await sharedAt(id)).not.toBeNull();
  });

  it('refuses a multipart upload without its CSRF token before reading the file', async () => {
    const boundary = 'x-boundary';
    const csv = 'email,module,kind,date,hours,score\n' + `${a.participants[0].email},M1,module_completion,,,\n`;
    const payload = (token: string | undefined) =>
      [
        ...(token ? [`--${boundary}`, 'Content-Disposition: form-data; name="_csrf"', '', token] : []),
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="records.csv"',
        'Content-Type: text/csv',
        '',
        csv,
        `--${boundary}--`,
        '',
      ].join('\r\n');
    const imports = async () =>
      Number((await t.dataSource.query<Array<{ n: number }>>('select count(*)::int as n from record_imports'))[0].n);
    const before = await imports();
    const send = (token: string | undefined) =>
      t.app.inject({
        method: 'POST',
        url: `/portal/cohorts/${a.cohortId}/import`,
        headers: { cookie: trainerA.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: payload(token),
      });
    expect((await send(undefined)).statusCode).toBe(403);
    expect((await send(holder1.csrf)).statusCode).toBe(403);
    expect(await imports()).toBe(before);
    const accepted = await send(trainerA.csrf);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('data-report');
  });

  it('masks the CSRF token afresh on every page (nothing for compression to find), and accepts each', async () => {
    const first = csrfOf((await holder1.get('/portal/home')).body)!;
    const second = csrfOf((await holder1.get('/portal/home')).body)!;
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const id = credentialOf(a.participants[0].accountId).id;
    expect((await holder1.post(`/portal/credentials/${id}/sharing`, { shared: 'false' }, { csrf: first })).status).toBe(303);
    expect((await holder1.post(`/portal/credentials/${id}/sharing`, { shared: 'true' }, { csrf: second })).status).toBe(303);
  });

  it('refuses a multipart body on a route that does not read one (it would carry no checked token)', async () => {
    const admin = await portalSignIn(t, a.admin.accountId);
    const keys = async () =>
      (await t.dataSource.query<unknown[]>('select 1 from signing_keys where organisation_id = $1', [a.orgId])).length;
    const before = await keys();
    for (const url of [`/portal/admin/${a.orgId}/keys/rotate`, '/portal/sign-out']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin.cookie, 'content-type': 'multipart/form-data; boundary=b' },
        payload: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n',
      });
      expect(res.statusCode).toBe(403);
    }
    expect(await keys()).toBe(before);
    expect((await admin.get('/portal/home')).status).toBe(200);
  });

  it('never lets a trainer take over an account through a sign-in link', async () => {
    // The trainer enrols the organisation's admin (an existing account) and asks for a link.
    const adminEmail = (
      await t.dataSource.query<Array<{ email: string }>>('select email from accounts where id = $1', [a.admin.accountId])
    )[0].email;
    expect(
      (await trainerA.post(`/portal/cohorts/${a.cohortId}/enrolments`, { participants: `Admin, ${adminEmail}, teacher` })).status,
    ).toBe(303);
    const enrolmentId = (
      await t.dataSource.query<Array<{ id: string }>>('select id from enrolments where account_id = $1 and cohort_id = $2', [
        a.admin.accountId,
        a.cohortId,
      ])
    )[0].id;
    const refused = await trainerA.post(`/portal/cohorts/${a.cohortId}/participants/${enrolmentId}/sign-in-link`, {});
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('/portal/welcome/');
    // A learner with a password who is also enrolled with another organisation: refused too.
    const other = b.participants[0];
    await portalSignIn(t, other.accountId, 'their own password');
    const otherEmail = (
      await t.dataSource.query<Array<{ email: string }>>('select email from accounts where id = $1', [other.accountId])
    )[0].email;
    await trainerA.post(`/portal/cohorts/${a.cohortId}/enrolments`, { participants: `Other, ${otherEmail}, learner` });
    const otherEnrolment = (
      await t.dataSource.query<Array<{ id: string }>>('select id from enrolments where account_id = $1 and cohort_id = $2', [
        other.accountId,
        a.cohortId,
      ])
    )[0].id;
    expect((await trainerA.post(`/portal/cohorts/${a.cohortId}/participants/${otherEnrolment}/sign-in-link`, {})).status).toBe(
      403,
    );
    expect(
      await t.dataSource.query('select 1 from sign_in_links where account_id = any($1)', [[a.admin.accountId, other.accountId]]),
    ).toHaveLength(0);
  });

  it('answers impossible dates and hours with a 400 page, never a 500', async () => {
    const admin = await portalSignIn(t, a.admin.accountId);
    const programmeId = a.programmeId;
    const cohort = await admin.post(`/portal/admin/${a.orgId}/cohorts`, {
      programmeId,
      name: 'Impossible',
      startsOn: '2026-02-30',
      endsOn: '2026-03-01',
      mode: 'online',
      language: 'en',
    });
    expect(cohort.status).toBe(400);
    for (const [heldOn, hours] of [
      ['2026-02-30', '2'],
      ['2026-02-10', '0.001'],
      ['2026-02-10', '25'],
    ]) {
      expect((await trainerA.post(`/portal/cohorts/${a.cohortId}/sessions`, { module: 'M1', heldOn, hours })).status).toBe(400);
    }
    expect((await admin.get(`/portal/admin/${a.orgId}/audit?from=2026-13-45`)).status).toBe(400);
    const nul = await trainerA.post(`/portal/cohorts/${a.cohortId}/enrolments`, {
      participants: 'Nul\u0000Name, nul@school.test',
    });
    expect(nul.status).toBeLessThan(500);
  });

  it('assigns as trainer only someone the organisation knows, and says the same for an unknown email', async () => {
    const admin = await portalSignIn(t, a.admin.accountId);
    const stranger = b.participants[0];
    const strangerEmail = (
      await t.dataSource.query<Array<{ email: string }>>('select email from accounts where id = $1', [stranger.accountId])
    )[0].email;
    const b1 = await admin.post(`/portal/cohorts/${a.cohortId}/trainers`, { email: 'nobody.at.all@school.test' });
    // (the stranger was enrolled into cohort A by the previous test: use a fresh outsider)
    const outsider = await t.signedIn('learner', 'outsider@elsewhere.test');
    const b2 = await admin.post(`/portal/cohorts/${a.cohortId}/trainers`, { email: 'outsider@elsewhere.test' });
    expect(b1.status).toBe(400);
    expect(b2.status).toBe(400);
    const detail = (html: string) => /data-detail>([^<]+)</.exec(html)?.[1];
    expect(detail(b1.body)).toBe(detail(b2.body));
    expect(await t.dataSource.query('select 1 from cohort_trainers where account_id = $1', [outsider.accountId])).toHaveLength(0);
    expect(strangerEmail).toContain('@');
  });

  it('does not let a trainer open, or write to, another cohort', async () => {
    const own = await trainerA.get(`/portal/cohorts/${a.cohortId}`);
    expect(own.status).toBe(200);
    const other = await trainerA.get(`/portal/cohorts/${b.cohortId}`);
    expect(other.status).toBe(404);
    expect(other.body).not.toContain(b.participants[0].email);
    const list = await trainerA.get('/portal/cohorts');
    expect(list.body).toContain(a.cohortId);
    expect(list.body).not.toContain(b.cohortId);
    const enrol = await trainerA.post(`/portal/cohorts/${b.cohortId}/enrolments`, { participants: 'Intruder, intruder@x.test' });
    expect(enrol.status).toBe(404);
    const sessions = await trainerA.post(`/portal/cohorts/${b.cohortId}/sessions`, {
      module: 'M1',
      heldOn: '2026-01-06',
      hours: '2',
    });
    expect(sessions.status).toBe(404);
    const enrolled = await t.dataSource.query('select 1 from enrolments where cohort_id = $1', [b.cohortId]);
    expect(enrolled).toHaveLength(1);
    expect(await t.dataSource.query('select 1 from class_sessions where cohort_id = $1', [b.cohortId])).toHaveLength(0);
    // A participant is not staff: the cohort does not exist for them either.
    expect((await holder1.get(`/portal/cohorts/${a.cohortId}`)).status).toBe(404);
  });

  it('does not let a teacher see another’s credential, on the page or through a download link', async () => {
    const mine = credentialOf(a.participants[0].accountId).id;
    const theirs = credentialOf(a.participants[1].accountId).id;
    expect((await holder1.get(`/portal/credentials/${mine}`)).status).toBe(200);
    expect((await holder1.get(`/portal/credentials/${theirs}`)).status).toBe(404);
    const ownPdf = await holder1.get(`/credentials/${mine}/certificate`);
    expect(ownPdf.status).toBe(200);
    expect(ownPdf.body.startsWith('%PDF-')).toBe(true);
    expect((await holder1.get(`/credentials/${theirs}/certificate`)).status).toBe(404);
    expect((await holder1.get(`/credentials/${theirs}?format=ldp`)).status).toBeGreaterThanOrEqual(403);
    const list = await holder1.get('/portal/credentials');
    expect(list.body).toContain(mine);
    expect(list.body).not.toContain(theirs);
    const share = await holder1.post(`/portal/credentials/${theirs}/sharing`, { shared: 'true' });
    expect(share.status).toBe(404);
    expect(await sharedAt(theirs)).toBeNull();
  });

  it('never lets the session cookie write through the JSON API (reads only, for downloads)', async () => {
    const id = credentialOf(a.participants[1].accountId).id;
    const admin = await portalSignIn(t, a.admin.accountId);
    const write = await t.app.inject({
      method: 'POST',
      url: `/credentials/${id}/revocation`,
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      payload: { reason: 'forged through the cookie' },
    });
    expect(write.statusCode).toBe(401);
    const state = await t.dataSource.query<Array<{ state: string }>>('select state from credentials where id = $1', [id]);
    expect(state[0].state).toBe('active');
  });

  it('sets the session cookie HttpOnly and SameSite, ends it on sign-out, and refuses a wrong password', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/portal/sign-in' });
    const preCookie = String(page.headers['set-cookie']);
    expect(preCookie).toMatch(/HttpOnly/);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/portal/sign-in',
      headers: { cookie: preCookie.split(';')[0], 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body)!, email: a.participants[0].email, password: 'wrong' }).toString(),
    });
    expect(bad.statusCode).toBe(401);
    expect(String(bad.headers['set-cookie'] ?? '')).not.toContain('cft_session');

    const session = await portalSignIn(t, a.participants[0].accountId, 'another long password');
    const cookieLine = session.cookie;
    expect(cookieLine).toContain('cft_session=');
    expect(session.setCookie).toMatch(/cft_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax/);
    const signOut = await session.post('/portal/sign-out', {});
    expect(signOut).toMatchObject({ status: 303, location: '/portal/sign-in' });
    const after = await session.get('/portal/home');
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/portal\/sign-in/);
    const ended = () =>
      t.dataSource.query('select 1 from web_sessions where account_id = $1 and ended_at is not null', [
        a.participants[0].accountId,
      ]);
    expect(await ended()).toHaveLength(1);
    // The next sign-in clears the account's finished sessions.
    await portalSignIn(t, a.participants[0].accountId, 'another long password');
    expect(await ended()).toHaveLength(0);
  });

  it('in production, names the cookie __Host- and marks it Secure', async () => {
    const production = await createTestApp({
      env: { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://credentials.example.org' },
    });
    try {
      const account = await production.signedIn('learner');
      const session = await portalSignIn(production, account.accountId);
      expect(session.setCookie).toMatch(
        /^__Host-cft_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/,
      );
      expect((await session.get('/portal/home')).status).toBe(200);
      // The development name means nothing in production.
      const wrongName = await production.app.inject({
        method: 'GET',
        url: '/portal/home',
        headers: { cookie: session.cookie.replace('__Host-cft_session', 'cft_session') },
      });
      expect(wrongName.statusCode).toBe(303);
    } finally {
      await production.close();
    }
  });

  it('limits sign-in attempts per client, with a page that says to wait', async () => {
    const limited = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/portal/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'cft_lang=fr' },
          payload: 'email=someone%40x.test&password=guess',
        });
      expect((await attempt()).statusCode).toBe(403);
      expect((await attempt()).statusCode).toBe(403);
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('text/html');
      expect(third.body).toContain('Trop de tentatives');
    } finally {
      await limited.close();
    }
  });

  it('follows a sign-in "next" only to portal pages of this site', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/portal/sign-in?next=//evil.example/x' });
    expect(form.body).not.toContain('evil.example');
    const language = await t.app.inject({ method: 'GET', url: '/portal/language?lang=ar&back=https://evil.example/' });
    expect(language.headers['location']).toBe('/portal/home');
    expect(String(language.headers['set-cookie'])).toContain('cft_lang=ar');
  });

  it('gives a one-time sign-in link: it sets a password once, then stops working', async () => {
    const enrolmentId = a.participants[1].enrolmentId;
    const link = await trainerA.post(`/portal/cohorts/${a.cohortId}/participants/${enrolmentId}/sign-in-link`, {});
    expect(link.status).toBe(200);
    const url = /id="sign-in-link"[^>]*href="([^"]+)"|href="([^"]+)" id="sign-in-link"/.exec(link.body);
    const path = new URL((url?.[1] ?? url?.[2])!).pathname;
    const welcome = await t.app.inject({ method: 'GET', url: path });
    expect(welcome.statusCode).toBe(200);
    const cookie = String(welcome.headers['set-cookie']).split(';')[0];
    const post = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(welcome.body)!, password }).toString(),
      });
    expect((await post('short')).statusCode).toBe(400);
    const ok = await post('a brand new password');
    expect(ok.statusCode).toBe(303);
    expect(String(ok.headers['set-cookie'])).toContain('cft_session=');
    expect((await post('a second new password')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
  });

  it('escapes HTML in names on every page that shows them', async () => {
    const admin = await portalSignIn(t, a.admin.accountId);
    const enrol = await trainerA.post(`/portal/cohorts/${a.cohortId}/enrolments`, {
      participants: `${HOSTILE}; hostile@school.test; learner`,
    });
    expect(enrol.status).toBe(303);
    await trainerA.post(`/portal/cohorts/${a.cohortId}/sessions`, { module: 'M1', heldOn: '2026-01-07', hours: '3' });
    const cohortPage = await trainerA.get(`/portal/cohorts/${a.cohortId}`);
    const sessionId = /\/sessions\/([0-9a-f-]{36})"/.exec(cohortPage.body)![1];
    const enrolmentId = (
      await t.dataSource.query<Array<{ id: string }>>(
        `select e.id from enrolments e join accounts a on a.id = e.account_id where a.email = 'hostile@school.test'`,
      )
    )[0].id;
    const pages = [
      cohortPage,
      await trainerA.get(`/portal/cohorts/${a.cohortId}/sessions/${sessionId}`),
      await trainerA.get(`/portal/cohorts/${a.cohortId}/modules/M1`),
      await trainerA.post(`/portal/cohorts/${a.cohortId}/participants/${enrolmentId}/sign-in-link`, {}),
      await admin.get(`/portal/cohorts/${a.cohortId}`),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.body).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
      expect(page.body).not.toContain('<script>');
      expect(page.body).not.toContain('<img src=x');
    }
  });
});
