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
    cohort = await cohortWithParticipants(one, { slug: 'window', participants: 2 });
    await complete(
      one,
      cohort,
      cohort.participants.map((p) => p.email),
    );
    await waitUntil(
      async () => (await credentialStates((s, p) => one.dataSource.query(s, p), cohort.orgId))['active'] === 2,
      '2 active',
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
});
