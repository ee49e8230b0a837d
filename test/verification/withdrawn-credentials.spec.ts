import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateService } from '@app/certificates';
import { cohortWithParticipants, complete, type EligibleCohort, type Who } from '../support/issuance-fixture.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- credentials are walked freely
type Doc = Record<string, any>;
interface Summary {
  id: string;
  enrolmentId: string;
  state: string;
  shared: boolean;
}
interface Sharing {
  shared: boolean;
  linkedInUrl: string | null;
}

/**
 * What the public and the holder see of a credential once its organisation suspends, reinstates,
 * revokes or re-issues it: the state is told (even unshared, to whoever holds its QR code), the
 * reasons of withdrawals but not of reinstatements, a replacement by its public page, and no
 * LinkedIn offer or fresh certificate of what is not in force.
 */
describe('withdrawn and replaced credentials, as the public and the holder see them', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];
  const recordOf = (n: number) => records.find((r) => r.enrolmentId === cohort.participants[n].enrolmentId)!;
  const holder = async (n: number): Promise<Who> => ({
    accountId: cohort.participants[n].accountId,
    ...(await t.tokenFor(cohort.participants[n].accountId)),
  });
  const documentOf = (id: string) => t.call<Doc>('GET', `/credentials/${id}`, cohort.admin);
  const verify = (credential: Doc) =>
    t.call<{ outcome: string; registry?: { state: string; reason: string | null } }>('POST', '/credentials/verify', undefined, {
      verifiableCredential: credential,
    });
  const page = (id: string, lang = 'en') => t.app.inject({ method: 'GET', url: `/verify/${id}?lang=${lang}` });
  const admin = (action: string, id: string, reason: string, status = 200) =>
    t.call<Summary>('POST', `/credentials/${id}/${action}`, cohort.admin, { reason }, status);
  const share = (n: number, shared: boolean) =>
    holder(n).then((who) => t.call<Sharing>('PUT', `/credentials/${recordOf(n).id}/sharing`, who, { shared }));

  beforeAll(async () => {
    t = await createTestApp();
    cohort = await cohortWithParticipants(t, { slug: 'withdrawn', participants: 3 });
    await complete(
      t,
      cohort,
      cohort.participants.map((p) => p.email),
    );
    await waitUntil(async () => {
      records = await t.call('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
      return records.length === 3 && records.every((r) => r.state === 'active');
    }, 'three credentials are active');
  });
  afterAll(() => t.close());

  it('tells the reason of a suspension, not that of the reinstatement after it', async () => {
    const id = recordOf(0).id;
    const doc = await documentOf(id);
    await admin('suspension', id, 'Disciplinary hearing pending');
    expect(await verify(doc)).toMatchObject({
      outcome: 'suspended',
      registry: { state: 'suspended', reason: 'Disciplinary hearing pending' },
    });
    await admin('reinstatement', id, 'Hearing found no fault');
    const after = await verify(doc);
    expect(after).toMatchObject({ outcome: 'valid', registry: { state: 'active', reason: null } });
    expect(JSON.stringify(after)).not.toContain('no fault');
  });

  it('offers LinkedIn only for a shared credential in force', async () => {
    const id = recordOf(0).id;
    const me = await holder(0);
    expect((await t.call<Sharing>('GET', `/credentials/${id}/sharing`, me)).linkedInUrl).toBeNull();
    expect((await share(0, true)).linkedInUrl).toMatch(/^https:\/\/www\.linkedin\.com\/profile\/add\?/);
    expect((await page(id)).body).toContain('https://www.linkedin.com/profile/add?');
    await admin('suspension', id, 'Under review');
    expect((await t.call<Sharing>('GET', `/credentials/${id}/sharing`, me)).linkedInUrl).toBeNull();
    const suspended = await page(id);
    expect(suspended.body).toContain('data-outcome="suspended"');
    expect(suspended.body).not.toContain('linkedin.com');
    const portal = await t.app.inject({ method: 'GET', url: `/credentials/${id}/certificate`, headers: me.headers });
    expect(portal.statusCode).toBe(409);
    await admin('reinstatement', id, 'Review done');
  });

  it('tells anyone with the link that an unshared credential was revoked, and nothing else of it', async () => {
    const id = recordOf(1).id;
    expect((await page(id)).statusCode).toBe(404);
    const pdf = await t.app.inject({ method: 'GET', url: `/credentials/${id}/certificate`, headers: cohort.admin.headers });
    expect(pdf.statusCode).toBe(200);
    await admin('revocation', id, 'Plagiarised final project');
    for (const [lang, words] of [
      ['en', 'Revoked'],
      ['fr', 'Révoquée'],
      ['ar', 'ملغاة'],
    ] as const) {
      const res = await page(id, lang);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('data-outcome="revoked"');
      expect(res.body).toContain(words);
      expect(res.body).not.toContain('Participant 2');
      expect(res.body).not.toContain('Plagiarised');
    }
    // No certificate is printed of it any more; the signed credential still says it is revoked.
    const refused = await t.app.inject({ method: 'GET', url: `/credentials/${id}/certificate`, headers: cohort.admin.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toContain('revoked');
    expect((await verify(await documentOf(id))).outcome).toBe('revoked');
    // An unshared credential in force stays private.
    expect((await page(recordOf(2).id)).statusCode).toBe(404);
    // Re-issued (a name corrected) while unshared: its page says it was replaced, not just withdrawn.
    await admin('reissue', recordOf(2).id, 'Name corrected', 201);
    const replaced = await page(recordOf(2).id);
    expect(replaced.body).toContain('data-outcome="revoked"');
    expect(replaced.body).toContain('Replaced by a newer credential. Its holder has not shared the new one');
    expect(replaced.body).not.toContain('Name corrected');
  });

  it('a cohort’s certificates leave out a credential withdrawn after the list was read', async () => {
    const all = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
    const active = all.find((r) => r.state === 'active')!;
    const rendered = await t.app.get(CertificateService).renderByIds([active.id, recordOf(1).id]);
    expect(rendered.map((r) => r.credentialId)).toEqual([active.id]);
  });

  it('a re-issue keeps the holder’s sharing, and the old page links to the new one’s while it is shared', async () => {
    const old = recordOf(0).id;
    expect((await t.call<Sharing>('GET', `/credentials/${old}/sharing`, await holder(0))).shared).toBe(true);
    const renewed = await admin('reissue', old, 'Name corrected', 201);
    expect(renewed.shared).toBe(true);
    await waitUntil(
      async () => (await t.call<Summary>('GET', `/credentials/${renewed.id}/record`, cohort.admin)).state === 'active',
      'the replacement is signed',
    );
    const oldPage = await page(old);
    expect(oldPage.body).toContain('data-outcome="revoked"');
    expect(oldPage.body).toContain(`<a href="http://credentials.test/verify/${renewed.id}">Replaced by a newer credential</a>`);
    expect(oldPage.body).not.toContain(`/credentials/${renewed.id}`);
    expect((await page(renewed.id)).body).toContain('data-outcome="valid"');
    // The holder stops sharing the new one: the old page says so, without a link.
    await t.call('PUT', `/credentials/${renewed.id}/sharing`, await holder(0), { shared: false });
    const closed = await page(old);
    expect(closed.body).toContain('Replaced by a newer credential. Its holder has not shared the new one');
    expect(closed.body).not.toContain(`/verify/${renewed.id}`);
  });
});
