import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenBadgeCredential } from '@app/credentials';
import { cohortWithParticipants, complete, type EligibleCohort, type Who } from '../support/issuance-fixture.js';
import { BASE_URL, signedPresentation } from '../support/signed-credential.js';
import { stockVerify } from '../support/stock-verify.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- credentials are walked and tampered freely
type Doc = Record<string, any>;
interface Summary {
  id: string;
  credentialId: string;
  state: string;
  stateReason: string | null;
  accountId: string | null;
  enrolmentId: string | null;
  replacesId: string | null;
  replacedById: string | null;
}
interface Verification {
  verified: boolean;
  status: string;
  errors: Array<{ detail: string }>;
  checks: string[];
  format: string;
  registry?: { state: string; reason: string | null; replacedBy: string | null };
}

describe('issuing Open Badges 3.0 credentials', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];

  const states = (orgId: string) => credentialStates((sql, p) => t.dataSource.query(sql, p), orgId);
  const waitActive = (orgId: string, n: number) =>
    waitUntil(async () => (await states(orgId))['active'] === n, `${n} credentials are active`);
  const recordOf = (email: string): Summary => {
    const p = cohort.participants.find((x) => x.email === email)!;
    return records.find((r) => r.enrolmentId === p.enrolmentId)!;
  };
  const documentOf = (id: string, who: Who = cohort.admin) => t.call<Doc>('GET', `/credentials/${id}`, who);
  const verify = (verifiableCredential: unknown, who: Who = cohort.admin) =>
    t.call<Verification>('POST', '/credentials/verify', who, { verifiableCredential });
  const email = (n: number) => `p${n}.issuer-a@school.test`;

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'issuer-a', participants: 8, validityMonths: 36 });
    // Participant 1 handed in a lesson plan: it becomes evidence in the credential.
    await t.call(
      'POST',
      `/cohorts/${cohort.cohortId}/records`,
      cohort.trainer,
      {
        enrolmentId: cohort.participants[0].enrolmentId,
        kind: 'evidence',
        module: 'M1',
        evidenceUrl: 'https://lms.example.org/submissions/lesson-plan-1',
      },
      201,
    );
    await complete(
      t,
      cohort,
      cohort.participants.map((p) => p.email),
    );
    await waitActive(cohort.orgId, 8);
    records = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
  });
  afterAll(() => t.close());

  it('issues one credential per eligible enrolment, with what the programme and the learner are', async () => {
    expect(records).toHaveLength(8);
    expect(new Set(records.map((r) => r.enrolmentId)).size).toBe(8);
    const doc = await documentOf(recordOf(email(1)).id);
    expect(doc).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        'http://credentials.test/contexts/ai-cft-credentials/v1.json',
      ],
      id: recordOf(email(1)).credentialId,
      name: 'AI basics for teachers',
      issuer: { id: 'did:web:credentials.test:organisations:issuer-a', name: 'Org issuer-a', url: 'https://example.org' },
      credentialSubject: {
        identifier: expect.arrayContaining([expect.objectContaining({ identityType: 'emailAddress', hashed: true })]),
        achievement: {
          achievementType: 'MicroCredential',
          contactHours: 6,
          translations: { name: { fr: 'Les bases de l’IA pour les enseignants' } },
          alignment: [
            expect.objectContaining({
              targetCode: '1.1',
              targetUrl: 'http://credentials.test/frameworks/unesco-ai-cft/competencies/1.1',
            }),
            expect.objectContaining({ targetCode: '3.1' }),
          ],
        },
      },
    });
    expect(doc['evidence']).toEqual([{ id: 'https://lms.example.org/submissions/lesson-plan-1', type: ['Evidence'] }]);
    // Handed out with its keys in the order it was signed in (PostgreSQL's jsonb sorts them).
    expect(Object.keys(doc)).toEqual([
      '@context',
      'id',
      'type',
      'name',
      'issuer',
      'validFrom',
      'validUntil',
      'credentialSubject',
      'evidence',
      'credentialStatus',
      'proof',
    ]);
    const subject = doc['credentialSubject'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(subject.achievement).slice(0, 4)).toEqual(['id', 'type', 'achievementType', 'name']);
    expect(Object.keys((doc['proof'] as Array<Record<string, unknown>>)[0])).toEqual([
      'type',
      'created',
      'verificationMethod',
      'cryptosuite',
      'proofPurpose',
      'proofValue',
    ]);
    // validUntil: 36 months after validFrom.
    const from = new Date(doc['validFrom'] as string);
    const until = new Date(doc['validUntil'] as string);
    expect(until.getUTCFullYear() - from.getUTCFullYear()).toBe(3);
    const result = await verify(doc);
    expect(result).toMatchObject({ verified: true, status: 'valid', format: 'ldp' });
    expect(result.checks).toEqual(expect.arrayContaining(['proof', 'credentialStatus', 'expiration']));
  });

  it('every changed field fails verification: name, hours, competency, issuer, dates, learner, status entry, proof', async () => {
    const doc = await documentOf(recordOf(email(1)).id);
    const twins: Array<[string, (c: Doc) => void]> = [
      ['the name', (c) => (c['name'] = 'Advanced AI')],
      ['the hours', (c) => (c['credentialSubject']['achievement']['contactHours'] = 60)],
      ['the competency', (c) => (c['credentialSubject']['achievement']['alignment'][0]['targetCode'] = '5.3')],
      ['the issuer', (c) => (c['issuer']['name'] = 'A diploma mill')],
      ['the issuer id', (c) => (c['issuer']['id'] = 'did:web:credentials.test:organisations:lebanon')],
      ['the start date', (c) => (c['validFrom'] = '2020-01-01T00:00:00Z')],
      ['the end date', (c) => (c['validUntil'] = '2099-01-01T00:00:00Z')],
      ['the evidence', (c) => (c['evidence'][0]['id'] = 'https://lms.example.org/submissions/other')],
      ['the learner', (c) => (c['credentialSubject']['identifier'][1]['identityHash'] = 'Somebody Else')],
      ['the status index', (c) => (c['credentialStatus']['statusListIndex'] = '7')],
      ['the proof value', (c) => (c['proof'][0]['proofValue'] = `${String(c['proof'][0]['proofValue']).slice(0, -4)}AAAA`)],
      ['the proof date', (c) => (c['proof'][0]['created'] = '2020-01-01T00:00:00Z')],
      ['no proof', (c) => delete c['proof']],
    ];
    for (const [what, tamper] of twins) {
      const copy = structuredClone(doc);
      tamper(copy);
      const res = await t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        headers: cohort.admin.headers,
        payload: { verifiableCredential: copy },
      });
      // A credential without proof is malformed (400); every other twin verifies as false.
      const verified = res.statusCode === 200 ? res.json<Verification>().verified : `status ${res.statusCode}`;
      expect({ what, verified }).toEqual({ what, verified: what === 'no proof' ? 'status 400' : false });
    }
  });

  it('the JWT form verifies, and a changed payload or signature does not', async () => {
    const id = recordOf(email(1)).id;
    const res = await t.app.inject({ method: 'GET', url: `/credentials/${id}?format=jwt`, headers: cohort.admin.headers });
    const jwt = res.body;
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
    expect(await verify(jwt)).toMatchObject({ verified: true, format: 'vc+jwt', status: 'valid' });
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Doc;
    body['credentialSubject']['achievement']['contactHours'] = 60;
    const forged = `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`;
    expect(await verify(forged)).toMatchObject({ verified: false });
    const badSignature = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
    expect(await verify(badSignature)).toMatchObject({ verified: false });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/credentials/verify',
          headers: cohort.admin.headers,
          payload: { verifiableCredential: 'not a jwt' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('suspended, then reinstated; revoked for good — standard verifiers and this one see each, with the reason', async () => {
    const suspended = recordOf(email(2));
    const doc = await documentOf(suspended.id);
    const stock = async (credential: Doc) => (await stockVerify(t, credential)).statusSet;
    expect(await stock(doc)).toBe(false);

    const listUrl = (doc['credentialStatus'] as { statusListCredential: string }).statusListCredential.replace(
      'http://credentials.test',
      '',
    );
    const before = await t.app.inject({ method: 'GET', url: listUrl });
    expect(before.statusCode).toBe(200);
    expect(before.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    expect(before.headers['content-type']).toMatch(/application\/vc\+ld\+json/);
    const etag = before.headers['etag'] as string;
    expect((await t.app.inject({ method: 'GET', url: listUrl, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    // Served again from what is stored (jsonb sorts keys), in the order it was signed in.
    const list = (await t.app.inject({ method: 'GET', url: listUrl })).json<Record<string, unknown>>();
    expect(Object.keys(list)[0]).toBe('@context');
    expect(Object.keys(list).at(-1)).toBe('proof');
    expect(Object.keys(list['credentialSubject'] as object)).toEqual(['id', 'type', 'statusPurpose', 'encodedList']);

    await t.call('POST', `/credentials/${suspended.id}/suspension`, cohort.admin, { reason: 'Under investigation' });
    const whileSuspended = await verify(doc);
    expect(whileSuspended).toMatchObject({ verified: false, status: 'suspended', registry: { state: 'suspended' } });
    expect(whileSuspended.errors.map((e) => e.detail).join(' ')).toContain('Under investigation');
    expect(await stock(doc)).toBe(true);
    const after = await t.app.inject({ method: 'GET', url: listUrl, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers['etag']).not.toBe(etag);

    await t.call('POST', `/credentials/${suspended.id}/reinstatement`, cohort.admin, { reason: 'Cleared' });
    expect(await verify(doc)).toMatchObject({ verified: true, status: 'valid' });
    expect(await stock(doc)).toBe(false);

    const revoked = recordOf(email(3));
    const revokedDoc = await documentOf(revoked.id);
    await t.call('POST', `/credentials/${revoked.id}/revocation`, cohort.admin, { reason: 'Assessment plagiarised' });
    const result = await verify(revokedDoc);
    expect(result).toMatchObject({
      verified: false,
      status: 'revoked',
      registry: { state: 'revoked', reason: 'Assessment plagiarised' },
    });
    expect(await stock(revokedDoc)).toBe(true);
    for (const action of ['reinstatement', 'suspension', 'revocation']) {
      const refused = await t.app.inject({
        method: 'POST',
        url: `/credentials/${revoked.id}/${action}`,
        headers: cohort.admin.headers,
        payload: { reason: 'Try again' },
      });
      expect({ action, status: refused.statusCode }).toEqual({ action, status: 409 });
    }
    const audit = await t.dataSource.query<Array<{ action: string; after: { reason: string } }>>(
      "select action, after from audit_events where entity_type = 'credential' and entity_id in ($1, $2) and action not in ('credential.queued', 'credential.issued') order by occurred_at",
      [suspended.id, revoked.id],
    );
    expect(audit.map((a) => [a.action, a.after.reason])).toEqual([
      ['credential.suspended', 'Under investigation'],
      ['credential.reinstated', 'Cleared'],
      ['credential.revoked', 'Assessment plagiarised'],
    ]);
  });

  it('the VC-API status endpoint suspends and reinstates; a revocation cannot be undone; others cannot touch it', async () => {
    const target = recordOf(email(4));
    const change = (statusPurpose: string, status: boolean, who: Who = cohort.admin) =>
      t.app.inject({
        method: 'POST',
        url: '/credentials/status',
        headers: who.headers,
        payload: {
          credentialId: target.credentialId,
          credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose, status }],
          reason: 'Requested by the ministry',
        },
      });
    expect((await change('suspension', true)).json()).toMatchObject({ state: 'suspended' });
    expect((await change('suspension', false)).json()).toMatchObject({ state: 'active' });
    expect((await change('revocation', false)).statusCode).toBe(409);
    const outsider = await t.signedIn([
      { role: 'org_admin', organisationId: (await cohortWithParticipants(t, { slug: 'other-org', participants: 0 })).orgId },
    ]);
    // Another organisation's admin learns nothing of it (404, as for an id nobody issued); who
    // administers no organisation may not use the endpoint at all (403).
    expect((await change('suspension', true, outsider)).statusCode).toBe(404);
    expect((await change('suspension', true, cohort.trainer)).statusCode).toBe(403);
    const revokeElsewhere = await t.app.inject({
      method: 'POST',
      url: `/credentials/${target.id}/revocation`,
      headers: outsider.headers,
      payload: { reason: 'Not mine to revoke' },
    });
    expect(revokeElsewhere.statusCode).toBe(404);
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/credentials/status',
      headers: cohort.admin.headers,
      payload: {
        credentialId: target.credentialId,
        credentialStatus: [{ type: 'Other', statusPurpose: 'x', status: 'yes' }],
        reason: 'x y z',
      },
    });
    expect(malformed.statusCode).toBe(400);
    // Two changes at once: the schema says one at a time, and so does the answer (400).
    const two = await t.app.inject({
      method: 'POST',
      url: '/credentials/status',
      headers: cohort.admin.headers,
      payload: {
        credentialId: target.credentialId,
        credentialStatus: [
          { type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status: true },
          { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true },
        ],
        reason: 'Both at once',
      },
    });
    expect(two.statusCode).toBe(400);
    expect((await t.call<Summary>('GET', `/credentials/${target.id}/record`, cohort.admin)).state).toBe('active');
  });

  it('re-issue revokes the old credential and links the new one, signed from the data as it is now', async () => {
    const old = recordOf(email(5));
    const oldDoc = await documentOf(old.id);
    const renewed = await t.call<Summary>(
      'POST',
      `/credentials/${old.id}/reissue`,
      cohort.admin,
      { reason: 'Name corrected' },
      201,
    );
    expect(renewed).toMatchObject({ state: 'queued', replacesId: old.id });
    await waitUntil(
      async () => (await t.call<Summary>('GET', `/credentials/${renewed.id}/record`, cohort.admin)).state === 'active',
      'the re-issued credential is signed',
    );
    const oldNow = await t.call<Summary>('GET', `/credentials/${old.id}/record`, cohort.admin);
    expect(oldNow).toMatchObject({ state: 'revoked', replacedById: renewed.id });
    expect((await verify(oldDoc)).registry).toMatchObject({ state: 'revoked', replacedBy: renewed.credentialId });
    expect(await verify(await documentOf(renewed.id))).toMatchObject({ verified: true, status: 'valid' });
    // Re-issuing the revoked one again is refused.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/credentials/${old.id}/reissue`,
          headers: cohort.admin.headers,
          payload: { reason: 'again' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('presentations: the credentials in it are verified; an unsigned one needs the option; a revoked credential fails it', async () => {
    const good = await documentOf(recordOf(email(1)).id);
    const revoked = await documentOf(recordOf(email(3)).id);
    const presentation = (credentials: Doc[]) => ({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: credentials,
    });
    const verifyVp = (vp: Doc, options?: Doc) =>
      t.call<{ verified: boolean; errors: Array<{ detail: string }> }>('POST', '/presentations/verify', cohort.admin, {
        verifiablePresentation: vp,
        ...(options ? { options } : {}),
      });
    const ok = await verifyVp(presentation([good]), { unsignedPresentation: true });
    expect(ok.errors).toEqual([]);
    expect(ok.verified).toBe(true);
    expect((await verifyVp(presentation([good]))).verified).toBe(false);
    const withRevoked = await verifyVp(presentation([good, revoked]), { unsignedPresentation: true });
    expect(withRevoked.verified).toBe(false);
    expect(withRevoked.errors.map((e) => e.detail).join(' ')).toContain('Credential 2');

    // Signed by its holder (a did:key) for a challenge: its proof is checked on a verifying thread.
    const signed = await signedPresentation([good], { challenge: 'c-2026-12-01', domain: 'employer.example' });
    const held = await verifyVp(signed, { challenge: 'c-2026-12-01', domain: 'employer.example' });
    expect(held.errors).toEqual([]);
    expect(held).toMatchObject({ verified: true, checks: ['proof', 'credentials'] });
    const details = async (vp: Doc, options?: Doc) => {
      const answer = await verifyVp(vp, options);
      expect(answer.verified).toBe(false);
      return answer.errors.map((e) => e.detail).join(' ');
    };
    expect(await details(signed, { challenge: 'another', domain: 'employer.example' })).toContain('challenge');
    expect(await details(signed, { challenge: 'c-2026-12-01', domain: 'elsewhere.example' })).toContain('domain');
    expect(await details(signed)).toContain('options.challenge');
    // Changed after signing: a credential removed, or another holder named.
    expect(await details({ ...signed, verifiableCredential: [] }, { challenge: 'c-2026-12-01' })).not.toBe('');
    expect(
      await details(
        { ...signed, holder: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' },
        { challenge: 'c-2026-12-01' },
      ),
    ).toContain('not its holder');
    // Signed, and holding a revoked credential: the proof holds, the presentation does not.
    const withRevokedSigned = await verifyVp(await signedPresentation([good, revoked], { challenge: 'c2' }), { challenge: 'c2' });
    expect(withRevokedSigned).toMatchObject({ verified: false, checks: ['proof'] });
  });

  it('after rotation old credentials still verify; a compromised key makes what it signed fail with a clear reason', async () => {
    const oldDoc = await documentOf(recordOf(email(6)).id);
    const keys = await t.call<Array<{ id: string; status: string }>>('GET', `/organisations/${cohort.orgId}/keys`, cohort.admin);
    const first = keys.find((k) => k.status === 'active')!;
    await t.call('POST', `/organisations/${cohort.orgId}/keys/rotation`, cohort.admin);
    expect(await verify(oldDoc)).toMatchObject({ verified: true, status: 'valid' });

    // A credential signed after the rotation uses the new key.
    const renewed = await t.call<Summary>(
      'POST',
      `/credentials/${recordOf(email(7)).id}/reissue`,
      cohort.admin,
      { reason: 'Renewal' },
      201,
    );
    await waitUntil(
      async () => (await t.call<Summary>('GET', `/credentials/${renewed.id}/record`, cohort.admin)).state === 'active',
      'signed',
    );
    const newDoc = await documentOf(renewed.id);
    expect(newDoc['proof'][0]['verificationMethod']).not.toBe(oldDoc['proof'][0]['verificationMethod']);

    await t.call('POST', `/signing-keys/${first.id}/compromise`, cohort.admin, { reason: 'Backup stolen' });
    const failed = await verify(oldDoc);
    expect(failed.verified).toBe(false);
    expect(failed.errors[0].detail).toMatch(/marked compromised on \d{4}-\d{2}-\d{2} \(Backup stolen\)/);
    // What the new key signed (and the status lists, signed again with it) still verify.
    expect(await verify(newDoc)).toMatchObject({ verified: true, status: 'valid' });
  });

  it('holders list and download their credentials (JSON-LD and JWT); nobody else sees them', async () => {
    const p = cohort.participants.find((x) => x.email === email(8))!;
    const holder = { accountId: p.accountId, headers: (await t.tokenFor(p.accountId)).headers };
    const mine = await t.call<Summary[]>('GET', '/me/credentials', holder);
    expect(mine).toHaveLength(1);
    const json = await t.app.inject({ method: 'GET', url: `/credentials/${mine[0].id}?download=true`, headers: holder.headers });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="credential-${mine[0].id}.json"`);
    expect(json.json<Doc>()['id']).toBe(mine[0].credentialId);
    const jwt = await t.app.inject({
      method: 'GET',
      url: `/credentials/${mine[0].id}?format=jwt&download=true`,
      headers: holder.headers,
    });
    expect(jwt.headers['content-disposition']).toBe(`attachment; filename="credential-${mine[0].id}.jwt"`);
    expect(jwt.body.split('.')).toHaveLength(3);

    const other = cohort.participants.find((x) => x.email === email(1))!;
    const otherHeaders = (await t.tokenFor(other.accountId)).headers;
    expect((await t.app.inject({ method: 'GET', url: `/credentials/${mine[0].id}`, headers: otherHeaders })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: 'GET', url: `/credentials/${mine[0].id}` })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: `/credentials/${mine[0].id}?format=xml`, headers: holder.headers })).statusCode,
    ).toBe(400);
  });
});

describe('approval, the OB 3.0 JWT profile and the VC-API issue endpoint', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a programme under approval holds credentials until an admin approves or rejects them', async () => {
    const cohort = await cohortWithParticipants(t, { slug: 'approvals', participants: 3, issuanceMode: 'approval' });
    await complete(
      t,
      cohort,
      cohort.participants.map((p) => p.email),
    );
    const held = await t.call<Summary[]>(
      'GET',
      `/organisations/${cohort.orgId}/credentials?state=awaiting_approval`,
      cohort.admin,
    );
    expect(held).toHaveLength(3);
    const [a, b] = held as [Summary, Summary];
    expect((await t.app.inject({ method: 'GET', url: `/credentials/${a.id}`, headers: cohort.admin.headers })).statusCode).toBe(
      409,
    );
    await t.call('POST', `/credentials/${a.id}/approval`, cohort.admin);
    await t.call('POST', `/credentials/${b.id}/rejection`, cohort.admin, { reason: 'Attendance sheet unsigned' });
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 1,
      'the approved one is signed',
    );
    expect(await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId)).toEqual({
      active: 1,
      rejected: 1,
      awaiting_approval: 1,
    });
    // A rejection is reconsidered: approving it queues the credential as for one awaiting.
    await t.call('POST', `/credentials/${b.id}/approval`, cohort.admin);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 2,
      'the reconsidered one is signed',
    );
    // Approving one already issued is a conflict.
    expect(
      (await t.app.inject({ method: 'POST', url: `/credentials/${b.id}/approval`, headers: cohort.admin.headers })).statusCode,
    ).toBe(409);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/organisations/${cohort.orgId}/credentials?state=bogus`,
          headers: cohort.admin.headers,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('a programme may choose the OB 3.0 JWT profile: typ JWT with iss, jti, nbf, exp', async () => {
    const cohort = await cohortWithParticipants(t, { slug: 'ob3-jwt', participants: 1, jwtProfile: 'ob3', validityMonths: 12 });
    await complete(t, cohort, [cohort.participants[0].email]);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 1,
      'signed',
    );
    const [record] = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
    const jwt = (
      await t.app.inject({ method: 'GET', url: `/credentials/${record.id}?format=jwt`, headers: cohort.admin.headers })
    ).body;
    const [header, payload] = jwt.split('.') as [string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Doc;
    expect(claims).toMatchObject({
      iss: 'did:web:credentials.test:organisations:ob3-jwt',
      jti: record.credentialId,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
    });
    expect(claims['exp'] - claims['nbf']).toBeGreaterThan(364 * 86400);
    expect(await t.call('POST', '/credentials/verify', cohort.admin, { verifiableCredential: jwt })).toMatchObject({
      verified: true,
      format: 'ob3-jwt',
    });
    const wrongIss = `${header}.${Buffer.from(JSON.stringify({ ...claims, iss: 'did:web:elsewhere' })).toString('base64url')}.${jwt.split('.')[2]}`;
    expect(await t.call('POST', '/credentials/verify', cohort.admin, { verifiableCredential: wrongIss })).toMatchObject({
      verified: false,
    });
  });

  it('POST /credentials/issue signs any VC 2.0 credential of the caller’s organisation (201), and refuses bad input with 4xx and nothing stored', async () => {
    const cohort = await cohortWithParticipants(t, { slug: 'vcapi', participants: 0 });
    const did = 'did:web:credentials.test:organisations:vcapi';
    const credential = {
      // Any VC 2.0 credential: here an alumni credential with its terms in an embedded context.
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        {
          ExampleAlumniCredential: 'https://example.org/vocab#ExampleAlumniCredential',
          alumniOf: 'https://example.org/vocab#alumniOf',
        },
      ],
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      issuer: did,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:alumnus', alumniOf: 'Example University' },
    };
    const count = async () =>
      Number((await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from credentials'))[0].n);
    const before = await count();
    const issued = await t.call<{ verifiableCredential: Doc }>('POST', '/credentials/issue', cohort.admin, { credential }, 201);
    const signed = issued.verifiableCredential;
    expect(signed['credentialStatus']).toEqual([
      expect.objectContaining({ statusPurpose: 'revocation' }),
      expect.objectContaining({ statusPurpose: 'suspension' }),
    ]);
    expect(signed['proof']).toMatchObject({
      cryptosuite: 'eddsa-rdfc-2022',
      verificationMethod: expect.stringMatching(new RegExp(`^${did}#z6Mk`)),
    });
    expect(await t.call('POST', '/credentials/verify', cohort.admin, { verifiableCredential: signed })).toMatchObject({
      verified: true,
      status: 'valid',
    });
    expect(await count()).toBe(before + 1);

    const refused = async (body: unknown, status: number, who: Who = cohort.admin) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/credentials/issue',
        headers: who.headers,
        payload: body as object,
      });
      expect({ body, status: res.statusCode }).toEqual({ body, status });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    };
    await refused({}, 400);
    await refused({ credential: 'not an object' }, 400);
    await refused({ credential: { ...credential, issuer: 'did:web:credentials.test:organisations:lebanon' } }, 422);
    await refused({ credential: { ...credential, issuer: 'did:web:elsewhere.example' } }, 422);
    await refused({ credential: { ...credential, '@context': ['https://www.w3.org/2018/credentials/v1'] } }, 422);
    await refused(
      { credential: { ...credential, '@context': [...credential['@context'], 'https://unknown.example/context'] } },
      422,
    );
    const unknownContext = await t.app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: cohort.admin.headers,
      payload: { credential: { ...credential, '@context': [...credential['@context'], 'https://unknown.example/context'] } },
    });
    expect(unknownContext.json<{ detail: string }>().detail).toContain('Refused to load https://unknown.example/context');
    const undefinedTerm = await t.app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: cohort.admin.headers,
      payload: { credential: { ...credential, credentialSubject: { id: 'did:example:x', undefinedTerm: 1 } } },
    });
    expect(undefinedTerm.statusCode).toBe(422);
    expect(undefinedTerm.json<{ detail: string }>().detail).toContain('undefinedTerm');
    await refused({ credential: { ...credential, proof: { type: 'DataIntegrityProof' } } }, 422);
    await refused({ credential: { ...credential, validFrom: 'yesterday' } }, 422);
    // Concurrent requests are issued together (group commit); a bad one in the group fails alone.
    const concurrent = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/credentials/issue',
          headers: cohort.admin.headers,
          payload: {
            credential:
              i === 5
                ? { ...credential, credentialSubject: { id: 'did:example:x', undefinedTerm: 1 } }
                : { ...credential, credentialSubject: { id: `did:example:alumnus-${i}`, alumniOf: 'Example University' } },
          },
        }),
      ),
    );
    expect(concurrent.map((r) => r.statusCode)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 5 ? 422 : 201)));
    const ids = concurrent
      .filter((r) => r.statusCode === 201)
      .map((r) => r.json<{ verifiableCredential: Doc }>().verifiableCredential);
    expect(new Set(ids.map((c) => String(c['id']))).size).toBe(11);
    expect(ids.map((c) => String(c['credentialSubject']['id']))).toEqual(
      Array.from({ length: 12 }, (_, i) => i)
        .filter((i) => i !== 5)
        .map((i) => `did:example:alumnus-${i}`),
    );
    expect(await count()).toBe(before + 12);
    const learner = await t.signedIn('learner');
    await refused({ credential }, 403, learner);
    const otherAdmin = await t.signedIn([
      { role: 'org_admin', organisationId: (await cohortWithParticipants(t, { slug: 'vcapi-2', participants: 0 })).orgId },
    ]);
    await refused({ credential }, 403, otherAdmin);
    expect(await count()).toBe(before + 12);
  });
  it('POST /credentials/issue gives an Open Badge one status entry (OB 3.0 allows one) and refuses one that breaks the OB 3.0 schema', async () => {
    const cohort = await cohortWithParticipants(t, { slug: 'vcapi-ob3', participants: 0 });
    const did = 'did:web:credentials.test:organisations:vcapi-ob3';
    const { id: _id, ...badge } = buildOpenBadgeCredential({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      publicBaseUrl: BASE_URL,
      language: 'en',
      issuer: { id: did, name: { en: 'VC-API issuer' } },
      achievement: {
        id: `${BASE_URL}/programmes/vcapi/versions/1`,
        name: { en: 'AI basics for teachers' },
        description: { en: 'A 6-hour introduction.' },
        criteria: { en: 'Complete the module.' },
        achievementType: 'MicroCredential',
        contactHours: 6,
        alignments: [],
      },
      subject: { email: 'teacher@vcapi.test', salt: 'salt' },
      learnerName: 'A Teacher',
      validFrom: new Date('2026-01-01T00:00:00Z'),
    });
    const count = async () =>
      Number((await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from credentials'))[0].n);
    const before = await count();
    const issued = await t.call<{ verifiableCredential: Doc }>(
      'POST',
      '/credentials/issue',
      cohort.admin,
      { credential: badge },
      201,
    );
    const signed = issued.verifiableCredential;
    expect(signed['credentialStatus']).toEqual(
      expect.objectContaining({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }),
    );
    const verify = (doc: Doc) =>
      t.call<{ verified: boolean; status: string; results: Array<{ code: string }> }>(
        'POST',
        '/credentials/verify',
        cohort.admin,
        { verifiableCredential: doc },
      );
    const valid = await verify(signed);
    expect(valid).toMatchObject({ verified: true, status: 'valid' });
    expect(valid.results.map((c) => c.code)).toContain('schema.follows');
    expect(await stockVerify(t, signed)).toEqual({ verified: true, statusSet: false });
    const record = String(signed['id']).split('/').pop()!;
    await t.call('POST', `/credentials/${record}/suspension`, cohort.admin, { reason: 'Under review' });
    expect(await verify(signed)).toMatchObject({ verified: false, status: 'suspended' });
    await t.call('POST', `/credentials/${record}/reinstatement`, cohort.admin, { reason: 'Cleared' });
    expect(await verify(signed)).toMatchObject({ verified: true, status: 'valid' });
    await t.call('POST', `/credentials/${record}/revocation`, cohort.admin, { reason: 'Issued in error' });
    expect(await verify(signed)).toMatchObject({ verified: false, status: 'revoked' });
    expect(await stockVerify(t, signed)).toEqual({ verified: true, statusSet: true });
    expect(await count()).toBe(before + 1);

    // The malformed twins: an Open Badge its verifier would call not valid is not signed.
    for (const broken of [
      { ...badge, validFrom: undefined },
      { ...badge, credentialSubject: { ...(badge['credentialSubject'] as Record<string, unknown>), achievement: undefined } },
      { ...badge, '@context': ['https://www.w3.org/ns/credentials/v2'] },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/credentials/issue',
        headers: cohort.admin.headers,
        payload: { credential: JSON.parse(JSON.stringify(broken)) as object },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ detail: string }>().detail).toContain('Open Badges 3.0 schema');
    }
    expect(await count()).toBe(before + 1);
  });
});
