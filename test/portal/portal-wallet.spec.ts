import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey, type SigningKey } from '@app/signing';
import { portalSignIn, type PortalSession } from '../support/portal-session.js';
import { signedPresentation } from '../support/signed-credential.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const decode = (html: string): string =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** A learner links their wallet's DID in the portal: the page gives the challenge, they paste what the wallet signed. */
describe('portal: linking a wallet DID', () => {
  let t: TestApp;
  let learner: { accountId: string };
  let session: PortalSession;
  let wallet: SigningKey;

  beforeAll(async () => {
    t = await createTestApp();
    learner = await t.signedIn('learner');
    session = await portalSignIn(t, learner.accountId);
    wallet = await generateSigningKey((pub) => `did:key:${pub}`);
  });
  afterAll(() => t.close());

  const challengeOf = (html: string) => ({
    challenge: decode(/data-challenge[^>]*>([^<]+)</.exec(html)![1]),
    domain: decode(/data-domain[^>]*>([^<]+)</.exec(html)![1]),
  });
  const holderDid = async () =>
    (await t.call<{ holderDid?: string }>('GET', '/me/holder-did', await t.tokenFor(learner.accountId))).holderDid;

  it('shows the challenge, refuses what does not prove control with the reason (and the paste kept), then links', async () => {
    const page = await session.get('/portal/wallet');
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/portal/wallet"');
    const { challenge, domain } = challengeOf(page.body);
    expect(domain).toBe('credentials.test');

    const notJson = await session.post('/portal/wallet', { presentation: '{not json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toContain('The presentation is not JSON.');
    expect(notJson.body).toContain('{not json');

    const wrongDomain = await signedPresentation([], { challenge, domain: 'elsewhere.example' }, wallet);
    const refused = await session.post('/portal/wallet', { presentation: JSON.stringify(wrongDomain) });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('The DID could not be linked');
    expect(decode(refused.body)).toContain('domain');
    // Without the form's CSRF token: refused, nothing linked.
    const good = await signedPresentation([], { challenge, domain }, wallet);
    expect((await session.post('/portal/wallet', { presentation: JSON.stringify(good) }, { csrf: null })).status).toBe(403);
    expect(await holderDid()).toBeUndefined();

    const linked = await session.post('/portal/wallet', { presentation: JSON.stringify(good) });
    expect(linked.status).toBe(303);
    expect(linked.location).toBe('/portal/wallet?notice=did_linked');
    expect(await holderDid()).toBe(wallet.controller);
    const after = await session.get('/portal/wallet?notice=did_linked');
    expect(after.body).toContain(`data-holder-did="${wallet.controller}"`);
    expect(after.body).toContain('Your DID is linked');
    expect(after.body).not.toContain('data-challenge');
  });

  it('unlinks, in French and Arabic too', async () => {
    const unlinked = await session.post('/portal/wallet/unlink', {});
    expect(unlinked.status).toBe(303);
    expect(await holderDid()).toBeUndefined();
    for (const [lang, title] of [
      ['fr', 'Mon portefeuille'],
      ['ar', 'محفظتي'],
    ] as const) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/portal/wallet',
        headers: { cookie: `${session.cookie.replace(/;?\s*cft_lang=[a-z]+/, '')}; cft_lang=${lang}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(title);
      expect(res.body).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(res.body).toContain('data-challenge');
    }
  });
});
