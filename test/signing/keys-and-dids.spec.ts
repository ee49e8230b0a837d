import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KeyCipher, KeyStore, verifyDataIntegrity } from '@app/signing';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Auth = { headers: { authorization: string }; accountId: string };

const credentialFor = (issuer: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: `urn:uuid:${crypto.randomUUID()}`,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: issuer, type: ['Profile'], name: 'Keys Org' },
  validFrom: '2026-01-01T00:00:00Z',
  name: 'Teaching Coding and AI',
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://credentials.test/achievements/1',
      type: ['Achievement'],
      name: 'Teaching Coding and AI',
      description: 'A workshop.',
      criteria: { narrative: 'Attend and pass.' },
    },
  },
});

describe('issuer keys and did:web documents', () => {
  let t: TestApp;
  let keys: KeyStore;
  let orgId: string;
  let admin: Auth;
  const did = 'did:web:credentials.test:organisations:keys-org';

  beforeAll(async () => {
    t = await createTestApp();
    keys = t.app.get(KeyStore);
    const platform = await t.signedIn('platform_admin');
    orgId = (
      await t.call<{ id: string }>('POST', '/organisations', platform, { slug: 'keys-org', name: { en: 'Keys Org' } }, 201)
    ).id;
    admin = await t.signedIn([{ role: 'org_admin', organisationId: orgId }]);
  });
  afterAll(() => t.close());

  const verify = async (credential: object) =>
    (await verifyDataIntegrity({ credential, documentLoader: keys.documentLoader() })).verified;

  it('gives each organisation a did:web with its key in the public DID document, and the private key never leaves', async () => {
    const signed = (await keys.signCredential(orgId, credentialFor(did))).document;
    expect((signed['proof'] as Record<string, string>)['verificationMethod']).toMatch(new RegExp(`^${did}#z6Mk`));
    expect(await verify(signed)).toBe(true);

    const res = await t.app.inject({ method: 'GET', url: '/organisations/keys-org/did.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/did\+json/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const doc = res.json<{ id: string; assertionMethod: string[]; verificationMethod: Array<Record<string, string>> }>();
    expect(doc.id).toBe(did);
    expect(doc.assertionMethod).toHaveLength(1);
    expect(doc.verificationMethod[0]).toMatchObject({ type: 'Multikey', controller: did });

    const jwks = (await t.app.inject({ method: 'GET', url: '/organisations/keys-org/jwks.json' })).json<{
      keys: Array<Record<string, string>>;
    }>();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: doc.assertionMethod[0] });
    expect(jwks.keys[0]['d']).toBeUndefined();

    const [row] = await t.dataSource.query<Array<{ sealed_secret: string; verification_method: string }>>(
      'select sealed_secret, verification_method from signing_keys where organisation_id = $1',
      [orgId],
    );
    const secret = new KeyCipher(t.config.signing.masterKey.reveal()).decrypt(row.sealed_secret, row.verification_method);
    expect(secret).toMatch(/^z/);
    for (const body of [res.body, JSON.stringify(jwks), row.sealed_secret]) expect(body).not.toContain(secret);
    const audit = await t.dataSource.query<Array<{ after: unknown }>>(
      "select after from audit_events where action = 'signing_key.created'",
    );
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('rotates: the new key signs, and credentials of the old key still verify', async () => {
    const before = (await keys.signCredential(orgId, credentialFor(did))).document;
    const rotated = await t.call<{ id: string; status: string; verificationMethod: string }>(
      'POST',
      `/organisations/${orgId}/keys/rotation`,
      admin,
      undefined,
      200,
    );
    expect(rotated.status).toBe('active');
    const after = (await keys.signCredential(orgId, credentialFor(did))).document;
    expect((after['proof'] as Record<string, string>)['verificationMethod']).toBe(rotated.verificationMethod);
    expect((before['proof'] as Record<string, string>)['verificationMethod']).not.toBe(rotated.verificationMethod);
    expect(await verify(before)).toBe(true);
    expect(await verify(after)).toBe(true);
    const list = await t.call<Array<{ status: string }>>('GET', `/organisations/${orgId}/keys`, admin);
    expect(list.map((k) => k.status)).toEqual(['retired', 'active']);
  });

  it('a key marked compromised leaves the DID document, and what it signed no longer verifies', async () => {
    const list = await t.call<Array<{ id: string; status: string; verificationMethod: string }>>(
      'GET',
      `/organisations/${orgId}/keys`,
      admin,
    );
    const retired = list.find((k) => k.status === 'retired')!;
    const active = list.find((k) => k.status === 'active')!;
    const signedByActive = (await keys.signCredential(orgId, credentialFor(did))).document;
    const marked = await t.call<{ status: string }>(
      'POST',
      `/signing-keys/${active.id}/compromise`,
      admin,
      { reason: 'Backup stolen' },
      200,
    );
    expect(marked.status).toBe('compromised');
    expect(await verify(signedByActive)).toBe(false);
    const doc = await t.call<{ assertionMethod: string[] }>('GET', '/organisations/keys-org/did.json', undefined);
    expect(doc.assertionMethod).toContain(retired.verificationMethod);
    expect(doc.assertionMethod).not.toContain(active.verificationMethod);
    // A new active key took over.
    const next = (await keys.signCredential(orgId, credentialFor(did))).document;
    expect(await verify(next)).toBe(true);
    const again = await t.app.inject({
      method: 'POST',
      url: `/signing-keys/${active.id}/compromise`,
      headers: admin.headers,
      payload: { reason: 'again' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('only the organisation’s admins manage its keys; DID documents of unknown organisations are 404', async () => {
    const platform = await t.signedIn('platform_admin');
    const other = (
      await t.call<{ id: string }>('POST', '/organisations', platform, { slug: 'keys-other', name: { en: 'Other' } }, 201)
    ).id;
    const stranger = await t.signedIn([{ role: 'org_admin', organisationId: other }]);
    expect(
      (await t.app.inject({ method: 'POST', url: `/organisations/${orgId}/keys/rotation`, headers: stranger.headers }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/organisations/${orgId}/keys`, headers: stranger.headers })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/organisations/no-such-org/did.json' })).statusCode).toBe(404);
  });

  it('refuses a credential whose issuer DID names another host (the loader resolves only its own)', async () => {
    const signed = (await keys.signCredential(orgId, credentialFor(did))).document;
    const proof = signed['proof'] as Record<string, string>;
    const forged = {
      ...signed,
      proof: { ...proof, verificationMethod: proof['verificationMethod'].replace('credentials.test', 'evil.example') },
    };
    expect(await verify(forged)).toBe(false);
  });
});
