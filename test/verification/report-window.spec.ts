import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

interface Summary {
  id: string;
}

const WINDOW_MS = 4000;

/**
 * The report window (VERIFY_REPORT_WINDOW_MS) with two API processes on one database, as two
 * replicas would run: a revocation made through this process shows at once; one made through
 * the other shows here once the window has passed, never later.
 */
describe('the verification report window', () => {
  let one: TestApp;
  let two: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];

  beforeAll(async () => {
    one = await createTestApp({ env: { VERIFY_REPORT_WINDOW_MS: String(WINDOW_MS), VERIFY_RATE_LIMIT_PER_MINUTE: '100000' } });
    two = await createTestApp({ db: one.db, env: { VERIFY_REPORT_WINDOW_MS: '0', VERIFY_RATE_LIMIT_PER_MINUTE: '100000' } });
    cohort = await cohortWithParticipants(one, { slug: 'window', participants: 3 });
    await complete(
      one,
      cohort,
      cohort.participants.map((p) => p.email),
    );
    await waitUntil(
      async () => (await credentialStates((s, p) => one.dataSource.query(s, p), cohort.orgId))['active'] === 3,
      '3 active',
    );
    records = await one.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  const documentOf = (id: string) => one.call<Record<string, unknown>>('GET', `/credentials/${id}`, cohort.admin);
  const outcome = async (credential: unknown) =>
    (await one.call<{ outcome: string }>('POST', '/credentials/verify', undefined, { verifiableCredential: credential })).outcome;

  it('shows a revocation made through this process at once', async () => {
    const credential = await documentOf(records[0].id);
    expect(await outcome(credential)).toBe('valid');
    await one.call('POST', `/credentials/${records[0].id}/revocation`, cohort.admin, { reason: 'Here' });
    expect(await outcome(credential)).toBe('revoked');
  });

  it('shows a revocation made through another process within the window', async () => {
    const credential = await documentOf(records[1].id);
    // Verified twice: a report is kept from a credential's second verification on.
    expect(await outcome(credential)).toBe('valid');
    expect(await outcome(credential)).toBe('valid');
    const adminOnTwo = await two.tokenFor(cohort.admin.accountId);
    const revokedAt = Date.now();
    await two.call('POST', `/credentials/${records[1].id}/revocation`, adminOnTwo, { reason: 'There' });
    // This process has not heard of it yet: its report of a moment ago stands (the documented window).
    expect(await outcome(credential)).toBe('valid');
    // The other process's report is at most WINDOW_MS old, and no older than that.
    await waitUntil(async () => (await outcome(credential)) === 'revoked', 'revoked here', WINDOW_MS + 3000);
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(WINDOW_MS + 3000);
    // With the window at 0 (the other process), status is read afresh on every request.
    expect(
      (await two.call<{ outcome: string }>('POST', '/credentials/verify', undefined, { verifiableCredential: credential }))
        .outcome,
    ).toBe('revoked');
  });

  it('keeps no report of a credential verified once: a revocation made through another process shows at its next verification', async () => {
    const credential = await documentOf(records[2].id);
    expect(await outcome(credential)).toBe('valid');
    const adminOnTwo = await two.tokenFor(cohort.admin.accountId);
    await two.call('POST', `/credentials/${records[2].id}/revocation`, adminOnTwo, { reason: 'Elsewhere' });
    expect(await outcome(credential)).toBe('revoked');
  });

  it("reuses a key's facts for credentials outside the registry within the window, and reads them again at once after a change here", async () => {
    // Credentials this service's keys signed, outside its registry and without status (an id of
    // their own, no status entry): their reports need only the signing key's facts. (Changing
    // them breaks the signature; the issuer check is made all the same, and is what this looks at.)
    const outside = (document: Record<string, unknown>) => (n: number) => {
      const { credentialStatus: _status, ...rest } = document;
      return { ...rest, id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}` };
    };
    const issuerCheck = async (app: TestApp, credential: unknown) =>
      (
        await app.call<{ results: Array<{ name: string; result: string; detail: string }> }>(
          'POST',
          '/credentials/verify',
          undefined,
          { verifiableCredential: credential },
        )
      ).results.find((r) => r.name === 'issuer')!;

    // Key A signed the cohort's credentials; after a rotation, key B signs one through the VC-API.
    const signedByA = await documentOf(records[0].id);
    const keyA = (
      await one.call<Array<{ id: string; status: string }>>('GET', `/organisations/${cohort.orgId}/keys`, cohort.admin)
    ).find((k) => k.status === 'active')!;
    await one.call('POST', `/organisations/${cohort.orgId}/keys/rotation`, cohort.admin);
    const keyB = (
      await one.call<Array<{ id: string; status: string }>>('GET', `/organisations/${cohort.orgId}/keys`, cohort.admin)
    ).find((k) => k.status === 'active')!;
    const signedByB = (
      await one.call<{ verifiableCredential: Record<string, unknown> }>(
        'POST',
        '/credentials/issue',
        cohort.admin,
        {
          credential: {
            '@context': [
              'https://www.w3.org/ns/credentials/v2',
              { ExampleCredential: 'https://example.org/vocab#ExampleCredential' },
            ],
            type: ['VerifiableCredential', 'ExampleCredential'],
            issuer: (signedByA['issuer'] as { id: string }).id,
            credentialSubject: { id: 'did:example:someone' },
          },
        },
        201,
      )
    ).verifiableCredential;
    const [a, b] = [outside(signedByA), outside(signedByB)];
    expect(await issuerCheck(one, a(1))).toMatchObject({ result: 'passed' });

    // Key A marked compromised through this process: read again at once, for a credential never seen.
    await one.call('POST', `/signing-keys/${keyA.id}/compromise`, cohort.admin, { reason: 'Laptop stolen' });
    expect((await issuerCheck(one, a(2))).detail).toMatch(/marked compromised .*Laptop stolen/);
    const readAt = Date.now();
    expect(await issuerCheck(one, b(1))).toMatchObject({ result: 'passed' });

    // Key B marked compromised through the other process: this process may answer from the facts
    // it holds for the window, and reads them again once it has passed, never later.
    const adminOnTwo = await two.tokenFor(cohort.admin.accountId);
    const markedAt = Date.now();
    await two.call('POST', `/signing-keys/${keyB.id}/compromise`, adminOnTwo, { reason: 'Phone lost' });
    const stale = await issuerCheck(one, b(2));
    // A moment later, still within the window: this process has not heard of it yet.
    if (Date.now() - readAt < WINDOW_MS - 500) expect(stale).toMatchObject({ result: 'passed' });
    let n = 10;
    await waitUntil(async () => (await issuerCheck(one, b(n++))).result === 'failed', 'compromised here', WINDOW_MS + 3000);
    expect(Date.now() - markedAt).toBeLessThanOrEqual(WINDOW_MS + 3000);
    // With the window at 0, every report reads them afresh.
    expect((await issuerCheck(two, b(1))).detail).toMatch(/marked compromised .*Phone lost/);
  });
});
