import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IssuanceWorker } from '@app/issuance';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { stockVerify } from '../support/stock-verify.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- credentials are walked freely
type Doc = Record<string, any>;
interface Summary {
  id: string;
  credentialId: string;
  state: string;
  enrolmentId: string | null;
}

/**
 * An organisation that issues as did:key (no domain of its own needed): its credentials, its
 * status lists and its VC-API issuance name the did:key of its active key; a rotation gives a new
 * DID, and what the old one issued still verifies and can still be revoked.
 */
describe('an organisation issuing as did:key', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  const email = (n: number) => `p${n}.didkey@school.test`;
  const active = (n: number) =>
    waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === n,
      `${n} active`,
    );
  const recordOf = async (n: number): Promise<Summary> => {
    const p = cohort.participants.find((x) => x.email === email(n))!;
    const list = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
    return list.find((r) => r.enrolmentId === p.enrolmentId && ['active', 'revoked', 'suspended'].includes(r.state))!;
  };
  const verify = (verifiableCredential: unknown) =>
    t.call<{ verified: boolean; status: string; errors: Array<{ detail: string }> }>(
      'POST',
      '/credentials/verify',
      cohort.admin,
      {
        verifiableCredential,
      },
    );

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'didkey', participants: 3, didMethod: 'key' });
  });
  afterAll(() => t.close());

  it('issues credentials whose issuer, proof and status list all name the did:key of the active key', async () => {
    await complete(t, cohort, [email(1)]);
    await active(1);
    const record = await recordOf(1);
    const doc = await t.call<Doc>('GET', `/credentials/${record.id}`, cohort.admin);
    const issuer = doc['issuer']['id'] as string;
    expect(issuer).toMatch(/^did:key:z6Mk/);
    expect(doc['proof'][0]['verificationMethod']).toBe(`${issuer}#${issuer.slice('did:key:'.length)}`);
    const list = await t.app.inject({
      method: 'GET',
      url: new URL(doc['credentialStatus']['statusListCredential'] as string).pathname,
    });
    expect(list.json<Doc>()['issuer']).toBe(issuer);
    expect(await verify(doc)).toMatchObject({ verified: true, status: 'valid' });
    expect(await stockVerify(t, doc)).toEqual({ verified: true, statusSet: false });
    // No did:web document for it; its keys are still published as a JWK Set.
    expect((await t.app.inject({ method: 'GET', url: '/organisations/didkey/did.json' })).statusCode).toBe(404);
    const jwks = await t.app.inject({ method: 'GET', url: '/organisations/didkey/jwks.json' });
    expect(jwks.json<{ keys: Array<{ kid: string }> }>().keys.map((k) => k.kid)).toEqual([doc['proof'][0]['verificationMethod']]);
    // The DID method is chosen at creation only.
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/organisations/${cohort.orgId}`,
      headers: cohort.admin.headers,
      payload: { didMethod: 'web' },
    });
    expect(patch.statusCode).toBe(400);
  });

  it('after a rotation: a new DID issues; the old credential still verifies, can be revoked, and fails once its key is compromised', async () => {
    const old = await recordOf(1);
    const oldDoc = await t.call<Doc>('GET', `/credentials/${old.id}`, cohort.admin);
    const keys = await t.call<Array<{ id: string; status: string }>>('GET', `/organisations/${cohort.orgId}/keys`, cohort.admin);
    const firstKey = keys.find((k) => k.status === 'active')!;
    await t.call('POST', `/organisations/${cohort.orgId}/keys/rotation`, cohort.admin);

    await complete(t, cohort, [email(2)]);
    await active(2);
    const fresh = await t.call<Doc>('GET', `/credentials/${(await recordOf(2)).id}`, cohort.admin);
    expect(fresh['issuer']['id']).toMatch(/^did:key:z6Mk/);
    expect(fresh['issuer']['id']).not.toBe(oldDoc['issuer']['id']);
    expect(await verify(fresh)).toMatchObject({ verified: true, status: 'valid' });
    expect(await verify(oldDoc)).toMatchObject({ verified: true, status: 'valid' });

    // The old DID's status list is signed again by the old (retired) key: issuers still match.
    await t.call('POST', `/credentials/${old.id}/revocation`, cohort.admin, { reason: 'Issued in error' });
    expect(await verify(oldDoc)).toMatchObject({ verified: false, status: 'revoked' });
    expect(await stockVerify(t, oldDoc)).toEqual({ verified: true, statusSet: true });

    await t.call('POST', `/signing-keys/${firstKey.id}/compromise`, cohort.admin, { reason: 'Laptop stolen' });
    const compromised = await verify(oldDoc);
    expect(compromised.verified).toBe(false);
    expect(compromised.errors[0].detail).toMatch(/marked compromised .*Laptop stolen/);
    expect(await verify(fresh)).toMatchObject({ verified: true, status: 'valid' });
  });

  it('VC-API issue accepts the did:key of the active key as issuer, and refuses a retired one', async () => {
    const fresh = await t.call<Doc>('GET', `/credentials/${(await recordOf(2)).id}`, cohort.admin);
    const credential = (issuer: string) => ({
      '@context': ['https://www.w3.org/ns/credentials/v2', { ExampleCredential: 'https://example.org/vocab#ExampleCredential' }],
      type: ['VerifiableCredential', 'ExampleCredential'],
      issuer,
      credentialSubject: { id: 'did:example:someone' },
    });
    const issued = await t.call<{ verifiableCredential: Doc }>(
      'POST',
      '/credentials/issue',
      cohort.admin,
      { credential: credential(fresh['issuer']['id'] as string) },
      201,
    );
    expect(await verify(issued.verifiableCredential)).toMatchObject({ verified: true, status: 'valid' });
    const oldIssuer = (await t.call<Doc>('GET', `/credentials/${(await recordOf(1)).id}`, cohort.admin))['issuer'][
      'id'
    ] as string;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: cohort.admin.headers,
      payload: { credential: credential(oldIssuer) },
    });
    expect(refused.statusCode).toBe(422);
  });
});

describe('a did:key credential queued before a rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No consumer in this process: the test runs the worker's batch itself, after the rotation.
    t = await createTestApp({ env: { JOBS_IN_PROCESS: 'false' } });
  });
  afterAll(() => t.close());

  it('is signed by the new key, with an index in a list of the new DID', async () => {
    const cohort = await cohortWithParticipants(t, { slug: 'didkey-queued', participants: 1, didMethod: 'key' });
    await complete(t, cohort, [cohort.participants[0].email]);
    const [queued] = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials?state=queued`, cohort.admin);
    const [before] = await t.dataSource.query<Array<{ issuer: string }>>(
      'select l.issuer from credentials c join status_lists l on l.id = c.suspension_list_id where c.id = $1',
      [queued.id],
    );
    await t.call('POST', `/organisations/${cohort.orgId}/keys/rotation`, cohort.admin);
    expect(await t.app.get(IssuanceWorker).process([queued.id])).toMatchObject({ signed: 1 });
    const doc = await t.call<Doc>('GET', `/credentials/${queued.id}`, cohort.admin);
    expect(doc['issuer']['id']).not.toBe(before.issuer);
    const list = await t.app.inject({
      method: 'GET',
      url: new URL(doc['credentialStatus']['statusListCredential'] as string).pathname,
    });
    expect(list.json<Doc>()['issuer']).toBe(doc['issuer']['id']);
    expect(await t.call('POST', '/credentials/verify', cohort.admin, { verifiableCredential: doc })).toMatchObject({
      verified: true,
      status: 'valid',
    });
  });
});
