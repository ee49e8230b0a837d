import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildOpenBadgeCredential,
  checkOpenBadgeSchema,
  extensionContext,
  identityHash,
  documentDigest,
  inConventionalOrder,
  type OpenBadgeInput,
} from '@app/credentials';
import { KeyStore, createDocumentLoader, verifyDataIntegrity } from '@app/signing';
import { createTestApp, type TestApp } from '../support/test-app.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/ob3', name), 'utf8')) as Record<string, unknown>;

const input = (overrides: Partial<OpenBadgeInput> = {}): OpenBadgeInput => ({
  id: 'urn:uuid:0f1d5f4e-7a55-4a3f-9c35-1c1d7c1c1a01',
  publicBaseUrl: 'http://credentials.test',
  language: 'ar',
  issuer: {
    id: 'did:web:credentials.test:organisations:cred-org',
    name: { en: 'Lebanon Coding and AI', ar: 'البرمجة والذكاء الاصطناعي في لبنان' },
    url: 'https://org.example.org',
  },
  achievement: {
    id: 'http://credentials.test/programmes/11111111-1111-4111-8111-111111111111/versions/1',
    name: { en: 'Teaching Coding and AI', fr: 'Enseigner la programmation et l’IA', ar: 'تعليم البرمجة والذكاء الاصطناعي' },
    description: { en: 'A 20-hour workshop.' },
    criteria: { en: 'Attend 80% of every module and pass.', ar: 'حضور 80% من كل وحدة والنجاح.' },
    achievementType: 'MicroCredential',
    contactHours: 20,
    alignments: [
      {
        code: '2.1',
        name: 'Ethical principles',
        url: 'http://credentials.test/frameworks/unesco-ai-cft/competencies/2.1',
        framework: 'UNESCO AI Competency Framework for Teachers',
      },
    ],
  },
  subject: { email: 'Rana@School.lb', salt: 'pepper-1' },
  learnerName: 'Rana Haddad',
  result: { score: 85, passMark: 70 },
  validFrom: new Date('2026-02-06T10:00:00.123Z'),
  validUntil: new Date('2029-02-06T10:00:00Z'),
  ...overrides,
});

