import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, decodeJwt } from 'jose';
import { generateSigningKey, type SigningKey } from '@app/signing';
import { cohortWithParticipants, complete, type EligibleCohort, type Who } from '../support/issuance-fixture.js';
import { signedPresentation } from '../support/signed-credential.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- credentials are walked freely
type Doc = Record<string, any>;
interface Challenge {
  challenge: string;
  domain: string;
  expiresAt: string;
}
interface Problem {
  code: string;
  title: string;
  detail: string;
}

/**
 * A learner links a DID they control (DID Authentication: a signed presentation answering a
 * challenge); credentials issued afterwards name it as their subject, and a presentation signed
 * with its key shows the employer that the credential is the presenter's.
 */
describe('linking a holder DID', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let learner: Who;
  let other: Who;
  let wallet: SigningKey;

  const challengeFor = (who: Who) => t.call<Challenge>('POST', '/me/holder-did/challenge', who);
  const link = (who: Who, presentation: unknown) =>
    t.app.inject({ method: 'PUT', url: '/me/holder-did', headers: who.headers, payload: { presentation } as object });
  const didAuth = async (who: Who, key: SigningKey, change: (c: Challenge) => Partial<Challenge> = () => ({})) => {
    const c = { ...(await challengeFor(who)) };
    Object.assign(c, change(c));
    return signedPresentation([], { challenge: c.challenge, domain: c.domain }, key);
  };
  const linked = async (who: Who) => t.call<{ holderDid?: string; linkedAt?: string }>('GET', '/me/holder-did', who);
  const refused = async (who: Who, presentation: unknown, status = 422): Promise<Problem> => {
    const res = await link(who, presentation);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    return res.json<Problem>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'holder-did', participants: 2 });
    learner = { accountId: cohort.participants[0].accountId, ...(await t.tokenFor(cohort.participants[0].accountId)) };
    other = { accountId: cohort.participants[1].accountId, ...(await t.tokenFor(cohort.participants[1].accountId)) };
    wallet = await generateSigningKey((pub) => `did:key:${pub}`);
  });
  afterAll(() => t.close());

  it('gives a challenge for this service (15 minutes), to signed-in people only', async () => {
    const c = await challengeFor(learner);
    expect(c.domain).toBe(new URL(t.config.http.publicBaseUrl).host);
    const minutes = (Date.parse(c.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    expect((await t.app.inject({ method: 'POST', url: '/me/holder-did/challenge' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: '/me/holder-did', payload: {} })).statusCode).toBe(401);
    expect(await linked(learner)).toEqual({});
  });

  it('refuses every presentation that does not prove control for this account, and links nothing', async () => {
    // Another account's challenge.
    const others = await challengeFor(other);
    expect(
      (await refused(learner, await signedPresentation([], { challenge: others.challenge, domain: others.domain }, wallet)))
        .detail,
    ).toContain('challenge');
    // Not a challenge of this service, or one signed with another secret.
    expect((await refused(learner, await didAuth(learner, wallet, () => ({ challenge: 'made-up' })))).code).toBe(
      'holder_proof_invalid',
    );
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'holder-challenge+jwt' })
      .setSubject(learner.accountId)
      .setIssuer(t.config.http.publicBaseUrl)
      .setAudience('ai-cft-credentials:holder-did')
      .setExpirationTime('10 minutes')
      .sign(new TextEncoder().encode('not the service secret, but long enough to sign with'));
    expect((await refused(learner, await didAuth(learner, wallet, () => ({ challenge: forged })))).detail).toContain('challenge');
    // An expired challenge (made with the service's own secret).
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'holder-challenge+jwt' })
      .setSubject(learner.accountId)
      .setIssuer(t.config.http.publicBaseUrl)
      .setAudience('ai-cft-credentials:holder-did')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(new TextEncoder().encode(t.config.auth.tokenSecret.reveal()));
    expect((await refused(learner, await didAuth(learner, wallet, () => ({ challenge: expired })))).detail).toContain('expired');
    // An access token is not a challenge.
    const accessToken = learner.headers.authorization.slice('Bearer '.length);
    expect(decodeJwt(accessToken).sub).toBe(learner.accountId);
    await refused(learner, await didAuth(learner, wallet, () => ({ challenge: accessToken })));
    // Signed for another domain.
    expect((await refused(learner, await didAuth(learner, wallet, () => ({ domain: 'elsewhere.example' })))).detail).toContain(
      'domain',
    );
    // Changed after signing: another holder named, or a field added.
    const good = await didAuth(learner, wallet);
    const stranger = await generateSigningKey((pub) => `did:key:${pub}`);
    expect((await refused(learner, { ...good, holder: stranger.controller })).detail).toContain('not its holder');
    expect((await refused(learner, { ...good, id: 'urn:uuid:0e3f7a52-1a2b-4c3d-8e9f-0a1b2c3d4e5f' })).code).toBe(
      'holder_proof_invalid',
    );
    // Unsigned, holding a credential, a DID method other than did:key, no holder.
    const { proof: _proof, ...unsigned } = good;
    expect((await refused(learner, unsigned)).detail).toContain('proof');
    expect((await refused(learner, { ...good, verifiableCredential: [{ type: ['VerifiableCredential'] }] })).detail).toContain(
      'no credential',
    );
    expect((await refused(learner, { ...good, holder: 'did:web:example.org' })).detail).toContain('did:key');
    const { holder: _holder, ...anonymous } = good;
    expect((await refused(learner, anonymous)).detail).toContain('holder');
    // Not a presentation at all.
    expect((await refused(learner, 'a string', 400)).code).toBe('malformed_request');
    expect((await refused(learner, [good], 400)).code).toBe('malformed_request');
    const noPresentation = await t.app.inject({ method: 'PUT', url: '/me/holder-did', headers: learner.headers, payload: [] });
    expect(noPresentation.statusCode).toBe(400);
    // Not with an API key: linking binds every later credential, a person signed in does it.
    const key = await t.call<{ key: string }>('POST', '/api-keys', learner, { name: 'wallet sync' }, 201);
    const byKey = { accountId: learner.accountId, headers: { authorization: `Bearer ${key.key}` } };
    expect((await t.app.inject({ method: 'POST', url: '/me/holder-did/challenge', headers: byKey.headers })).statusCode).toBe(
      403,
    );
    expect((await refused(byKey, await didAuth(learner, wallet), 403)).code).toBe('forbidden');

    expect(await linked(learner)).toEqual({});
    const events = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'account.holder_did%'`,
    );
    expect(events[0].n).toBe(0);
  });

  let linkingPresentation: Doc;
  it('links the DID its wallet proved, once; another account cannot link the same DID', async () => {
    linkingPresentation = await didAuth(learner, wallet);
    const res = await link(learner, linkingPresentation);
    expect(res.statusCode).toBe(200);
    const first = res.json<{ holderDid: string; linkedAt: string }>();
    expect(first.holderDid).toBe(wallet.controller);
    // The same again (a retry): nothing changes.
    const again = await link(learner, await didAuth(learner, wallet));
    expect(again.json()).toEqual(first);
    expect(await linked(learner)).toEqual(first);
    expect((await t.call<{ holderDid?: string }>('GET', '/me', learner)).holderDid).toBe(wallet.controller);
    const events = await t.dataSource.query(
      `SELECT action, entity_id AS "entityId" FROM audit_events WHERE action LIKE 'account.holder_did%'`,
    );
    expect(events).toEqual([{ action: 'account.holder_did_linked', entityId: learner.accountId }]);

    const taken = await refused(other, await didAuth(other, wallet), 409);
    expect(taken.code).toBe('did_taken');
    expect(await linked(other)).toEqual({});
  });

  it('names the linked DID as the subject of credentials issued afterwards; a presentation with its key binds the holder', async () => {
    await complete(t, cohort, [cohort.participants[0].email, cohort.participants[1].email]);
    let records: Array<{ id: string; accountId: string; state: string }> = [];
    await waitUntil(async () => {
      records = await t.call('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
      return records.length === 2 && records.every((r) => r.state === 'active');
    }, 'both credentials are active');
    const mine = records.find((r) => r.accountId === learner.accountId)!;
    const theirs = records.find((r) => r.accountId === other.accountId)!;
    const credential = await t.call<Doc>('GET', `/credentials/${mine.id}`, learner);
    expect(credential.credentialSubject.id).toBe(wallet.controller);
    // The email stays, hashed, beside the name.
    const identifiers = credential.credentialSubject.identifier as Array<{ identityType: string }>;
    expect(identifiers.map((i) => i.identityType)).toEqual(['emailAddress', 'name']);
    expect(JSON.stringify(credential)).not.toContain(cohort.participants[0].email);
    const jwt = (await t.app.inject({ method: 'GET', url: `/credentials/${mine.id}?format=jwt`, headers: learner.headers })).body;
    // The vc+jwt form carries the credential as it is (an OB 3.0 JWT would add it as sub).
    expect((decodeJwt(jwt)['credentialSubject'] as Doc).id).toBe(wallet.controller);
    const unlinkedCredential = await t.call<Doc>('GET', `/credentials/${theirs.id}`, other);
    expect(unlinkedCredential.credentialSubject.id).toBeUndefined();

    const present = (vp: Doc, challenge?: string) =>
      t.call<{ verified: boolean; checks: string[]; warnings: Problem[]; errors: Problem[] }>(
        'POST',
        '/presentations/verify',
        undefined,
        {
          verifiablePresentation: vp,
          options: challenge ? { challenge, domain: 'employer.example' } : { unsignedPresentation: true },
        },
      );
    // Signed by the holder's wallet: the credential is about the one presenting it.
    const byHolder = await present(
      await signedPresentation([credential], { challenge: 'interview-42', domain: 'employer.example' }, wallet),
      'interview-42',
    );
    expect(byHolder).toMatchObject({ verified: true, checks: ['proof', 'credentials', 'holderBinding'], warnings: [] });
    // Signed by someone else's key: everything verifies, but nothing binds the credential to them.
    const stranger = await generateSigningKey((pub) => `did:key:${pub}`);
    const byStranger = await present(
      await signedPresentation([credential], { challenge: 'interview-43', domain: 'employer.example' }, stranger),
      'interview-43',
    );
    expect(byStranger.verified).toBe(true);
    expect(byStranger.checks).toEqual(['proof', 'credentials']);
    expect(byStranger.warnings.map((w) => w.detail)).toEqual([expect.stringContaining("not about the presentation's holder")]);
    // A credential whose subject was changed to the presenter's DID does not verify, and binds nothing.
    const stolen = { ...credential, credentialSubject: { ...credential.credentialSubject, id: stranger.controller } };
    const byThief = await present(
      await signedPresentation([stolen], { challenge: 'interview-44', domain: 'employer.example' }, stranger),
      'interview-44',
    );
    expect(byThief.verified).toBe(false);
    expect(byThief.checks).toEqual(['proof']);
    expect(byThief.warnings.map((w) => w.detail)).toEqual([expect.stringContaining('does not verify')]);
    // A credential naming no subject id, presented by the wallet: not bound either.
    const mixed = await present(
      await signedPresentation([credential, unlinkedCredential], { challenge: 'c-3', domain: 'employer.example' }, wallet),
      'c-3',
    );
    expect(mixed.checks).not.toContain('holderBinding');
    expect(mixed.warnings.map((w) => w.title)).toEqual(['Credential 2']);
    // Unsigned: nothing shows who presents it.
    const unsigned = await present({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [credential],
    });
    expect(unsigned.verified).toBe(true);
    expect(unsigned.warnings.map((w) => w.detail)).toEqual([expect.stringContaining('not signed by a holder')]);
  });

  it('unlinks: credentials issued afterwards name no DID; those issued before keep it', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/me/holder-did', headers: learner.headers });
    expect(res.statusCode).toBe(204);
    expect(await linked(learner)).toEqual({});
    // Unlinking again changes nothing.
    expect((await t.app.inject({ method: 'DELETE', url: '/me/holder-did', headers: learner.headers })).statusCode).toBe(204);
    // The presentation that linked it cannot link it again: its challenge is spent.
    expect((await refused(learner, linkingPresentation)).detail).toContain('last changed');
    expect(await linked(learner)).toEqual({});
    const records = await t.call<Array<{ id: string; accountId: string }>>(
      'GET',
      `/organisations/${cohort.orgId}/credentials`,
      cohort.admin,
    );
    const before = records.find((r) => r.accountId === learner.accountId)!;
    const renewed = await t.call<{ id: string }>(
      'POST',
      `/credentials/${before.id}/reissue`,
      cohort.admin,
      { reason: 'Renewal' },
      201,
    );
    await waitUntil(
      async () => (await t.call<{ state: string }>('GET', `/credentials/${renewed.id}/record`, cohort.admin)).state === 'active',
      'the re-issued credential is signed',
    );
    expect((await t.call<Doc>('GET', `/credentials/${renewed.id}`, learner)).credentialSubject.id).toBeUndefined();
    expect((await t.call<Doc>('GET', `/credentials/${before.id}`, learner)).credentialSubject.id).toBe(wallet.controller);
    const events: Array<{ action: string }> = await t.dataSource.query(
      `SELECT action FROM audit_events WHERE action LIKE 'account.holder_did%' ORDER BY id`,
    );
    expect(events.map((e) => e.action)).toEqual(['account.holder_did_linked', 'account.holder_did_unlinked']);
    // Now the other account may link that DID.
    expect((await link(other, await didAuth(other, wallet))).statusCode).toBe(200);
    // Recovery: a platform admin unlinks it (say, it was linked by someone who tricked the wallet);
    // nobody else may.
    const unlinkBy = async (who: { headers: { authorization: string } }) =>
      (await t.app.inject({ method: 'DELETE', url: `/accounts/${other.accountId}/holder-did`, headers: who.headers })).statusCode;
    expect(await unlinkBy(learner)).toBe(403);
    expect(await unlinkBy(cohort.admin)).toBe(403);
    expect(await linked(other)).toEqual({ holderDid: wallet.controller, linkedAt: expect.any(String) });
    const platform = await t.signedIn('platform_admin');
    expect(await unlinkBy(platform)).toBe(204);
    expect(await linked(other)).toEqual({});
    const recovery: Array<{ actorId: string }> = await t.dataSource.query(
      `SELECT actor_id AS "actorId" FROM audit_events WHERE action = 'account.holder_did_unlinked' AND entity_id = $1`,
      [other.accountId],
    );
    expect(recovery).toEqual([{ actorId: platform.accountId }]);
  });
});
