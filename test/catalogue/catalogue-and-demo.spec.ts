import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_ACCOUNTS, DemoSeeder } from '@app/demo';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('catalogue and demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the UNESCO AI CFT at a stable URI, each competency at its own', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/frameworks/unesco-ai-cft' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ uri: string; competencies: Array<{ uri: string; code: string; levelName: { en: string } }> }>();
    expect(body.uri).toBe('http://credentials.test/frameworks/unesco-ai-cft');
    expect(body.competencies).toHaveLength(15);
    expect(body.competencies[4]).toMatchObject({
      code: '2.2',
      uri: 'http://credentials.test/frameworks/unesco-ai-cft/competencies/2.2',
      levelName: { en: 'Deepen' },
    });
    const one = await t.app.inject({ method: 'GET', url: '/frameworks/unesco-ai-cft/competencies/4.3' });
    expect(one.json()).toMatchObject({ aspect: 4, level: 3, name: { en: 'AI-enhanced pedagogical transformation' } });
    expect((await t.app.inject({ method: 'GET', url: '/frameworks/unesco-ai-cft/competencies/6.1' })).statusCode).toBe(404);
  });

  it('loads the demo organisations, programmes and accounts once, in one transaction', async () => {
    const seeder = t.app.get(DemoSeeder);
    const [first, second] = await Promise.all([seeder.seedIfEmpty('demo passphrase 1'), seeder.seedIfEmpty('demo passphrase 1')]);
    expect([first, second].sort()).toEqual([false, true]);
    expect(await seeder.seedIfEmpty('demo passphrase 1')).toBe(false);

    const orgs = (await t.app.inject({ method: 'GET', url: '/organisations' })).json<Array<{ slug: string }>>();
    expect(orgs.map((o) => o.slug)).toEqual(['iioe', 'lebanon-coding-ai']);
    const programmes = (await t.app.inject({ method: 'GET', url: '/programmes' })).json<
      Array<{
        slug: string;
        totalContactHours: number;
        requiredTrainerProgrammeId?: string;
        id: string;
        modules: Array<{ competencies: string[] }>;
      }>
    >();
    const bySlug = new Map(programmes.map((p) => [p.slug, p]));
    expect(bySlug.get('learner-coding-ai-course')!.totalContactHours).toBe(40);
    expect(bySlug.get('learner-coding-ai-course')!.requiredTrainerProgrammeId).toBe(bySlug.get('teacher-ai-workshop')!.id);
    expect(bySlug.get('teacher-ai-workshop')!.modules[1].competencies).toEqual(['2.1', '2.2']);
    expect(bySlug.get('ai-competency-micro-certification')!.modules).toHaveLength(5);
    const [{ count }] = await t.dataSource.query<Array<{ count: string }>>(
      'select count(*) from accounts where email = any($1)',
      [DEMO_ACCOUNTS.map((a) => a.email)],
    );
    expect(Number(count)).toBe(DEMO_ACCOUNTS.length);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/auth/token',
      payload: { email: 'trainer@lebanon.demo.local', password: 'demo passphrase 1' },
    });
    expect(signIn.statusCode).toBe(200);

    // A workshop cohort recorded as its trainer would have: one teacher complete (her credential
    // queued by the issuance capability), one failed the assessment, one came once.
    const enrolments = await t.dataSource.query<Array<{ email: string; status: string }>>(
      `select a.email, e.status from enrolments e join accounts a on a.id = e.account_id order by a.email`,
    );
    expect(enrolments).toEqual([
      { email: 'teacher1@lebanon.demo.local', status: 'completed' },
      { email: 'teacher2@lebanon.demo.local', status: 'in_progress' },
      { email: 'teacher3@lebanon.demo.local', status: 'in_progress' },
    ]);
    const credentials = await t.dataSource.query<Array<{ email: string }>>(
      `select a.email from credentials c join accounts a on a.id = c.account_id`,
    );
    expect(credentials).toEqual([{ email: 'teacher1@lebanon.demo.local' }]);
  });

  it('finds an organisation by id or by slug, and answers 404 for an unknown one', async () => {
    const bySlug = await t.app.inject({ method: 'GET', url: '/organisations/iioe' });
    expect(bySlug.statusCode).toBe(200);
    const { id } = bySlug.json<{ id: string }>();
    expect((await t.app.inject({ method: 'GET', url: `/organisations/${id}` })).json()).toEqual(bySlug.json());
    expect((await t.app.inject({ method: 'GET', url: '/organisations/no-such-org' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/organisations/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(
      404,
    );
    // An organisation without programmes lists none (and not everybody's).
    const none = await t.app.inject({ method: 'GET', url: '/programmes?organisationId=00000000-0000-4000-8000-000000000000' });
    expect(none.json()).toEqual([]);
  });

  it('rejects a malformed organisation filter', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/programmes?organisationId=nope' })).statusCode).toBe(400);
  });
});
