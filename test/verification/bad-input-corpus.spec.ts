import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CompactSign } from 'jose';
import { buildOpenBadgeCredential } from '@app/credentials';
import { generateSigningKey, signDataIntegrity } from '@app/signing';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { childEnv, freePort, startService, type Service } from '../support/processes.js';
import { credentialInput, loader, signedCredential } from '../support/signed-credential.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly path?: string;
  /** Sent as JSON unless `raw` is given. */
  readonly body?: unknown;
  readonly raw?: string | Buffer;
  readonly contentType?: string;
  readonly method?: string;
  /** A 200 must say `verified: false` (the VC-API) or show no "valid" banner (the page's form). */
  readonly mustNotVerify?: boolean;
}

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const clone = <T>(value: T): T => structuredClone(value);

/**
 * One request over node:http. A server may answer a body that is too large before it has read
 * it all, and close; the answer still counts (fetch would report the broken upload instead).
 */
function send(url: string, method: string, init: RequestInit): Promise<{ status: number; text: string }> {
  const body = init.body as string | Uint8Array | undefined;
  // Large bodies ask first (Expect: 100-continue, as curl does): the server may refuse before
  // reading them, and the refusal is the answer.
  const large = body !== undefined && body.length > 512 * 1024;
  const headers = { ...(init.headers as Record<string, string>), ...(large ? { expect: '100-continue' } : {}) };
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('no answer within 30 s')), 30_000).unref();
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The answer came before the body was sent: it stands.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    // A server that refuses by Content-Length answers at once; give it a moment before sending.
    if (large) req.on('continue', () => setTimeout(() => req.end(body), 300));
    else req.end(body);
  });
}

/** Every leaf of a document, as a path of keys. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return entries.flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}

function setAt(doc: Json, path: Array<string | number>, change: (v: unknown) => unknown): Json {
  const copy = clone(doc);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const next = change(node[last]);
  if (next === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
  return copy;
}
const DELETE = Symbol('delete');
const changed = (v: unknown): unknown =>
  typeof v === 'string'
    ? v.length
      ? `${v.slice(0, -1)}${v.endsWith('x') ? 'y' : 'x'}`
      : 'x'
    : typeof v === 'number'
      ? v + 1
      : typeof v === 'boolean'
        ? !v
        : 'x';

/** JSON text nested `depth` deep (JSON.stringify itself would overflow the stack). */
const deepText = (depth: number, kind: 'array' | 'object' = 'object'): string =>
  kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const DEEP = '\u0000deep';
/** A JSON body with the value DEEP replaced by text nested `depth` deep. */
const withDeep = (template: unknown, depth: number, kind: 'array' | 'object' = 'object'): string =>
  JSON.stringify(template).replace(JSON.stringify(DEEP), deepText(depth, kind));
