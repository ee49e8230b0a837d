import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { didWebFor, generateSigningKey, jwtPayloadOf, signDataIntegrity, signJwtCredential } from '@app/signing';
import { buildOpenBadgeCredential } from '@app/credentials';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { FlattenedSign } from 'jose';
import {
  BASE_URL,
  credentialInput,
  issuerKey,
  loader,
  privateKeyOf,
  signedCredential,
  signedJwtPayload,
} from '../support/signed-credential.js';
import { VerificationService } from '@app/verification';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { VerificationController } from '../../apps/api/src/verification/verification.controller.js';
import { credentialStates, waitUntil } from '../support/wait.js';
import { backfillDocumentDigests } from '@app/persistence';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- credentials are walked and tampered freely
type Doc = Record<string, any>;
interface Report {
  verified: boolean;
  outcome: string;
  status: string;
  checks: string[];
  errors: Array<{ type: string; title: string; detail: string }>;
  warnings: Array<{ type: string; title: string; detail: string }>;
  results: Array<{ name: string; result: string; detail: string; code: string; params?: Record<string, string> }>;
  issuer: { id: string; known: string; name: Record<string, string> | null } | null;
  registry?: { state: string; reason: string | null };
  format?: string;
  credential?: unknown;
}
interface Summary {
  id: string;
  enrolmentId: string | null;
  shared: boolean;
  verificationUrl: string;
}

const resultOf = (report: Report, name: string) => report.results.find((r) => r.name === name)?.result;

/**
 * Public verification through the JSON API and the HTML page, on the real database: credentials
 * of this service (valid, revoked, suspended), of other issuers (did:key, a trusted did:web from
 * configuration, an unknown did:web), expired ones, unreadable status; holder-controlled sharing;
 * the proof cache never hides a revocation; rate limits per client.
 */