describe('Open Badges 3.0 credentials', () => {
  it('are built as the OB 3.0 schema wants them, texts in the cohort’s language with the others as translations', () => {
    const credential = buildOpenBadgeCredential(input());
    expect(checkOpenBadgeSchema(credential)).toEqual([]);
    expect(credential).toMatchObject({
      name: 'تعليم البرمجة والذكاء الاصطناعي',
      validFrom: '2026-02-06T10:00:00Z',
      credentialSubject: {
        identifier: [
          { identityHash: identityHash('rana@school.lb', 'pepper-1'), hashed: true, identityType: 'emailAddress' },
          { identityHash: 'Rana Haddad', hashed: false, identityType: 'name' },
        ],
        achievement: {
          description: 'A 20-hour workshop.',
          contactHours: 20,
          translations: { name: { en: 'Teaching Coding and AI', fr: 'Enseigner la programmation et l’IA' } },
          alignment: [{ targetCode: '2.1', targetFramework: 'UNESCO AI Competency Framework for Teachers' }],
        },
        result: [{ value: '85' }],
      },
    });
    expect(JSON.stringify(credential)).not.toContain('Rana@School.lb');
    expect(buildOpenBadgeCredential(input())).toEqual(credential);
  });

  it('name the learner by a DID when they have bound one', () => {
    const credential = buildOpenBadgeCredential(
      input({ subject: { did: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2' } }),
    );
    expect(credential['credentialSubject']).toMatchObject({ id: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2' });
    expect(checkOpenBadgeSchema(credential)).toEqual([]);
    // With the email too (as issued to a learner who linked a DID): both, the email hashed.
    const both = buildOpenBadgeCredential(
      input({ subject: { did: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', email: 'rana@school.lb', salt: 's' } }),
    );
    const subject = both['credentialSubject'] as { id: string; identifier: Array<{ identityType: string; hashed: boolean }> };
    expect(subject.id).toBe('did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2');
    expect(subject.identifier.map((i) => [i.identityType, i.hashed])).toEqual([
      ['emailAddress', true],
      ['name', false],
    ]);
    expect(JSON.stringify(both)).not.toContain('rana@school.lb');
    expect(checkOpenBadgeSchema(both)).toEqual([]);
  });

  it('the schema check accepts the 1EdTech example and refuses the 1EdTech negative samples and a broken credential', () => {
    expect(checkOpenBadgeSchema(fixture('basicOpenBadgeCredential-1.json'))).toEqual([]);
    expect(checkOpenBadgeSchema(fixture('simple-err-issuer-type.json')).length).toBeGreaterThan(0);
    expect(checkOpenBadgeSchema(fixture('simple-err-credential-subject-type.json')).length).toBeGreaterThan(0);
    const broken = buildOpenBadgeCredential(input());
    delete broken['validFrom'];
    (broken['@context'] as string[])[1] = 'https://example.org/not-ob.json';
    const problems = checkOpenBadgeSchema(broken).map((p) => p.pointer);
    expect(problems).toEqual(expect.arrayContaining(['/@context/1']));
    expect(checkOpenBadgeSchema(broken).some((p) => p.detail.includes('validFrom'))).toBe(true);
  });

  describe('signed by the organisation', () => {
    let t: TestApp;
    let keys: KeyStore;
    let orgId: string;
    beforeAll(async () => {
      t = await createTestApp();
      keys = t.app.get(KeyStore);
      const platform = await t.signedIn('platform_admin');
      orgId = (
        await t.call<{ id: string }>('POST', '/organisations', platform, { slug: 'cred-org', name: { en: 'Cred Org' } }, 201)
      ).id;
    });
    afterAll(() => t.close());

    // The service's own loader holds its extension context.
    const loader = () => keys.documentLoader();

    it('sign and verify with the extension context bundled, and every changed field fails', async () => {
      const unsigned = buildOpenBadgeCredential(input());
      const { document: signed } = await keys.signCredential(orgId, unsigned);
      expect((await verifyDataIntegrity({ credential: signed, documentLoader: loader() })).verified).toBe(true);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tampering walks the document freely
      const twins: Array<[string, (c: Record<string, any>) => void]> = [
        ['the name', (c) => (c['name'] = 'Another name')],
        ['the hours', (c) => (c['credentialSubject']['achievement']['contactHours'] = 40)],
        ['the competency', (c) => (c['credentialSubject']['achievement']['alignment'][0]['targetCode'] = '2.3')],
        ['the issuer', (c) => (c['issuer']['name'] = 'Somebody else')],
        ['the dates', (c) => (c['validUntil'] = '2099-01-01T00:00:00Z')],
        ['the learner name', (c) => (c['credentialSubject']['identifier'][1]['identityHash'] = 'Someone Else')],
        ['the score', (c) => (c['credentialSubject']['result'][0]['value'] = '99')],
        ['a translation', (c) => (c['credentialSubject']['achievement']['translations']['name']['fr'] = 'Autre')],
      ];
      for (const [what, tamper] of twins) {
        const copy = structuredClone(signed);
        tamper(copy);
        const result = await verifyDataIntegrity({ credential: copy, documentLoader: loader() });
        expect({ what, verified: result.verified }).toEqual({ what, verified: false });
      }
    });

    it('read back from PostgreSQL (jsonb sorts keys) are put in the order they were signed in, and still verify', async () => {
      const { document: signed } = await keys.signCredential(orgId, buildOpenBadgeCredential(input()));
      const [{ d: fromJsonb }] = await t.dataSource.query<Array<{ d: Record<string, unknown> }>>('select $1::jsonb as d', [
        JSON.stringify(signed),
      ]);
      expect(Object.keys(fromJsonb)[0]).toBe('id');
      const ordered = inConventionalOrder(fromJsonb);
      expect(JSON.stringify(ordered)).toBe(JSON.stringify(signed));
      expect(Object.keys(fromJsonb)[0]).toBe('id'); // a copy: what it was given is unchanged
      expect((await verifyDataIntegrity({ credential: ordered, documentLoader: loader() })).verified).toBe(true);
      // Arrays keep their order; unknown keys follow the known ones, in code unit order, whatever
      // the order they came in (so a credential has one text, signed or read back).
      expect(inConventionalOrder({ zeta: 1, proof: {}, alpha: [3, 1, 2], '@context': ['b', 'a'], id: 'x' })).toEqual({
        '@context': ['b', 'a'],
        id: 'x',
        proof: {},
        zeta: 1,
        alpha: [3, 1, 2],
      });
      expect(Object.keys(inConventionalOrder({ zeta: 1, proof: {}, alpha: [3, 1, 2], '@context': ['b', 'a'], id: 'x' }))).toEqual(
        ['@context', 'id', 'proof', 'alpha', 'zeta'],
      );
      const unranked = { zeta: 1, Beta: 2, alpha: { y: 1, x: 2 } };
      const [{ d: unrankedFromJsonb }] = await t.dataSource.query<Array<{ d: Record<string, unknown> }>>(
        'select $1::jsonb as d',
        [JSON.stringify(unranked)],
      );
      expect(JSON.stringify(inConventionalOrder(unrankedFromJsonb))).toBe('{"Beta":2,"alpha":{"x":2,"y":1},"zeta":1}');
      expect(JSON.stringify(inConventionalOrder(unranked))).toBe('{"Beta":2,"alpha":{"x":2,"y":1},"zeta":1}');
      // Its digest is that of this one text: the same signed or read back, another for any change.
      expect(documentDigest(fromJsonb)).toBe(documentDigest(signed));
      expect(documentDigest(signed)).toBe(createHash('sha256').update(JSON.stringify(signed)).digest('base64url'));
      // The tampered twin: the same keys, one value changed, is another document and fails.
      const tampered = inConventionalOrder({ ...fromJsonb, name: 'Another name' });
      expect(JSON.stringify(tampered)).not.toBe(JSON.stringify(signed));
      expect((await verifyDataIntegrity({ credential: tampered, documentLoader: loader() })).verified).toBe(false);
      expect(documentDigest(tampered)).not.toBe(documentDigest(signed));
    });

    it('the extension context is served at its URL, as the loader holds it', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/contexts/ai-cft-credentials/v1.json' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/ld\+json/);
      expect(res.json()).toEqual(extensionContext());
    });

    it('is not verified by a loader without the extension context (it refuses the URL)', async () => {
      const { document: signed } = await keys.signCredential(orgId, buildOpenBadgeCredential(input()));
      const result = await verifyDataIntegrity({
        credential: signed,
        documentLoader: createDocumentLoader({ resolveDid: (d) => keys.resolveOwnDid(d) }),
      });
      expect(result.verified).toBe(false);
      expect(result.errors.join(' ')).toMatch(/contexts\/ai-cft-credentials\/v1\.json/);
    });

    it('refuses to sign a credential whose context the service does not hold, and nothing is fetched', async () => {
      const unsigned = {
        ...buildOpenBadgeCredential(input()),
        '@context': [...(buildOpenBadgeCredential(input())['@context'] as string[]), 'https://example.org/unknown/v1'],
      };
      await expect(keys.signCredential(orgId, unsigned)).rejects.toThrow(/example\.org\/unknown/);
    });
  });
});
