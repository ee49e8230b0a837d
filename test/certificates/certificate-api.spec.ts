import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import yauzl from 'yauzl';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { pdfAttachments, pdfInfo, pdfQrCodes, pdfText } from '../support/pdf-tools.js';
import { solidPng } from '../support/png.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

interface Summary {
  id: string;
  credentialId: string;
  state: string;
  enrolmentId: string | null;
}

const zipEntries = (zip: Buffer): Promise<Map<string, Buffer>> =>
  new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) return reject(error);
      const out = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(out));
      file.on('error', reject);
      file.readEntry();
    });
  });

/**
 * Certificates through the API, on the real database: a learner downloads the PDF of their
 * credential (the attached credential is the stored one), admins get a cohort's ZIP and set the
 * organisation's template; every refusal leaves things as they were.
 */
describe('certificates through the API', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];
  const email = (n: number) => `p${n}.certs@school.test`;
  const holder = async (n: number) => t.tokenFor(cohort.participants.find((p) => p.email === email(n))!.accountId);
  const get = async (
    url: string,
    who: { headers: { authorization: string } } | undefined,
    headers: Record<string, string> = {},
  ) => t.app.inject({ method: 'GET', url, headers: { ...who?.headers, ...headers } });

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'certs', participants: 4, language: 'ar', certificateLanguages: 'ar-en' });
    await complete(t, cohort, [email(1), email(2), email(3)]);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 3,
      '3 active',
    );
    records = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
  });
  afterAll(() => t.close());

  const recordOf = (n: number): Summary =>
    records.find((r) => r.enrolmentId === cohort.participants.find((p) => p.email === email(n))!.enrolmentId)!;

  it('give a holder the PDF of their credential: the cohort’s languages, the stored credential attached, a QR to its page', async () => {
    const record = recordOf(1);
    const res = await get(`/credentials/${record.id}/certificate`, await holder(1));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="certificate-${record.id}.pdf"`);
    const pdf = res.rawPayload;
    const stored = await t.call<Record<string, unknown>>('GET', `/credentials/${record.id}`, cohort.admin);
    const files = pdfAttachments(pdf);
    const attached = JSON.parse(files.get('credential.json')!.toString('utf8')) as Record<string, unknown>;
    expect(attached).toEqual(stored);
    // Written out as handed out: @context first, the proof last.
    expect(Object.keys(attached)).toEqual(Object.keys(stored));
    expect(Object.keys(attached)[0]).toBe('@context');
    expect(Object.keys(attached).at(-1)).toBe('proof');
    expect(files.get('credential.jwt')!.toString()).toBe((await get(`/credentials/${record.id}?format=jwt`, cohort.admin)).body);
    expect(pdfQrCodes(pdf)).toEqual([`${t.config.http.publicBaseUrl}/verify/${record.id}`]);
    expect(pdfInfo(pdf)['Title']).toBe(`شهادة إتمام: ${String(stored['name'])} (Participant 1)`);
    const text = pdfText(pdf);
    expect(text).toContain('Participant 1');
    expect(text).toContain('Certificate of Completion');
    // The competency names come from the catalogue in every language.
    expect(text).toContain('Human agency');

    // The same bytes again, and a 304 for the same ETag.
    const again = await get(`/credentials/${record.id}/certificate`, await holder(1));
    expect(again.rawPayload.equals(pdf)).toBe(true);
    const etag = res.headers['etag'] as string;
    expect((await get(`/credentials/${record.id}/certificate`, await holder(1), { 'if-none-match': etag })).statusCode).toBe(304);

    // Asked in French only.
    const french = await get(`/credentials/${record.id}/certificate?lang=fr`, await holder(1));
    expect(pdfText(french.rawPayload)).toContain('Certificat de réussite');
    expect(french.headers['etag']).not.toBe(etag);
  });

  it('refuse another learner, anonymous callers, an unknown language and a malformed id', async () => {
    const record = recordOf(1);
    expect((await get(`/credentials/${record.id}/certificate`, await holder(2))).statusCode).toBe(404);
    expect((await get(`/credentials/${record.id}/certificate`, undefined)).statusCode).toBe(401);
    const bad = await get(`/credentials/${record.id}/certificate?lang=de`, await holder(1));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await get(`/credentials/${record.id}/certificate?lang=ar-ar`, await holder(1))).statusCode).toBe(400);
    expect((await get('/credentials/not-a-uuid/certificate', await holder(1))).statusCode).toBe(400);
  });

  it('give admins a ZIP of the cohort’s certificates; trainers and learners are refused', async () => {
    const res = await get(`/cohorts/${cohort.cohortId}/certificates?lang=en`, cohort.admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const entries = await zipEntries(res.rawPayload);
    expect([...entries.keys()].sort()).toEqual([1, 2, 3].map((n) => `Participant-${n}-${recordOf(n).id.slice(0, 8)}.pdf`).sort());
    for (const [, pdf] of entries) expect(pdfText(pdf)).toContain('Certificate of Completion');
    expect((await get(`/cohorts/${cohort.cohortId}/certificates`, cohort.trainer)).statusCode).toBe(403);
    expect((await get(`/cohorts/${cohort.cohortId}/certificates`, await holder(1))).statusCode).toBe(403);
    expect((await get('/cohorts/00000000-0000-4000-8000-000000000000/certificates', cohort.admin)).statusCode).toBe(404);
  });

  it('let admins set the template (design, colours, logo, signatories); refusals change nothing', async () => {
    const url = `/organisations/${cohort.orgId}/certificate-template`;
    expect(await t.call('GET', url, cohort.admin)).toMatchObject({ version: 0, design: 'classic', hasLogo: false });
    const template = {
      design: 'modern',
      primaryColour: '#0b5394',
      accentColour: '#e69138',
      logo: solidPng(120, 40, [11, 83, 148]).toString('base64'),
      signatories: [
        { name: 'Dr. Maya Khoury', title: 'Programme Director', signature: solidPng(60, 20, [0, 0, 0]).toString('base64') },
        { name: 'سامي نصر', title: 'مدير المركز' },
      ],
    };
    const saved = await t.call('PUT', url, cohort.admin, template, 200);
    expect(saved).toMatchObject({
      version: 1,
      design: 'modern',
      primaryColour: '#0B5394',
      hasLogo: true,
      signatories: [{ hasSignature: true }, { hasSignature: false }],
    });
    // The same template again: nothing changes.
    expect(await t.call('PUT', url, cohort.admin, template, 200)).toMatchObject({ version: 1 });

    const refused: Array<[unknown, number]> = [
      [{ ...template, primaryColour: 'blue' }, 400],
      [{ ...template, design: 'baroque' }, 400],
      [{ ...template, logo: Buffer.from('GIF89a not a png').toString('base64') }, 400],
      [{ ...template, logo: 'not base64 at all!' }, 400],
      // A PNG signature with broken contents: it cannot be drawn.
      [
        { ...template, logo: Buffer.concat([solidPng(4, 4, [1, 2, 3]).subarray(0, 16), Buffer.alloc(40, 7)]).toString('base64') },
        422,
      ],
      [{ ...template, signatories: [1, 2, 3, 4].map((n) => ({ name: `S${n}`, title: '' })) }, 400],
    ];
    for (const [body, status] of refused) {
      const res = await t.app.inject({ method: 'PUT', url, headers: cohort.admin.headers, payload: body as object });
      expect([res.statusCode, res.headers['content-type']]).toEqual([
        status,
        expect.stringContaining('application/problem+json'),
      ]);
    }
    expect(await t.call('GET', url, cohort.admin)).toMatchObject({ version: 1, design: 'modern' });
    expect((await t.app.inject({ method: 'PUT', url, headers: (await holder(1)).headers, payload: template })).statusCode).toBe(
      403,
    );

    // Certificates now use it, and their ETag changes with it.
    const record = recordOf(2);
    const pdf = (await get(`/credentials/${record.id}/certificate?lang=en`, cohort.admin)).rawPayload;
    expect(pdfText(pdf)).toContain('Dr. Maya Khoury');
    const preview = await get(`${url}/preview?lang=ar-fr`, cohort.admin);
    expect(preview.statusCode).toBe(200);
    expect(pdfText(preview.rawPayload)).toContain('Certificat de réussite');
  });
});