describe('public verification', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];
  const email = (n: number) => `p${n}.verify@school.test`;
  const holder = async (n: number) => t.tokenFor(cohort.participants.find((p) => p.email === email(n))!.accountId);
  const recordOf = (n: number): Summary =>
    records.find((r) => r.enrolmentId === cohort.participants.find((p) => p.email === email(n))!.enrolmentId)!;
  const documentOf = (n: number) => t.call<Doc>('GET', `/credentials/${recordOf(n).id}`, cohort.admin);
  // Anonymous: the API is public.
  const verify = (verifiableCredential: unknown) =>
    t.call<Report>('POST', '/credentials/verify', undefined, { verifiableCredential });

  // A did:web issuer from elsewhere, trusted by configuration with its DID document.
  let trustedKey: Awaited<ReturnType<typeof generateSigningKey>>;
  const trustedDid = 'did:web:iioe.example.org';

  beforeAll(async () => {
    trustedKey = await generateSigningKey(trustedDid);
    const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    const file = join(dir, 'trusted-issuers.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: trustedDid,
          name: 'IIOE (UNESCO-ICHEI)',
          didDocument: {
            '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
            id: trustedDid,
            verificationMethod: [
              { id: trustedKey.id, type: 'Multikey', controller: trustedDid, publicKeyMultibase: trustedKey.publicKeyMultibase },
            ],
            assertionMethod: [trustedKey.id],
          },
        },
      ]),
    );
    t = await createTestApp({ env: { TRUSTED_ISSUERS_FILE: file, VERIFY_RATE_LIMIT_PER_MINUTE: '100000' } });
    cohort = await cohortWithParticipants(t, { slug: 'verify', participants: 4, validityMonths: 24 });
    await complete(t, cohort, [email(1), email(2), email(3), email(4)]);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 4,
      '4 active',
    );
    records = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
  });
  afterAll(() => t.close());

  it('a credential of this service: valid, every check passed, the issuer known, in the VC-API shape', async () => {
    const report = await verify(await documentOf(1));
    expect(report).toMatchObject({ verified: true, outcome: 'valid', status: 'valid', errors: [], warnings: [] });
    expect(report.results.map((r) => [r.name, r.result])).toEqual([
      ['signature', 'passed'],
      ['issuer', 'passed'],
      ['schema', 'passed'],
      ['dates', 'passed'],
      ['status', 'passed'],
    ]);
    expect(report.checks).toEqual(['proof', 'issuer', 'schema', 'expiration', 'credentialStatus']);
    // The very document this service signed and holds: its proof is not canonicalized again.
    expect(report.results[0].detail).toBe('The proof verifies: the credential is exactly the one this service signed and holds.');
    // Each detail has a code (and its values) for clients that word it in another language.
    expect(report.results.map((r) => r.code)).toEqual([
      'signature.held',
      'issuer.this_service',
      'schema.follows',
      'dates.valid_until',
      'status.clear',
    ]);
    expect(report.issuer).toMatchObject({ id: 'did:web:credentials.test:organisations:verify', known: 'this-service' });
    expect(report.credential).toBeUndefined();
    // Its JWT form and its enveloped form say the same.
    const jwt = (
      await t.app.inject({ method: 'GET', url: `/credentials/${recordOf(1).id}?format=jwt`, headers: cohort.admin.headers })
    ).body;
    expect(await verify(jwt)).toMatchObject({ verified: true, outcome: 'valid', format: 'vc+jwt' });
    expect(
      await verify({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: 'EnvelopedVerifiableCredential',
        id: `data:application/vc+jwt,${jwt}`,
      }),
    ).toMatchObject({ verified: true, outcome: 'valid' });
  });

  it('a tampered twin is not valid, and the failing check is named', async () => {
    // Sent a moment after the genuine one (whose body is answered from memory): only the same
    // bytes get the same answer; the same credential in other bytes is verified as itself.
    const genuine = await documentOf(1);
    expect((await verify(genuine)).verified).toBe(true);
    const spaced = await t.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ verifiableCredential: genuine }, null, 2),
    });
    expect(spaced.statusCode).toBe(200);
    expect(spaced.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(spaced.body)).toEqual(await verify(genuine));
    const doc = await documentOf(1);
    doc['credentialSubject']['achievement']['contactHours'] = 400;
    const report = await verify(doc);
    expect(report).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(resultOf(report, 'signature')).toBe('failed');
    expect(report.errors[0]).toMatchObject({ type: 'https://w3id.org/security#PROOF_VERIFICATION_ERROR', title: 'Signature' });
    // A copy that differs from the stored one in anything, even only its proof, is checked in full.
    const forged = await documentOf(1);
    forged['proof'][0]['created'] = '2020-01-01T00:00:00Z';
    expect(resultOf(await verify(forged), 'signature')).toBe('failed');
    // The status of a credential whose proof fails is not looked at.
    expect(resultOf(report, 'status')).toBe('unknown');
    // Text PostgreSQL cannot hold as jsonb (NUL, a lone surrogate) is compared apart from the
    // facts' read: the copy is not the stored one, and it is judged in full, never a 5xx.
    for (const name of ['AI basics\u0000', 'AI basics \ud800']) {
      const odd = await documentOf(1);
      odd['credentialSubject']['achievement']['name'] = name;
      const oddReport = await verify(odd);
      expect(oddReport).toMatchObject({ verified: false, outcome: 'not_valid' });
      expect(resultOf(oddReport, 'signature')).toBe('failed');
    }
    // The same content with its members in another order is the stored document (as jsonb).
    const genuineDoc = await documentOf(2);
    const reordered = Object.fromEntries(Object.entries(genuineDoc).reverse());
    const reorderedReport = await verify(reordered);
    expect(reorderedReport).toMatchObject({ verified: true, outcome: 'valid' });
    expect(reorderedReport.results[0].detail).toBe(
      'The proof verifies: the credential is exactly the one this service signed and holds.',
    );
  });

  it('revoked and suspended say so, with the reason; the proof cache never hides a change of status', async () => {
    const revoked = await documentOf(2);
    expect((await verify(revoked)).outcome).toBe('valid');
    await t.call('POST', `/credentials/${recordOf(2).id}/revocation`, cohort.admin, { reason: 'Assessment fraud' });
    const afterRevocation = await verify(revoked);
    expect(afterRevocation).toMatchObject({ verified: false, outcome: 'revoked', status: 'revoked' });
    expect(afterRevocation.errors.map((e) => e.detail)).toEqual(['The credential has been revoked: Assessment fraud']);
    expect(afterRevocation.results.find((r) => r.name === 'status')).toEqual({
      name: 'status',
      result: 'failed',
      detail: 'Revoked: Assessment fraud',
      code: 'status.revoked',
      params: { reason: 'Assessment fraud' },
    });
    // The signature still holds: only the status fails.
    expect(resultOf(afterRevocation, 'signature')).toBe('passed');

    const suspended = await documentOf(3);
    await t.call('POST', `/credentials/${recordOf(3).id}/suspension`, cohort.admin, { reason: 'Under review' });
    expect(await verify(suspended)).toMatchObject({ outcome: 'suspended', status: 'suspended' });
    await t.call('POST', `/credentials/${recordOf(3).id}/reinstatement`, cohort.admin, { reason: 'Cleared' });
    expect(await verify(suspended)).toMatchObject({ outcome: 'valid' });
  });

  it('verifications asked at once share one facts read, and each gets its own answer', async () => {
    // A change through this process: no report made before it is given again.
    await t.call('POST', `/credentials/${recordOf(4).id}/suspension`, cohort.admin, { reason: 'Audit' });
    const tampered = await documentOf(1);
    tampered['name'] = 'Something else';
    const bodies = [await documentOf(1), await documentOf(2), tampered, await documentOf(4), await documentOf(3)];
    // Observed, not replaced: the batches pg's pool is asked for.
    const pool = (t.dataSource.driver as unknown as { master: { query: (...a: unknown[]) => Promise<unknown> } }).master;
    const query = pool.query.bind(pool);
    const batches: number[] = [];
    pool.query = (config: unknown, ...rest: unknown[]) => {
      const c = config as { name?: string; values?: unknown[][] };
      if (c?.name === 'verification-facts-batch-digest') batches.push(c.values![0].length);
      return query(config, ...rest);
    };
    let reports: Report[];
    try {
      reports = await Promise.all(bodies.map((b) => verify(b)));
    } finally {
      pool.query = query;
    }
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(reports.map((r) => r.outcome)).toEqual(['valid', 'revoked', 'not_valid', 'suspended', 'valid']);
    expect(reports[1].errors.map((e) => e.detail)).toEqual(['The credential has been revoked: Assessment fraud']);
    expect(reports[3].errors.map((e) => e.detail)).toEqual(['The credential is suspended: Audit']);
    // The record is told of the service's own credentials only, not of one that fails its proof.
    expect(reports.map((r) => r.registry?.state)).toEqual(['active', 'revoked', undefined, 'suspended', 'active']);
    expect(reports.every((r) => !('recordId' in (r.registry ?? {})) && !('shared' in (r.registry ?? {})))).toBe(true);
    // Each was compared with its own stored document in the batch (by digest): the copies are, the tampered one is not.
    expect(reports.map((r) => r.results[0].code)).toEqual([
      'signature.held',
      'signature.held',
      'signature.fails',
      'signature.held',
      'signature.held',
    ]);
    await t.call('POST', `/credentials/${recordOf(4).id}/reinstatement`, cohort.admin, { reason: 'Audit done' });
  });

  it('this service’s own credential is known by its digest, in either issuance path; any other text is compared in full', async () => {
    const digestOf = (text: string) => createHash('sha256').update(text).digest('base64url');
    const storedDigest = async (id: string) =>
      (
        await t.dataSource.query<Array<{ d: string | null }>>('select document_digest as d from credentials where id = $1', [id])
      )[0].d;
    // Earned in a cohort: the digest kept is that of the text the service gives out.
    expect(await storedDigest(recordOf(1).id)).toBe(digestOf(JSON.stringify(await documentOf(1))));
    // Issued through the VC-API, with members the service does not rank (they are written in
    // code unit order): the answer, the text read back and the digest kept agree.
    const issue = async (n: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/credentials/issue',
        headers: cohort.admin.headers,
        payload: {
          credential: {
            '@context': ['https://www.w3.org/ns/credentials/v2', { '@vocab': 'https://example.org/terms#' }],
            type: ['VerifiableCredential'],
            issuer: 'did:web:credentials.test:organisations:verify',
            validFrom: '2026-01-01T00:00:00Z',
            zeta: `last ${n}`,
            alpha: `first ${n}`,
            credentialSubject: { id: `did:example:holder-${n}`, note: 'é', mark: 1.5 },
          },
        },
      });
      expect(res.statusCode).toBe(201);
      const answer = JSON.parse(res.body) as { verifiableCredential: Doc };
      const recordId = String(answer.verifiableCredential['id']).split('/').pop()!;
      return { credential: answer.verifiableCredential, recordId };
    };
    const first = await issue(1);
    expect(Object.keys(first.credential).indexOf('alpha')).toBeLessThan(Object.keys(first.credential).indexOf('zeta'));
    const readBack = await t.call<Doc>('GET', `/credentials/${first.recordId}`, cohort.admin);
    expect(JSON.stringify(readBack)).toBe(JSON.stringify(first.credential));
    expect(await storedDigest(first.recordId)).toBe(digestOf(JSON.stringify(first.credential)));

    // Observed, not replaced: the comparisons in content pg's pool is asked for.
    const pool = (t.dataSource.driver as unknown as { master: { query: (...a: unknown[]) => Promise<unknown> } }).master;
    const query = pool.query.bind(pool);
    let inContent = 0;
    pool.query = (config: unknown, ...rest: unknown[]) => {
      if ((config as { name?: string })?.name === 'verification-stored-document') inContent++;
      return query(config, ...rest);
    };
    const signatureOf = async (credential: unknown) => (await verify(credential)).results[0].code;
    try {
      // The very text: known by its digest, nothing compared in content.
      expect(await signatureOf(first.credential)).toBe('signature.held');
      expect(inContent).toBe(0);
      // The same members in another order: not the digest, compared in content, still the stored one.
      const second = await issue(2);
      expect(await signatureOf(Object.fromEntries(Object.entries(second.credential).reverse()))).toBe('signature.held');
      expect(inContent).toBe(1);
      // Signed before digests were kept (none), or a digest that is not this text's: compared in
      // content, and a digest never makes a credential "not ours".
      const [third, fourth] = [await issue(3), await issue(4)];
      await t.dataSource.query('update credentials set document_digest = null where id = $1', [third.recordId]);
      await t.dataSource.query("update credentials set document_digest = 'not-a-digest' where id = $1", [fourth.recordId]);
      expect(await signatureOf(third.credential)).toBe('signature.held');
      expect(await signatureOf(fourth.credential)).toBe('signature.held');
      expect(inContent).toBe(3);
      // Credentials signed before digests were kept get theirs from the migration: that of the
      // text handed out, so they are then known by it too.
      const sixth = await issue(6);
      await t.dataSource.query('update credentials set document_digest = null where id = $1', [sixth.recordId]);
      const runner = t.dataSource.createQueryRunner();
      try {
        expect(await backfillDocumentDigests(runner)).toBeGreaterThanOrEqual(1);
      } finally {
        await runner.release();
      }
      expect(await storedDigest(sixth.recordId)).toBe(digestOf(JSON.stringify(sixth.credential)));
      expect(await signatureOf(sixth.credential)).toBe('signature.held');
      expect(inContent).toBe(3);
      // The tampered twin: one value changed, not the stored document in any way, its proof fails.
      const fifth = await issue(5);
      const tampered = { ...fifth.credential, alpha: 'changed' };
      const report = await verify(tampered);
      expect(report).toMatchObject({ verified: false, outcome: 'not_valid' });
      expect(report.results[0].code).toBe('signature.fails');
      expect(inContent).toBe(4);
    } finally {
      pool.query = query;
    }
  });

  it('a vc+jwt is bounded by its exp and nbf claims as well as by its own dates; a deep payload is refused', async () => {
    const { credential } = await signedCredential({ validUntil: null });
    const { proof: _proof, ...payload } = credential as Doc;
    const now = Math.floor(Date.now() / 1000);
    const inForce = await verify(await signedJwtPayload({ ...payload, exp: now + 3600 }));
    expect(inForce).toMatchObject({ verified: true, outcome: 'valid', format: 'vc+jwt' });
    expect(inForce.results.find((r) => r.name === 'dates')?.params?.['date']).toBe(new Date((now + 3600) * 1000).toISOString());
    const expired = await verify(await signedJwtPayload({ ...payload, exp: now - 3600 }));
    expect(expired).toMatchObject({ verified: false, outcome: 'expired' });
    const early = await verify(await signedJwtPayload({ ...payload, nbf: now + 86_400 }));
    expect(early.verified).toBe(false);
    expect(early.results.find((r) => r.name === 'dates')?.code).toBe('dates.not_yet');
    // An OB 3.0 JWT from another issuer that leaves typ out (OB 3.0 asks for "JWT" only if present).
    const ob3 = jwtPayloadOf(credential, 'ob3');
    expect(await verify(await signedJwtPayload(ob3, {}))).toMatchObject({ verified: true, format: 'ob3-jwt' });
    expect(await verify(await signedJwtPayload({ ...ob3, iss: 'did:key:z6Mkother' }, {}))).toMatchObject({ verified: false });
    expect(await verify(await signedJwtPayload(ob3, { typ: 'JOSE' }))).toMatchObject({ verified: false });
    const garbled = await verify(await signedJwtPayload({ ...payload, exp: 'tomorrow' }));
    expect(garbled).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(garbled.errors[0].detail).toContain('NumericDate');
    // So in the OB 3.0 profile: a past date written as text is not a NumericDate to skip.
    const ob3Garbled = await verify(await signedJwtPayload({ ...ob3, exp: new Date(Date.now() - 86_400_000).toISOString() }, {}));
    expect(ob3Garbled).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(ob3Garbled.errors[0].detail).toContain('NumericDate');
    // Claims beyond any date a date can hold: not valid, named, never a 500.
    for (const [claims, code] of [
      [{ exp: 9e12 }, 'dates.bad_until'],
      [{ exp: 1e308 }, 'dates.bad_until'],
      [{ nbf: 1e13 }, 'dates.bad_from'],
      [{ nbf: -1e13 }, 'dates.bad_from'],
    ] as const) {
      const far = await verify(await signedJwtPayload({ ...payload, ...claims }));
      expect(far).toMatchObject({ verified: false, outcome: 'not_valid' });
      expect(far.results.find((r) => r.name === 'dates')?.code).toBe(code);
    }
    // A vc+jwt whose iss, jti or sub names another issuer, credential or subject than it does.
    const ownIssuer = (await issuerKey()).controller;
    expect(await verify(await signedJwtPayload({ ...payload, iss: ownIssuer }))).toMatchObject({ verified: true });
    for (const claims of [
      { iss: 'did:web:localhost%3A3000:organisations:demo' },
      { jti: 'urn:uuid:another' },
      { sub: 'did:key:z6Mkanother' },
    ]) {
      const mismatch = await verify(await signedJwtPayload({ ...payload, ...claims }));
      expect(mismatch).toMatchObject({ verified: false, outcome: 'not_valid' });
      expect(mismatch.errors[0].detail).toMatch(/claim does not match/);
    }
    // An unencoded payload (RFC 7797, b64: false) is refused: credentials are always encoded.
    // (Its payload written so that it reads as a compact JWT at all: JSON text does not.)
    const signer = await issuerKey();
    const unencodedPayload = Buffer.from(JSON.stringify({ ...payload, issuer: signer.controller })).toString('base64url');
    const flattened = await new FlattenedSign(new TextEncoder().encode(unencodedPayload))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', b64: false, crit: ['b64'], kid: signer.id })
      .sign(await privateKeyOf(signer));
    // (jose leaves an unencoded payload out of its answer: it is put back here.)
    const unencoded = await verify(`${flattened.protected}.${unencodedPayload}.${flattened.signature}`);
    expect(unencoded).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(unencoded.errors[0].detail).toContain('Unencoded');
    // Signed by its sender, nested far deeper than any credential: refused before it is read.
    let deep: unknown = 'bottom';
    for (let i = 0; i < 500; i++) deep = [deep];
    const refused = await t.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: await signedJwtPayload({ ...payload, evidence: deep }) },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ detail: string }>().detail).toContain('nested more than');
  });

  it('bounds the credential by the bytes received, with or without a Content-Length', async () => {
    const { credential } = await signedCredential();
    const body = JSON.stringify({ verifiableCredential: { ...credential, padding: 'x'.repeat(300 * 1024) } });
    for (const headers of [{}, { 'transfer-encoding': 'chunked' }]) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        headers: { 'content-type': 'application/json', ...headers },
        // A stream: sent without a Content-Length unless one is given.
        payload: 'transfer-encoding' in headers ? Readable.from([body.slice(0, 1000), body.slice(1000)]) : body,
      });
      expect(answer.statusCode).toBe(413);
      expect(answer.headers['content-length']).toBeDefined();
    }
  });

  it('verifies a credential with one proof only (a proof set passes when any of its proofs does)', async () => {
    const document = await documentOf(1);
    const proof = (document['proof'] as Doc[])[0];
    const decoy = { ...proof, verificationMethod: `${document['issuer'].id}#another-key` };
    for (const proofs of [
      [proof, proof],
      [decoy, proof],
    ]) {
      const report = await verify({ ...document, proof: proofs });
      expect(report).toMatchObject({ verified: false, outcome: 'not_valid' });
      expect(report.errors[0].detail).toContain('carries 2 proofs');
    }
    expect(await verify(document)).toMatchObject({ verified: true, outcome: 'valid' });
  });

  it('tells nothing of a record to a credential that only names its id', async () => {
    // Record 2 is revoked with a reason; its id is in every share link and QR code.
    const revoked = await documentOf(2);
    const unsigned = { ...revoked, proof: { type: 'DataIntegrityProof' } };
    // Another issuer's credential, properly signed by its did:key, that takes the record's id.
    const { credential: strangers, key } = await signedCredential();
    const borrowed = await signDataIntegrity({
      credential: { ...(({ proof: _proof, ...rest }) => rest)(strangers), id: revoked['id'] },
      key,
      documentLoader: loader,
      date: new Date(),
    });
    for (const [credential, verified] of [
      [unsigned, false],
      [borrowed, true],
    ] as const) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: credential },
      });
      expect(answer.statusCode).toBe(200);
      const report = answer.json<Report>();
      expect(report.verified).toBe(verified);
      expect(report.registry).toBeUndefined();
      expect(answer.body).not.toContain('Assessment fraud');
      expect(answer.body).not.toContain('"state"');
    }
    // The credential itself, as its holder has it, is told of.
    expect((await verify(revoked)).registry).toMatchObject({ state: 'revoked', reason: 'Assessment fraud' });
  });

  it('another issuer’s did:key credential verifies, the issuer flagged as unknown; expired and not-yet-valid are told apart', async () => {
    const { credential, jwt } = await signedCredential();
    const report = await verify(credential);
    expect(report).toMatchObject({ verified: true, outcome: 'valid', issuer: { known: 'unknown', name: null } });
    expect(resultOf(report, 'issuer')).toBe('warning');
    // It carries no status entry: valid, with a warning that it cannot be revoked.
    expect(resultOf(report, 'status')).toBe('not_applicable');
    expect(report.status).toBe('none');
    expect(report.warnings.map((w) => w.title)).toEqual(['Issuer', 'Status']);
    expect(await verify(jwt)).toMatchObject({ verified: true, outcome: 'valid' });

    const expired = await signedCredential({
      validFrom: new Date('2020-01-01T00:00:00Z'),
      validUntil: new Date('2021-01-01T00:00:00Z'),
    });
    const expiredReport = await verify(expired.credential);
    expect(expiredReport).toMatchObject({ verified: false, outcome: 'expired' });
    expect(resultOf(expiredReport, 'signature')).toBe('passed');
    expect(resultOf(expiredReport, 'dates')).toBe('failed');
    expect(await verify(expired.jwt)).toMatchObject({ outcome: 'expired' });

    const future = await signedCredential({ validFrom: new Date('2099-01-01T00:00:00Z'), validUntil: null });
    expect(await verify(future.credential)).toMatchObject({ outcome: 'not_valid' });
  });

  it('a report’s credential is left out of its JSON and its copies, and is read back from its text, equal to what was sent', async () => {
    const service = t.app.get(VerificationService);
    const { credential, jwt } = await signedCredential();
    const report = await service.verify(service.parse(credential));
    expect(report).toMatchObject({ verified: true, outcome: 'valid' });
    // Kept for the report window: the same report, whose credential is the one sent, read from its text.
    const again = await service.verify(service.parse(structuredClone(credential)));
    expect(again).toBe(report);
    expect(again.credential).toEqual(credential);
    expect(again.credential).not.toBe(credential);
    expect(again.credential).toBe(again.credential);
    // Neither JSON nor a spread carries it (nor reads it).
    expect(Object.keys(report)).not.toContain('credential');
    expect(JSON.parse(JSON.stringify(report))).not.toHaveProperty('credential');
    expect({ ...report }).not.toHaveProperty('credential');
    // A JWT's report holds the credential the JWT carries, left out of its JSON in the same way.
    const fromJwt = await service.verify(service.parse(jwt));
    expect(fromJwt.credential).toMatchObject({ id: credential['id'], issuer: credential['issuer'] });
    expect(JSON.parse(JSON.stringify(fromJwt))).not.toHaveProperty('credential');
    // A tampered twin still shows what it claims (the page lists it beside the failing check).
    const tampered = { ...credential, name: 'Changed after signing' };
    const tamperedReport = await service.verify(service.parse(tampered));
    expect(tamperedReport).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(tamperedReport.credential).toEqual(tampered);
  });

  it('another issuer’s credential that breaks the Open Badges 3.0 schema is not valid, though its signature holds', async () => {
    // Signed as it is (its achievement has no description, which the schema requires): the proof
    // holds, the schema check (made on the verifying thread beside the proof) names what is wrong.
    const k = await issuerKey();
    const base = credentialInput();
    const unsigned = buildOpenBadgeCredential({ ...base, issuer: { ...base.issuer, id: k.controller } }) as Doc;
    delete unsigned['credentialSubject']['achievement']['description'];
    const credential = await signDataIntegrity({ credential: unsigned, key: k, documentLoader: loader, date: base.validFrom });
    const report = await verify(credential);
    expect(report).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(resultOf(report, 'signature')).toBe('passed');
    expect(resultOf(report, 'schema')).toBe('failed');
    const schema = report.results.find((r) => r.name === 'schema')!;
    expect(schema.detail).toContain('/credentialSubject/achievement');
    expect(schema.detail).toContain('description');
    expect(report.errors.map((e) => e.title)).toEqual(['Schema']);
    expect(report.checks).not.toContain('schema');
    // The same claims as a JWT (its schema is checked on the event loop): the same verdict.
    const jwt = await signJwtCredential({ credential, profile: 'vc+jwt', kid: k.id, privateKey: await privateKeyOf(k) });
    const jwtReport = await verify(jwt);
    expect(jwtReport).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(jwtReport.results.find((r) => r.name === 'schema')).toMatchObject({ result: 'failed', detail: schema.detail });
  });

  it('a status list this service does not hold is never fetched: status unknown, never valid', async () => {
    const { credential } = await signedCredential({
      credentialStatus: {
        id: 'https://status.elsewhere.example/lists/1#42',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '42',
        statusListCredential: 'https://status.elsewhere.example/lists/1',
      },
    });
    const report = await verify(credential);
    expect(report).toMatchObject({ verified: false, outcome: 'status_unknown', status: 'unknown' });
    expect(resultOf(report, 'signature')).toBe('passed');
    expect(report.errors[0]).toMatchObject({ type: 'https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR' });
  });

  it('a did:web issuer is verified only when configured as trusted; an unknown one is not resolved', async () => {
    const sign = async (did: string, key: Awaited<ReturnType<typeof generateSigningKey>>) => {
      const base = credentialInput();
      const unsigned = buildOpenBadgeCredential({ ...base, issuer: { ...base.issuer, id: did } });
      return signDataIntegrity({ credential: unsigned, key, documentLoader: loader, date: base.validFrom });
    };
    const trusted = await verify(await sign(trustedDid, trustedKey));
    expect(trusted).toMatchObject({
      verified: true,
      outcome: 'valid',
      issuer: { known: 'trusted', name: { en: 'IIOE (UNESCO-ICHEI)' } },
    });
    expect(resultOf(trusted, 'issuer')).toBe('passed');

    const strangerDid = 'did:web:stranger.example';
    const stranger = await verify(await sign(strangerDid, await generateSigningKey(strangerDid)));
    expect(stranger).toMatchObject({ verified: false, outcome: 'not_valid' });
    expect(stranger.errors[0].detail).toMatch(/not one this service holds/);
  });

  it('a DID or key that can name nothing held here (a broken percent-escape, a NUL) is not valid, never a 500', async () => {
    const sign = async (did: string) => {
      const key = await generateSigningKey(did);
      const base = credentialInput();
      const unsigned = buildOpenBadgeCredential({ ...base, issuer: { ...base.issuer, id: did } });
      return signDataIntegrity({ credential: unsigned, key, documentLoader: loader, date: base.validFrom });
    };
    // Under this service's own did:web prefix, with an escape that does not decode.
    const brokenEscape = `${didWebFor(BASE_URL, 'x').slice(0, -1)}%E0`;
    const { credential: signedByKey } = await signedCredential();
    for (const credential of [
      await sign(brokenEscape),
      await sign('did:key:z6Mk\u0000x'),
      // Another issuer's valid proof, the issuer renamed (the binding fails, not the service).
      { ...signedByKey, issuer: { ...(signedByKey['issuer'] as Doc), id: brokenEscape } },
    ]) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: credential },
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.json<Report>()).toMatchObject({ verified: false, outcome: 'not_valid' });
      const page = await t.app.inject({
        method: 'POST',
        url: '/verify',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ credential: JSON.stringify(credential) }).toString(),
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-outcome="not_valid"');
    }
    // The same DID in a JWT's key id.
    const jwt = await signedJwtPayload({ issuer: brokenEscape, type: ['VerifiableCredential'] });
    const jwtAnswer = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: jwt } });
    expect(jwtAnswer.statusCode).toBe(200);
    expect(jwtAnswer.json<Report>().verified).toBe(false);
  });

  it('malformed input is a 400 problem, not a verdict; too large is 413', async () => {
    for (const body of [
      {},
      { verifiableCredential: 42 },
      { verifiableCredential: 'not a jwt' },
      { verifiableCredential: { '@context': [] } },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: body });
      expect({ body, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        body,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
    }
    const huge = await t.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: { '@context': [], proof: {}, padding: 'x'.repeat(300 * 1024) } },
    });
    expect(huge.statusCode).toBe(413);
  });

  it('sharing is the holder’s: the public page shows the credential only while shared, with Open Graph and a LinkedIn link', async () => {
    const id = recordOf(4).id;
    const page = () => t.app.inject({ method: 'GET', url: `/verify/${id}` });
    const notShared = await page();
    expect(notShared.statusCode).toBe(404);
    expect(notShared.body).toContain('Not shared');
    expect(notShared.body).not.toContain('p4.verify');

    // Only the holder decides: the organisation's admin and another learner cannot.
    for (const who of [cohort.admin, await holder(1)]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/credentials/${id}/sharing`,
        headers: who.headers,
        payload: { shared: true },
      });
      expect(res.statusCode).toBe(404);
    }
    expect((await page()).statusCode).toBe(404);
    const me = await holder(4);
    const shared = await t.call<{ shared: boolean; verificationUrl: string; linkedInUrl: string }>(
      'PUT',
      `/credentials/${id}/sharing`,
      me,
      { shared: true },
    );
    expect(shared).toMatchObject({ shared: true, verificationUrl: `http://credentials.test/verify/${id}` });
    const linkedIn = new URL(shared.linkedInUrl);
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({
      startTask: 'CERTIFICATION_NAME',
      certUrl: shared.verificationUrl,
      certId: id,
      organizationName: 'Org verify',
    });
    // Retrying changes nothing.
    expect((await t.call<{ shared: boolean }>('PUT', `/credentials/${id}/sharing`, me, { shared: true })).shared).toBe(true);
    const audit = await t.dataSource.query<Array<{ action: string }>>(
      `select action from audit_events where entity_id = $1 and action like 'credential.%shared' order by id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['credential.shared']);

    const open = await page();
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(open.headers['cache-control']).toBe('no-store');
    expect(open.body).toContain('data-outcome="valid"');
    expect(open.body).toMatch(/<meta property="og:title" content="[^"]+"/);
    expect(open.body).toContain(`<meta property="og:url" content="http://credentials.test/verify/${id}"`);
    expect(open.body).toContain('https://www.linkedin.com/profile/add?');
    // In French and Arabic too (right to left).
    const ar = await t.app.inject({ method: 'GET', url: `/verify/${id}?lang=ar` });
    expect(ar.body).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar.body).toContain('صالحة');
    const fr = await t.app.inject({
      method: 'GET',
      url: `/verify/${id}`,
      headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' },
    });
    expect(fr.body).toMatch(/<html lang="fr" dir="ltr">/);
    expect(fr.body).toContain('Valide');

    // Stop sharing: the page closes; the API still verifies the credential when someone presents it.
    await t.call('PUT', `/credentials/${id}/sharing`, me, { shared: false });
    expect((await page()).statusCode).toBe(404);
    expect((await verify(await documentOf(4))).outcome).toBe('valid');
  });

  it('the page’s paste form answers in HTML, escapes what it echoes, and refuses bad input with a 4xx page', async () => {
    const paste = (credential: string, url = '/verify') =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ credential }).toString(),
      });
    const pasted = await paste(JSON.stringify(await documentOf(1)), '/verify?lang=en');
    expect(pasted.statusCode).toBe(200);
    expect(pasted.body).toContain('data-outcome="valid"');
    expect(pasted.body).toContain('6 hours');
    expect(pasted.body).toContain('authentic and in force');
    expect(pasted.body).not.toContain('data-caveat');
    expect(pasted.body).not.toContain('data-note="pdf-attachment"');
    // Another issuer's credential, valid too, is not called "in force" with nobody vouching for it.
    for (const [lang, words] of [
      ['en', 'does not know the issuer'],
      ['fr', 'ne connaît pas l’émetteur'],
      ['ar', 'لا يعرف هذا الموقع الجهة المُصدِرة'],
    ] as const) {
      const strangers = await paste(JSON.stringify((await signedCredential()).credential), `/verify?lang=${lang}`);
      expect(strangers.body).toContain('data-outcome="valid"');
      expect(strangers.body).toContain('data-caveat="unknown-issuer"');
      expect(strangers.body).toContain('data-caveat="no-status"');
      expect(strangers.body).toContain(words);
      expect(strangers.body).not.toContain('authentic and in force');
    }

    const bad = await paste('{"@context": [], "proof": {}, "name": "</textarea><script>alert(1)</script>"}');
    expect(bad.statusCode).toBeLessThan(500);
    expect(bad.body).not.toContain('<script>alert(1)</script>');
    expect(bad.body).toContain('&lt;/textarea>&lt;script>');

    const garbage = await paste('hello');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(garbage.body).toContain('neither a credential');
    // In French: what to do, in French; the service's explanation after it, marked English.
    const french = await paste('hello', '/verify?lang=fr');
    expect(french.statusCode).toBe(400);
    expect(french.body).toContain('data-refused="400"');
    expect(french.body).toContain('Ce n’est pas une attestation que la page sait lire.');
    expect(french.body).toMatch(/<p class="detail" lang="en" dir="ltr">[^<]*neither a credential/);

    // A date before year 1 is written with its era, not as a date to come.
    // (A VC 2.0 credential that is not an Open Badge: the OB 3.0 schema would refuse the year.)
    const key = await issuerKey();
    const ancientCredential = await signDataIntegrity({
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: key.controller,
        validFrom: '-000001-04-20T00:00:00Z',
        credentialSubject: { id: 'did:example:teacher' },
      },
      key,
      documentLoader: loader,
      date: new Date(),
    });
    const ancient = await paste(JSON.stringify(ancientCredential));
    expect(ancient.body).toContain('data-outcome="valid"');
    expect(ancient.body).toContain('20 April 2 BC');

    // Links under /verify that the router cannot read, or that lead nowhere, are pages too.
    const unreadable = await t.app.inject({ method: 'GET', url: '/verify/%E0?lang=fr' });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(unreadable.body).toContain('<html lang="fr"');
    expect(unreadable.headers['content-security-policy']).toBeDefined();
    const tooLong = await t.app.inject({ method: 'GET', url: `/verify/${'a'.repeat(600)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.headers['content-type']).toBe('text/html; charset=utf-8');
    // Elsewhere, the same errors are problem documents, with the security headers.
    const apiUnreadable = await t.app.inject({ method: 'GET', url: '/credentials/%E0' });
    expect(apiUnreadable.statusCode).toBe(400);
    expect(apiUnreadable.headers['content-type']).toContain('application/problem+json');
    expect(apiUnreadable.headers['content-security-policy']).toBeDefined();
    const nowhere = await t.app.inject({ method: 'GET', url: '/verify/a/b' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.headers['content-type']).toBe('text/html; charset=utf-8');
    // The API keeps its problem documents.
    const apiNowhere = await t.app.inject({ method: 'GET', url: '/credentials/verify/a' });
    expect(apiNowhere.headers['content-type']).toContain('application/problem+json');
  });

  it('the PDF upload reads the credential attached to a certificate; a PDF without one, or not a PDF, is a 400 page', async () => {
    const pdf = (
      await t.app.inject({ method: 'GET', url: `/credentials/${recordOf(1).id}/certificate`, headers: cohort.admin.headers })
    ).rawPayload;
    const upload = (bytes: Buffer, type = 'application/pdf') => {
      const boundary = 'x-boundary-42';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/verify/pdf',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const ok = await upload(pdf);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('data-outcome="valid"');
    // The page says what an upload checks: the attached credential, not the printed page.
    expect(ok.body).toContain('data-note="pdf-attachment"');
    expect(ok.body).toContain('The printed page is not checked');
    const notPdf = await upload(Buffer.from('hello'), 'text/plain');
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.body).toContain('not a PDF');
    // A PDF with no credential attached: a page's worth of text, no attachment.
    const plain = Buffer.from(
      pdf
        .toString('latin1')
        .replace(/credential\.json/g, 'credential.jsoX')
        .replace(/credential\.jwt/g, 'credential.jwX'),
      'latin1',
    );
    const none = await upload(plain);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('carries no credential');
  });
});

describe('the same request body again', () => {
  let t: TestApp;
  // Observed, not replaced: how often the controller works out an answer (`answer`, which the
  // route's hook calls before Nest's router) and how often Nest's handler runs (`verify`: never,
  // since the hook answers every request of the route).
  const counted = { answer: 0, verify: 0 };
  const originals = {
    answer: Object.getOwnPropertyDescriptor(VerificationController.prototype, 'answer')!,
    verify: Object.getOwnPropertyDescriptor(VerificationController.prototype, 'verify')!,
  };
  beforeAll(async () => {
    for (const name of ['answer', 'verify'] as const) {
      const original = originals[name].value as (...a: unknown[]) => unknown;
      const counting = function (this: VerificationController, ...args: unknown[]) {
        counted[name]++;
        return original.apply(this, args);
      };
      // The route's decorators live on the function as metadata.
      for (const key of Reflect.getMetadataKeys(original)) {
        Reflect.defineMetadata(key, Reflect.getMetadata(key, original), counting);
      }
      Object.defineProperty(VerificationController.prototype, name, { ...originals[name], value: counting });
    }
    t = await createTestApp({});
  });
  afterAll(async () => {
    for (const name of ['answer', 'verify'] as const) {
      Object.defineProperty(VerificationController.prototype, name, originals[name]);
    }
    await t.close();
  });

  it('gets the same answer, sent before the controller works one out, with every header a request gets; other bodies do not; Nest’s handler never runs', async () => {
    const { credential } = await signedCredential();
    const payload = JSON.stringify({ verifiableCredential: credential });
    const post = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
    {
      const first = await post(payload);
      // A credential seen once: its report is not kept (its proof's finding is), so the same body
      // is answered again by the controller; from then on its report is kept.
      const second = await post(payload);
      expect(counted).toEqual({ answer: 2, verify: 0 });
      expect(second.body).toBe(first.body);
      const again = await post(payload);
      expect(counted).toEqual({ answer: 2, verify: 0 });
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(first.body);
      expect(JSON.parse(again.body)).toMatchObject({ verified: true, outcome: 'valid' });
      for (const header of ['content-type', 'x-content-type-options', 'content-security-policy']) {
        expect(again.headers[header]).toBe(first.headers[header]);
      }
      expect(again.headers['x-request-id']).toBeDefined();
      expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
      // The same credential in other bytes (spaced out) is another body: the controller answers it.
      const spaced = await post(JSON.stringify({ verifiableCredential: credential }, null, 1));
      expect(counted).toEqual({ answer: 3, verify: 0 });
      expect(spaced.body).toBe(first.body);
      // A malformed body is never taken for a held one.
      const broken = await post(payload.slice(0, -1));
      expect(broken.statusCode).toBe(400);
      // A problem from the route's hook is the one Nest's filter sends: its instance, the request's id.
      const empty = await post('{}');
      expect(empty.statusCode).toBe(400);
      expect(empty.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(empty.json()).toMatchObject({
        status: 400,
        code: 'malformed_request',
        instance: '/credentials/verify',
        requestId: empty.headers['x-request-id'],
      });
      expect(empty.headers['x-content-type-options']).toBe('nosniff');
      expect(counted).toEqual({ answer: 4, verify: 0 });
    }
  });
});

describe('public verification rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { VERIFY_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answer 429 (a problem) past the limit per client, with Retry-After', async () => {
    const { credential } = await signedCredential();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<TestApp['app']['inject']>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: credential } });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last?.headers['retry-after']).toBeDefined();
    // Another client is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      remoteAddress: '10.9.8.7',
      payload: { verifiableCredential: credential },
    });
    expect(other.statusCode).toBe(200);
  });

  it('one budget per client across the verification endpoints; the page tells it in the reader’s language', async () => {
    const { credential } = await signedCredential();
    const remoteAddress = '10.1.1.1';
    const answers = [
      await t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        remoteAddress,
        payload: { verifiableCredential: credential },
      }),
      await t.app.inject({
        method: 'POST',
        url: '/verify',
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ credential: JSON.stringify(credential) }).toString(),
      }),
      await t.app.inject({ method: 'GET', url: '/verify/6f1c8a52-0d5e-4b8e-9a57-3c1f2f0e9b11', remoteAddress }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 404]);
    // The budget is spent, whichever endpoint is asked next.
    const api = await t.app.inject({
      method: 'POST',
      url: '/credentials/verify',
      remoteAddress,
      payload: { verifiableCredential: credential },
    });
    expect(api.statusCode).toBe(429);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const page = await t.app.inject({
      method: 'GET',
      url: '/verify/6f1c8a52-0d5e-4b8e-9a57-3c1f2f0e9b11',
      remoteAddress,
      headers: { 'accept-language': 'fr' },
    });
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('<html lang="fr"');
    expect(page.body).toContain('data-refused="429"');
    // Another group's budget (status lists) is the client's still.
    expect(
      (await t.app.inject({ method: 'GET', url: '/status-lists/6f1c8a52-0d5e-4b8e-9a57-3c1f2f0e9b11', remoteAddress }))
        .statusCode,
    ).toBe(404);
  });

  it('a presentation spends one verification of the budget for each credential it holds', async () => {
    const { credential } = await signedCredential();
    const present = (remoteAddress: string, count: number) =>
      t.app.inject({
        method: 'POST',
        url: '/presentations/verify',
        remoteAddress,
        payload: {
          verifiablePresentation: {
            '@context': ['https://www.w3.org/ns/credentials/v2'],
            type: ['VerifiablePresentation'],
            verifiableCredential: Array.from({ length: count }, () => credential),
          },
          options: { unsignedPresentation: true },
        },
      });
    // Three credentials: the whole budget of 3, answered; then nothing is left.
    expect((await present('10.2.2.2', 3)).statusCode).toBe(200);
    expect((await present('10.2.2.2', 1)).statusCode).toBe(429);
    // Four credentials are more than the budget: refused as a whole.
    const over = await present('10.3.3.3', 4);
    expect(over.statusCode).toBe(429);
    expect(over.json<{ detail: string }>().detail).toContain('holds 4 credentials');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits status-list fetches per client too, at ten times the verification limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/status-lists/6f1c8a52-0d5e-4b8e-9a57-3c1f2f0e9b11' })).statusCode,
      );
    }
    expect(statuses.slice(0, 30)).toEqual(Array.from({ length: 30 }, () => 404));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});
