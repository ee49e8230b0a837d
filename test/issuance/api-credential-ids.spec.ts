import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cohortWithParticipants, type EligibleCohort } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- credentials are walked freely
type Doc = Record<string, any>;
interface Summary {
  id: string;
  credentialId: string;
  state: string;
  source: string;
}
interface Report {
  outcome: string;
  registry?: { state: string; reason: string | null };
}

/**
 * A credential issued through the VC-API with its client's own id (a urn:uuid, as many clients
 * send) is managed and found by that id: its summary names it, POST /credentials/status takes it,
 * and verification tells this service's record of it (the reason of a suspension). One credential
 * per id.
 */
describe('credentials issued through the API with their own id', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  const own = 'urn:uuid:6f2d3a9c-1b4e-4f7a-9c2d-000000000001';
  let credential: Doc;

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'own-ids', participants: 0 });
    credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:web:credentials.test:organisations:own-ids',
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:alumnus' },
    };
  });
  afterAll(() => t.close());

  const issue = (body: Doc) =>
    t.app.inject({ method: 'POST', url: '/credentials/issue', headers: cohort.admin.headers, payload: { credential: body } });
  const verify = (vc: Doc) => t.call<Report>('POST', '/credentials/verify', undefined, { verifiableCredential: vc });
  const setStatus = (credentialId: string, status: boolean, reason: string) =>
    t.app.inject({
      method: 'POST',
      url: '/credentials/status',
      headers: cohort.admin.headers,
      payload: {
        credentialId,
        credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', status }],
        reason,
      },
    });

  it('keeps the id, names it in the summary, and is managed by it', async () => {
    const res = await issue({ ...credential, id: own });
    expect(res.statusCode).toBe(201);
    const signed = res.json<{ verifiableCredential: Doc }>().verifiableCredential;
    expect(signed.id).toBe(own);
    const list = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
    expect(list.map((c) => c.credentialId)).toEqual([own]);

    const suspended = await setStatus(own, true, 'Checking the transcript');
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json<Summary>()).toMatchObject({ credentialId: own, state: 'suspended' });
    expect(await verify(signed)).toMatchObject({
      outcome: 'suspended',
      registry: { state: 'suspended', reason: 'Checking the transcript' },
    });
    expect((await setStatus(own, false, 'Transcript checked')).statusCode).toBe(200);
    expect((await verify(signed)).outcome).toBe('valid');
    // An id nobody issued is not found.
    expect((await setStatus('urn:uuid:6f2d3a9c-1b4e-4f7a-9c2d-00000000ffff', true, 'Checking')).statusCode).toBe(404);
  });

  it('a retry with the same Idempotency-Key gets the same credential, in the order it was first sent', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/credentials/issue',
        headers: { ...cohort.admin.headers, 'idempotency-key': 'issue-once' },
        payload: { credential: { ...credential, credentialSubject: { id: 'did:example:retried' } } },
      });
    const first = await send();
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const keys = (res: typeof first) => Object.keys(res.json<{ verifiableCredential: Doc }>().verifiableCredential);
    expect(keys(again)).toEqual(keys(first));
    expect(keys(again)[0]).toBe('@context');
  });

  it('refuses a second credential with the same id, alone or in the same group, and stores nothing for it', async () => {
    const count = async () =>
      Number((await t.dataSource.query<Array<{ n: string }>>('select count(*) as n from credentials'))[0].n);
    const before = await count();
    const again = await issue({ ...credential, id: own, credentialSubject: { id: 'did:example:other' } });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ detail: string }>().detail).toContain(own);
    // Two at once with one new id: one is issued, the other refused.
    const fresh = 'urn:uuid:6f2d3a9c-1b4e-4f7a-9c2d-000000000002';
    const both = await Promise.all([issue({ ...credential, id: fresh }), issue({ ...credential, id: fresh })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await count()).toBe(before + 1);
    // An id under this service's address is the service's to give (another organisation's
    // credential could otherwise take one of its records' URLs).
    const records = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
    const taken = await issue({ ...credential, id: `http://credentials.test/credentials/${records[0].id}` });
    expect(taken.statusCode).toBe(422);
    expect(taken.json<{ detail: string }>().detail).toContain('only the service gives');
    const made = await issue({ ...credential, id: 'http://credentials.test/credentials/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' });
    expect(made.statusCode).toBe(422);
    expect(await count()).toBe(before + 1);
    // A credential without an id gets this service's URL, as before.
    const plain = await issue(credential);
    expect(plain.json<{ verifiableCredential: Doc }>().verifiableCredential.id).toMatch(
      /^http:\/\/credentials\.test\/credentials\/[0-9a-f-]{36}$/,
    );
  });
});