const nestedText = (depth: number): string => `{"verifiableCredential":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/**
 * A corpus of bad input against the built service in its own process, with a network guard
 * loaded into every one of its threads: each case gets a 2xx that does not verify, or a 4xx;
 * never a 5xx; and the service attempts no connection but to its database, and no DNS lookup.
 */
describe('a corpus of bad input against the running service', () => {
  let t: TestApp;
  let service: Service;
  let cohort: EligibleCohort;
  let guardLog: string;
  const secrets = {
    SIGNING_MASTER_KEY: randomBytes(32).toString('base64'),
    AUTH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
  };
  const email = (n: number) => `p${n}.corpus@school.test`;
  const docs: Json[] = [];
  let jwt = '';
  const cases: Case[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { ...secrets, JOBS_IN_PROCESS: 'true' } });
    cohort = await cohortWithParticipants(t, { slug: 'corpus', participants: 3 });
    await complete(t, cohort, [email(1), email(2), email(3)]);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 3,
      '3 active',
    );
    const records = await t.call<Array<{ id: string; enrolmentId: string }>>(
      'GET',
      `/organisations/${cohort.orgId}/credentials`,
      cohort.admin,
    );
    const idOf = (n: number) =>
      records.find((r) => r.enrolmentId === cohort.participants.find((p) => p.email === email(n))!.enrolmentId)!.id;
    for (const n of [1, 2, 3]) docs.push(await t.call<Json>('GET', `/credentials/${idOf(n)}`, cohort.admin));
    jwt = (await t.app.inject({ method: 'GET', url: `/credentials/${idOf(1)}?format=jwt`, headers: cohort.admin.headers })).body;
    await t.call('POST', `/credentials/${idOf(2)}/revocation`, cohort.admin, { reason: 'corpus' });
    await t.call('POST', `/credentials/${idOf(3)}/suspension`, cohort.admin, { reason: 'corpus' });

    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    guardLog = join(dir, 'network.log');
    service = await startService(
      childEnv({
        ...secrets,
        NODE_ENV: 'test',
        DATABASE_URL: t.db.url,
        PUBLIC_BASE_URL: 'http://credentials.test',
        PORT: String(port),
        HOST: '127.0.0.1',
        MIGRATIONS_RUN: 'false',
        JOBS_IN_PROCESS: 'false',
        VERIFY_RATE_LIMIT_PER_MINUTE: '1000000',
        NODE_OPTIONS: `--require ${resolve('test/support/network-guard.cjs')}`,
        NETWORK_GUARD_LOG: guardLog,
        NETWORK_GUARD_ALLOW_PORTS: new URL(t.db.url).port || '5432',
      }),
      port,
    );
    buildCorpus();
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
    await t?.close();
  });

  function add(c: Case): void {
    cases.push(c);
  }

  function buildCorpus(): void {
    const good = docs[0];
    // Each credential goes to the VC-API and, as a person would paste it, to the web page's form
    // (which also reads the credential to show who, what and which competencies).
    const verify = (name: string, verifiableCredential: unknown) => {
      add({ name, body: { verifiableCredential }, mustNotVerify: true });
      const text = typeof verifiableCredential === 'string' ? verifiableCredential : JSON.stringify(verifiableCredential);
      if (text !== undefined && text.length < 64 * 1024) {
        add({
          name: `page form: ${name}`,
          path: '/verify',
          raw: `credential=${encodeURIComponent(text)}`,
          contentType: 'application/x-www-form-urlencoded',
          mustNotVerify: true,
        });
      }
    };
    const raw = (name: string, text: string | Buffer, contentType = 'application/json') =>
      add({ name, raw: text, contentType, mustNotVerify: true });

    // Malformed JSON.
    for (const [name, text] of [
      ['empty body', ''],
      ['open brace', '{'],
      ['unterminated member', '{"verifiableCredential":'],
      ['unterminated array', '[1,2'],
      ['null', 'null'],
      ['true', 'true'],
      ['a string', '"text"'],
      ['a number', '42'],
      ['an array', '[{"verifiableCredential":{}}]'],
      ['two objects', '{"a":1}{"b":2}'],
      ['NaN', '{"verifiableCredential": NaN}'],
      ['trailing comma', '{"verifiableCredential": {"a": 1,},}'],
      ['single quotes', "{'verifiableCredential': 'x'}"],
      ['comment', '{/* c */"verifiableCredential": 1}'],
      ['byte order mark', '\uFEFF{"verifiableCredential": "a.b.c"}'],
      ['huge number', '{"verifiableCredential": 1e999999}'],
      ['control character', '{"verifiableCredential": "a\u0000b"}'],
      ['proto pollution', `{"__proto__": {"polluted": true}, "verifiableCredential": ${JSON.stringify(good)}}`],
      ['constructor pollution', '{"constructor": {"prototype": {"polluted": true}}, "verifiableCredential": {}}'],
      ['deep array 100000', nestedText(100_000)],
    ] as const)
      raw(`malformed JSON: ${name}`, text);
    raw('invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
    raw('wrong media type: text/plain', JSON.stringify({ verifiableCredential: good }), 'text/plain');
    raw('wrong media type: xml', '<vc/>', 'application/xml');
    raw('form body to the JSON API', 'verifiableCredential=x', 'application/x-www-form-urlencoded');

    // Wrong types.
    for (const [name, value] of [
      ['missing', undefined],
      ['null', null],
      ['zero', 0],
      ['negative', -1],
      ['float', 1.5],
      ['true', true],
      ['false', false],
      ['empty array', []],
      ['array of the credential', [good]],
      ['empty object', {}],
      ['empty string', ''],
      ['spaces', '   '],
      ['two parts', 'a.b'],
      ['garbage JWT', 'a.b.c'],
      ['empty middle', 'a..c'],
      ['many dots', 'a.'.repeat(5000) + 'a'],
      ['JSON text of a number', '42'],
      ['JSON text with bad syntax', '{"@context": '],
      ['a presentation', { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }],
      ['enveloped without data URL', { type: 'EnvelopedVerifiableCredential', id: 'https://evil.example/vc' }],
      ['enveloped with garbage', { type: ['EnvelopedVerifiableCredential'], id: 'data:application/vc+jwt,not-a-jwt' }],
      [
        'no proof',
        (() => {
          const c = clone(good);
          delete c['proof'];
          return c;
        })(),
      ],
      [
        'no context',
        (() => {
          const c = clone(good);
          delete c['@context'];
          return c;
        })(),
      ],
      ['proof is a string', { ...clone(good), proof: 'signed' }],
      ['proof is null', { ...clone(good), proof: null }],
      ['proof is an empty array', { ...clone(good), proof: [] }],
      ['the proof twice', { ...clone(good), proof: [...(good['proof'] as Json[]), ...(good['proof'] as Json[])] }],
      [
        'a junk proof before the real one',
        {
          ...clone(good),
          proof: [
            { ...(good['proof'] as Json[])[0], verificationMethod: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#x' },
            ...(good['proof'] as Json[]),
          ],
        },
      ],
      ['type is a number', { ...clone(good), type: 7 }],
      ['issuer is a number', { ...clone(good), issuer: 7 }],
      ['issuer is an array', { ...clone(good), issuer: ['did:key:z6Mk'] }],
      ['context is a number', { ...clone(good), '@context': 5 }],
    ] as const)
      verify(`wrong type: ${name}`, value);

    // What the page shows, in shapes it must not trip over (signed or not, it reads them).
    const withAchievement = (achievement: unknown): Json => {
      const c = clone(good);
      c['credentialSubject'] = { ...(c['credentialSubject'] as Json), achievement };
      return c;
    };
    const achievement = (good['credentialSubject'] as Json)['achievement'] as Json;
    for (const [name, alignment] of [
      ['an object', {}],
      ['a number', 5],
      ['a string', 'x'],
      ['[null]', [null]],
      ['[5]', [5]],
      ['a targetUrl that is a number', [{ targetUrl: 5 }]],
      ['a broken percent-encoding', [{ targetUrl: 'http://credentials.test/frameworks/x/competencies/%E0%A4%A' }]],
      ['a lone surrogate', [{ targetUrl: 'http://credentials.test/frameworks/x/competencies/%ED%A0%80' }]],
      ['an unknown framework', [{ targetUrl: 'http://credentials.test/frameworks/nope/competencies/X1', targetName: 7 }]],
    ] as const) {
      verify(`alignment is ${name}`, withAchievement({ ...achievement, alignment }));
    }
    for (const [name, value] of [
      ['achievement is null', withAchievement(null)],
      ['achievement is a string', withAchievement('x')],
      ['achievement is an array', withAchievement([achievement, achievement])],
      ['achievement name is an object of numbers', withAchievement({ ...achievement, name: { en: 1 } })],
      ['contact hours is text', withAchievement({ ...achievement, 'cft:contactHours': 'forty' })],
      ['credentialSubject is a string', { ...clone(good), credentialSubject: 'me' }],
      ['credentialSubject is null', { ...clone(good), credentialSubject: null }],
      ['credentialSubject is an array of junk', { ...clone(good), credentialSubject: [1, null, 'x'] }],
      ['issuer name is a number', { ...clone(good), issuer: { ...(good['issuer'] as Json), name: 42 } }],
      ['validFrom is not a date', { ...clone(good), validFrom: 'yesterday' }],
      ['name is an array', { ...clone(good), name: ['a', { b: 1 }] }],
    ] as const) {
      verify(name, value);
    }

    // Remote and unheld @context URLs: refused, never fetched.
    for (const url of [
      'https://evil.example/context.jsonld',
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:5432/',
      'http://localhost:22/',
      'file:///etc/passwd',
      'ftp://evil.example/ctx',
      'data:application/ld+json,{}',
      '//evil.example/ctx',
      'https://www.w3.org/ns/credentials/v3',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-9.9.9.json',
    ]) {
      const c = clone(good);
      (c['@context'] as unknown[]).push(url);
      verify(`remote context appended: ${url}`, c);
      const d = clone(good);
      (d['@context'] as unknown[])[0] = url;
      verify(`remote context first: ${url}`, d);
    }
    verify('@import in an inline context', {
      ...clone(good),
      '@context': [...(good['@context'] as unknown[]), { '@import': 'https://evil.example/ctx' }],
    });
    // (Not bad: every term is already defined, so the graph and its proof are unchanged.)
    add({
      name: '@vocab to elsewhere',
      body: {
        verifiableCredential: {
          ...clone(good),
          '@context': [...(good['@context'] as unknown[]), { '@vocab': 'https://evil.example/#' }],
        },
      },
    });
    verify('protected term redefined', {
      ...clone(good),
      '@context': [...(good['@context'] as unknown[]), { name: 'https://evil.example/name' }],
    });

    // Huge and deeply nested.
    for (const depth of [33, 100, 1000, 10_000, 100_000]) {
      raw(`nested object ${depth} deep`, withDeep({ verifiableCredential: { ...clone(good), credentialSubject: DEEP } }, depth));
      raw(`nested array ${depth} deep`, withDeep({ verifiableCredential: { ...clone(good), evidence: DEEP } }, depth, 'array'));
    }
    verify('25,000 keys', { ...clone(good), extra: Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`k${i}`, i])) });
    verify('300 KiB string', { ...clone(good), name: 'x'.repeat(300 * 1024) });
    verify('300 KiB JWT', `${b64({ alg: 'EdDSA' })}.${'A'.repeat(300 * 1024)}.sig`);
    raw('2 MiB body', JSON.stringify({ verifiableCredential: { ...clone(good), padding: 'y'.repeat(2 * 1024 * 1024) } }));
    verify(
      'a JWT with a deeply nested payload',
      `${b64({ alg: 'EdDSA', typ: 'vc+jwt', kid: 'did:key:z6Mk#z6Mk' })}.${b64(deepText(5000))}.c2ln`,
    );

    // Unknown and unresolvable DID methods.
    for (const did of [
      'did:example:123',
      'did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w',
      'did:ethr:0xb9c5714089478a327f09197987f16f9e5d936e8a',
      'did:web:evil.example',
      'did:web:169.254.169.254',
      'did:web:localhost%3A5432',
      'did:key:zzzz',
      'did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc',
      'did:peer:0z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH',
      'did:jwk:eyJrdHkiOiJPS1AifQ',
      'https://issuer.example',
    ]) {
      const c = clone(good);
      c['issuer'] = { ...(c['issuer'] as Json), id: did };
      const proof = (c['proof'] as Json[])[0];
      proof['verificationMethod'] = `${did}#key-1`;
      verify(`issuer and key of ${did}`, c);
      verify(
        `JWT with a key of ${did}`,
        `${b64({ alg: 'EdDSA', typ: 'vc+jwt', kid: `${did}#key-1` })}.${b64({ ...clone(good), proof: undefined, issuer: did })}.c2lnbmF0dXJl`,
      );
    }

    // alg none and other header tricks.
    const payload = b64({ ...clone(good), proof: undefined });
    const kid = (good['proof'] as Json[])[0]['verificationMethod'] as string;
    for (const [name, header, signature] of [
      ['alg none, empty signature', { alg: 'none', typ: 'vc+jwt' }, ''],
      ['alg none, some signature', { alg: 'none', typ: 'vc+jwt', kid }, 'c2ln'],
      ['alg HS256 with the public key', { alg: 'HS256', typ: 'vc+jwt', kid }, 'c2ln'],
      ['alg RS256', { alg: 'RS256', typ: 'vc+jwt', kid }, 'c2ln'],
      ['alg ES256', { alg: 'ES256', typ: 'vc+jwt', kid }, 'c2ln'],
      ['no typ', { alg: 'EdDSA', kid }, 'c2ln'],
      ['typ JOSE', { alg: 'EdDSA', typ: 'JOSE', kid }, 'c2ln'],
      ['no kid', { alg: 'EdDSA', typ: 'vc+jwt' }, 'c2ln'],
      ['kid with path traversal', { alg: 'EdDSA', typ: 'vc+jwt', kid: '../../../etc/passwd' }, 'c2ln'],
      ['jku to elsewhere', { alg: 'EdDSA', typ: 'vc+jwt', kid, jku: 'https://evil.example/jwks' }, 'c2ln'],
      ['x5u to elsewhere', { alg: 'EdDSA', typ: 'vc+jwt', kid, x5u: 'https://evil.example/cert' }, 'c2ln'],
      ['crit header', { alg: 'EdDSA', typ: 'vc+jwt', kid, crit: ['exp'] }, 'c2ln'],
      ['header is not JSON', 'not json', 'c2ln'],
    ] as const) {
      verify(`JWT ${name}`, `${b64(header)}.${payload}.${signature}`);
    }

    // Wrong keys.
    const [header, body] = jwt.split('.') as [string, string, string];
    verify('JWT with another JWT’s signature', `${header}.${body}.${jwt.split('.')[2].split('').reverse().join('')}`);
    verify(
      'JWT payload of another credential, original signature',
      `${header}.${b64({ ...clone(docs[1]), proof: undefined })}.${jwt.split('.')[2]}`,
    );

    // Each field of a real credential changed, and each removed.
    for (const path of leaves(good)) {
      verify(`changed ${path.join('.')}`, setAt(good, path, changed));
      verify(
        `removed ${path.join('.')}`,
        setAt(good, path, () => DELETE),
      );
    }
    // Each claim of the JWT changed.
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Json;
    for (const path of leaves(claims).slice(0, 40)) {
      verify(`JWT claim changed ${path.join('.')}`, `${header}.${b64(setAt(claims, path, changed))}.${jwt.split('.')[2]}`);
    }

    // Revoked and suspended (signed, but not in force).
    verify('revoked', docs[1]);
    verify('suspended', docs[2]);

    // The web page's forms.
    const form = (name: string, text: string) =>
      add({ name: `page form: ${name}`, path: '/verify', raw: text, contentType: 'application/x-www-form-urlencoded' });
    form('no field', '');
    form('other field', 'x=1');
    form('garbage', 'credential=%%%');
    form('html', `credential=${encodeURIComponent('<script>alert(1)</script>')}`);
    form('deep JSON', `credential=${encodeURIComponent(deepText(50_000))}`);
    form('huge', `credential=${'a'.repeat(2 * 1024 * 1024)}`);
    const multipart = (name: string, parts: Buffer, boundary = 'b0undary') =>
      add({
        name: `page upload: ${name}`,
        path: '/verify/pdf',
        raw: parts,
        contentType: `multipart/form-data; boundary=${boundary}`,
      });
    const filePart = (bytes: Buffer, field = 'file') =>
      Buffer.concat([
        Buffer.from(
          `--b0undary\r\nContent-Disposition: form-data; name="${field}"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        bytes,
        Buffer.from('\r\n'),
      ]);
    const end = Buffer.from('--b0undary--\r\n');
    multipart('empty', end);
    multipart('not a PDF', Buffer.concat([filePart(Buffer.from('hello')), end]));
    multipart('PDF header and garbage', Buffer.concat([filePart(Buffer.from('%PDF-1.7\n' + 'garbage '.repeat(1000))), end]));
    multipart('two files', Buffer.concat([filePart(Buffer.from('%PDF-1.7')), filePart(Buffer.from('%PDF-1.7'), 'other'), end]));
    multipart('broken boundary', Buffer.from('--nope\r\n\r\n'));
    multipart(
      '11 MiB file',
      Buffer.concat([filePart(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(11 * 1024 * 1024)])), end]),
    );
    add({ name: 'page upload: not multipart', path: '/verify/pdf', raw: '{}', contentType: 'application/json' });
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', '%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(400)]) {
      add({ name: `shared page ${id.slice(0, 20)}`, path: `/verify/${id}`, method: 'GET' });
    }

    // Presentations.
    const vp = (name: string, presentation: unknown, options?: unknown) =>
      add({
        name: `presentation: ${name}`,
        path: '/presentations/verify',
        body: { verifiablePresentation: presentation, ...(options !== undefined ? { options } : {}) },
      });
    vp('missing', undefined);
    vp('a string', 'vp');
    vp('51 credentials', { type: ['VerifiablePresentation'], verifiableCredential: Array.from({ length: 51 }, () => good) });
    add({
      name: 'presentation: nested 10000 deep',
      path: '/presentations/verify',
      raw: withDeep({ verifiablePresentation: { type: ['VerifiablePresentation'], verifiableCredential: DEEP } }, 10_000),
    });
    vp(
      'garbage credentials',
      { type: ['VerifiablePresentation'], verifiableCredential: [1, 'a.b.c', null, {}] },
      { unsignedPresentation: true },
    );
    vp('proof by an unknown did:web', {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: 'did:web:evil.example',
      proof: {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        verificationMethod: 'did:web:evil.example#k',
        proofPurpose: 'authentication',
        proofValue: 'z1',
      },
    });
    vp('options of the wrong types', { type: ['VerifiablePresentation'] }, { challenge: 1, unsignedPresentation: 'yes' });
    vp('remote context', { '@context': ['https://evil.example/ctx'], type: ['VerifiablePresentation'], proof: {} });
  }

  it('answers every case with a 4xx or a 2xx that does not verify, never a 5xx, and never reaches for the network', async () => {
    // Two cases need keys made here: credentials signed by someone else's key in the service's name.
    const orgDid = 'did:web:credentials.test:organisations:corpus';
    const impostor = await generateSigningKey(orgDid);
    const base = credentialInput();
    const forged = await signDataIntegrity({
      credential: buildOpenBadgeCredential({ ...base, issuer: { ...base.issuer, id: orgDid } }),
      key: impostor,
      documentLoader: loader,
      date: base.validFrom,
    });
    add({ name: 'signed by a key the issuer does not have', body: { verifiableCredential: forged }, mustNotVerify: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const embedded = await new CompactSign(Buffer.from(JSON.stringify({ ...clone(docs[0]), proof: undefined })))
      .setProtectedHeader({
        alg: 'EdDSA',
        typ: 'vc+jwt',
        kid: (docs[0]['proof'] as Json[])[0]['verificationMethod'] as string,
        jwk: publicKey.export({ format: 'jwk' }),
      })
      .sign(privateKey);
    add({
      name: 'JWT signed by the sender’s own key, embedded as jwk',
      body: { verifiableCredential: embedded },
      mustNotVerify: true,
    });
    const expired = await signedCredential({
      validFrom: new Date('2020-01-01T00:00:00Z'),
      validUntil: new Date('2021-01-01T00:00:00Z'),
    });
    add({ name: 'expired', body: { verifiableCredential: expired.credential }, mustNotVerify: true });
    add({ name: 'expired JWT', body: { verifiableCredential: expired.jwt }, mustNotVerify: true });
    const future = await signedCredential({ validFrom: new Date('2099-01-01T00:00:00Z'), validUntil: null });
    add({ name: 'not yet valid', body: { verifiableCredential: future.credential }, mustNotVerify: true });
    add({ name: 'not yet valid JWT', body: { verifiableCredential: future.jwt }, mustNotVerify: true });

    expect(cases.length).toBeGreaterThanOrEqual(200);
    const failures: string[] = [];
    const tally: Record<string, number> = {};
    for (const c of cases) {
      const method = c.method ?? 'POST';
      const init: RequestInit = { method };
      if (method !== 'GET') {
        init.headers = { 'content-type': c.contentType ?? 'application/json' };
        init.body = c.raw === undefined ? JSON.stringify(c.body) : typeof c.raw === 'string' ? c.raw : new Uint8Array(c.raw);
      }
      let status: number;
      let text: string;
      try {
        ({ status, text } = await send(`${service.baseUrl}${c.path ?? '/credentials/verify'}`, method, init));
      } catch (error) {
        failures.push(`${c.name}: no answer (${String(error)})`);
        continue;
      }
      tally[String(status)] = (tally[String(status)] ?? 0) + 1;
      if (status >= 500) failures.push(`${c.name}: ${status} ${text.slice(0, 200)}`);
      else if (status >= 200 && status < 300 && c.mustNotVerify && c.path === '/verify') {
        // The page's answer at a glance is its banner.
        const outcome = /data-outcome="([a-z_]+)"/.exec(text)?.[1];
        if (outcome === undefined || outcome === 'valid') failures.push(`${c.name}: the page says ${String(outcome)}`);
      } else if (status >= 200 && status < 300 && c.mustNotVerify) {
        const verified = (JSON.parse(text) as { verified?: unknown }).verified;
        if (verified !== false) failures.push(`${c.name}: verified is ${String(verified)}`);
      }
    }
    process.stderr.write(`[corpus] ${cases.length} cases: ${JSON.stringify(tally)}\n`);
    expect(failures).toEqual([]);
    // Both kinds of answer occur: verdicts (200) and refusals (4xx).
    expect(tally['200']).toBeGreaterThan(50);
    expect(Object.keys(tally).filter((s) => s.startsWith('4')).length).toBeGreaterThanOrEqual(3);

    // The guard ran in the main thread and in worker threads, and saw no attempt to go out.
    expect(existsSync(guardLog)).toBe(true);
    const entries = readFileSync(guardLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { thread: number; guarded?: boolean; attempt?: string });
    expect(new Set(entries.filter((e) => e.guarded).map((e) => e.thread)).size).toBeGreaterThanOrEqual(3);
    expect(entries.filter((e) => e.attempt)).toEqual([]);
    // And the service is still well.
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
  }, 300_000);
});
