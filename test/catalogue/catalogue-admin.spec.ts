import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Headers = { authorization: string };

const workshop = (overrides: Record<string, unknown> = {}) => ({
  slug: 'teacher-ai-workshop',
  name: { en: 'Teaching Coding and AI', fr: 'Enseigner la programmation et l’IA', ar: 'تعليم البرمجة والذكاء الاصطناعي' },
  description: { en: 'A 20-hour workshop for teachers.' },
  criteria: { en: 'Attend 80% of every module and pass the final assessment.' },
  achievementType: 'MicroCredential',
  minAttendancePercent: 80,
  passMark: 70,
  validityMonths: 36,
  issuanceMode: 'automatic',
  modules: [
    { code: 'W1', title: { en: 'AI foundations' }, contactHours: 5, competencies: ['3.1'] },
    { code: 'W2', title: { en: 'Ethics and safe use' }, contactHours: 4, competencies: ['2.1', '2.2'] },
    { code: 'W3', title: { en: 'Teaching the course' }, contactHours: 11, assessed: true, competencies: ['4.1'] },
  ],
  ...overrides,
});

describe('catalogue administration', () => {
  let t: TestApp;
  let platform: { headers: Headers; accountId: string };
  let orgId: string;
  let otherOrgId: string;
  let orgAdmin: { headers: Headers; accountId: string };

  beforeAll(async () => {
    t = await createTestApp();
    platform = await t.signedIn('platform_admin');
    const create = async (slug: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/organisations',
        headers: platform.headers,
        payload: {
          slug,
          name: { en: `Org ${slug}`, ar: 'منظمة' },
          url: 'https://org.example.org',
          email: 'info@org.example.org',
        },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    orgId = await create('ministry-a');
    otherOrgId = await create('ministry-b');
    orgAdmin = await t.signedIn([{ role: 'org_admin', organisationId: orgId }]);
  });
  afterAll(() => t.close());

  const programmeRows = async () =>
    Number((await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from programmes'))[0].n);

  describe('organisations', () => {
    it('are created by platform admins, with an audit event naming who and which request', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/organisations',
        headers: { ...platform.headers, 'x-request-id': 'req-org-1' },
        payload: { slug: 'iioe-demo', name: { en: 'IIOE' } },
      });
      expect(res.statusCode).toBe(201);
      const [event] = await t.dataSource.query<Array<Record<string, unknown>>>(
        "select actor_id, action, request_id, after from audit_events where action = 'organisation.created' and entity_id = $1",
        [res.json<{ id: string }>().id],
      );
      expect(event).toMatchObject({
        actor_id: platform.accountId,
        request_id: 'req-org-1',
        after: expect.objectContaining({ slug: 'iioe-demo' }),
      });
    });

    it('refuse a taken slug (409), a malformed one (400), and org admins (403)', async () => {
      const dup = await t.app.inject({
        method: 'POST',
        url: '/organisations',
        headers: platform.headers,
        payload: { slug: 'ministry-a', name: { en: 'Again' } },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'slug_taken' });
      const bad = await t.app.inject({
        method: 'POST',
        url: '/organisations',
        headers: platform.headers,
        payload: { slug: 'Bad Slug!', name: { en: 'x' } },
      });
      expect(bad.statusCode).toBe(400);
      const byOrgAdmin = await t.app.inject({
        method: 'POST',
        url: '/organisations',
        headers: orgAdmin.headers,
        payload: { slug: 'mine', name: { en: 'x' } },
      });
      expect(byOrgAdmin.statusCode).toBe(403);
    });

    it('are changed by their own admins only, with before and after in the audit log', async () => {
      const own = await t.app.inject({
        method: 'PATCH',
        url: `/organisations/${orgId}`,
        headers: orgAdmin.headers,
        payload: { email: 'new@org.example.org' },
      });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ email: 'new@org.example.org' });
      const [event] = await t.dataSource.query<Array<{ before: { email: string }; after: { email: string } }>>(
        "select before, after from audit_events where action = 'organisation.updated' and entity_id = $1",
        [orgId],
      );
      expect(event).toMatchObject({ before: { email: 'info@org.example.org' }, after: { email: 'new@org.example.org' } });
      const other = await t.app.inject({
        method: 'PATCH',
        url: `/organisations/${otherOrgId}`,
        headers: orgAdmin.headers,
        payload: { email: 'x@y.org' },
      });
      expect(other.statusCode).toBe(403);
      const self = await t.app.inject({
        method: 'PATCH',
        url: `/organisations/${orgId}`,
        headers: orgAdmin.headers,
        payload: { parentId: orgId },
      });
      expect(self.statusCode).toBe(422);
    });
  });

  describe('programmes', () => {
    let programmeId: string;

    it('are created by the organisation’s admins with modules, hours and UNESCO AI CFT alignments', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/organisations/${orgId}/programmes`,
        headers: orgAdmin.headers,
        payload: workshop(),
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<{
        id: string;
        version: number;
        totalContactHours: number;
        modules: Array<{ code: string; competencies: string[] }>;
      }>();
      programmeId = body.id;
      expect(body).toMatchObject({ version: 1, totalContactHours: 20, achievementType: 'MicroCredential', validityMonths: 36 });
      expect(body.modules.map((m) => [m.code, m.competencies])).toEqual([
        ['W1', ['3.1']],
        ['W2', ['2.1', '2.2']],
        ['W3', ['4.1']],
      ]);
      expect((await t.app.inject({ method: 'GET', url: `/programmes/${programmeId}` })).json()).toEqual(body);
    });

    it.each([
      [
        'an unknown competency',
        { modules: [{ code: 'X', title: { en: 'x' }, contactHours: 1, competencies: ['9.9'] }] },
        422,
        'unknown_competency',
      ],
      [
        'repeated module codes',
        {
          modules: [
            { code: 'A', title: { en: 'a' }, contactHours: 1 },
            { code: 'A', title: { en: 'b' }, contactHours: 1 },
          ],
        },
        422,
        'unprocessable',
      ],
      ['no modules', { modules: [] }, 400, 'validation_failed'],
      ['negative hours', { modules: [{ code: 'A', title: { en: 'a' }, contactHours: -2 }] }, 400, 'validation_failed'],
      [
        'an unknown trainer prerequisite',
        { requiredTrainerProgrammeId: '00000000-0000-4000-8000-000000000000' },
        422,
        'unknown_reference',
      ],
      ['a pass mark over 100', { passMark: 101 }, 400, 'validation_failed'],
      ['an unknown achievement type', { achievementType: 'Diploma' }, 400, 'validation_failed'],
      ['a missing English name', { name: { fr: 'seulement en français' } }, 400, 'validation_failed'],
    ])('refuse %s and write nothing', async (_case, overrides, status, code) => {
      const before = await programmeRows();
      const res = await t.app.inject({
        method: 'POST',
        url: `/organisations/${orgId}/programmes`,
        headers: orgAdmin.headers,
        payload: workshop({ slug: 'refused', ...overrides }),
      });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ code });
      expect(await programmeRows()).toBe(before);
    });

    it('refuse a slug the organisation already uses (409), and another organisation’s admin (403)', async () => {
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/organisations/${orgId}/programmes`,
            headers: orgAdmin.headers,
            payload: workshop(),
          })
        ).statusCode,
      ).toBe(409);
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: `/organisations/${otherOrgId}/programmes`,
        headers: orgAdmin.headers,
        payload: workshop(),
      });
      expect(elsewhere.statusCode).toBe(403);
    });

    it('change by new versions: the old version stays exactly as it was', async () => {
      const v1 = (await t.app.inject({ method: 'GET', url: `/programmes/${programmeId}/versions/1` })).json();
      const { slug: _slug, ...content } = workshop({ minAttendancePercent: 90 });
      const res = await t.app.inject({
        method: 'PUT',
        url: `/programmes/${programmeId}`,
        headers: orgAdmin.headers,
        payload: content,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ version: 2, minAttendancePercent: 90 });
      expect((await t.app.inject({ method: 'GET', url: `/programmes/${programmeId}` })).json()).toMatchObject({ version: 2 });
      expect((await t.app.inject({ method: 'GET', url: `/programmes/${programmeId}/versions/1` })).json()).toEqual(v1);
      expect((await t.app.inject({ method: 'GET', url: `/programmes/${programmeId}/versions/9` })).statusCode).toBe(404);
      const [event] = await t.dataSource.query<Array<{ before: unknown; after: { version: number } }>>(
        "select before, after from audit_events where action = 'programme.revised' and entity_id = $1",
        [programmeId],
      );
      expect(event).toMatchObject({ before: { version: 1 }, after: { version: 2, minAttendancePercent: 90 } });
    });

    it('get distinct version numbers under concurrent revisions', async () => {
      const { slug: _slug, ...content } = workshop();
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          t.app.inject({ method: 'PUT', url: `/programmes/${programmeId}`, headers: orgAdmin.headers, payload: content }),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      expect(results.map((r) => r.json<{ version: number }>().version).sort()).toEqual([3, 4, 5, 6]);
    });

    it('may not be changed by another organisation’s admin', async () => {
      const stranger = await t.signedIn([{ role: 'org_admin', organisationId: otherOrgId }]);
      const { slug: _slug, ...content } = workshop();
      expect(
        (await t.app.inject({ method: 'PUT', url: `/programmes/${programmeId}`, headers: stranger.headers, payload: content }))
          .statusCode,
      ).toBe(403);
    });
  });

  describe('the audit log', () => {
    it('shows an organisation admin their organisation’s events, and nobody else’s', async () => {
      const own = await t.app.inject({ method: 'GET', url: `/audit-events?organisationId=${orgId}`, headers: orgAdmin.headers });
      expect(own.statusCode).toBe(200);
      const events = own.json<Array<{ organisationId: string; action: string }>>();
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.organisationId === orgId)).toBe(true);
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining(['programme.created', 'programme.revised', 'organisation.updated']),
      );
      expect((await t.app.inject({ method: 'GET', url: '/audit-events', headers: orgAdmin.headers })).statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: 'GET', url: `/audit-events?organisationId=${otherOrgId}`, headers: orgAdmin.headers }))
          .statusCode,
      ).toBe(403);
      const trainer = await t.signedIn([{ role: 'trainer', organisationId: orgId }]);
      expect(
        (await t.app.inject({ method: 'GET', url: `/audit-events?organisationId=${orgId}`, headers: trainer.headers }))
          .statusCode,
      ).toBe(403);
    });

    it('filters by action and pages back in time for platform admins', async () => {
      const revised = (
        await t.app.inject({ method: 'GET', url: '/audit-events?action=programme.revised&limit=2', headers: platform.headers })
      ).json<Array<{ id: string; action: string }>>();
      expect(revised).toHaveLength(2);
      expect(revised.every((e) => e.action === 'programme.revised')).toBe(true);
      const older = (
        await t.app.inject({
          method: 'GET',
          url: `/audit-events?action=programme.revised&before=${revised[1].id}`,
          headers: platform.headers,
        })
      ).json<Array<{ id: string }>>();
      expect(older.every((e) => BigInt(e.id) < BigInt(revised[1].id))).toBe(true);
      expect((await t.app.inject({ method: 'GET', url: '/audit-events?limit=0', headers: platform.headers })).statusCode).toBe(
        400,
      );
    });
  });
});
