import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { cohortWithParticipants, complete, type EligibleCohort } from '../support/issuance-fixture.js';
import { pdfQrCodes } from '../support/pdf-tools.js';
import { freePort } from '../support/processes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { credentialStates, waitUntil } from '../support/wait.js';

/**
 * Screenshots go to docs/verification when DOCS_SCREENSHOTS=1 (to refresh the documentation),
 * to a temporary folder otherwise (so a test run leaves the checkout as it was).
 */
const SHOTS = process.env['DOCS_SCREENSHOTS'] === '1' ? 'docs/verification' : join(tmpdir(), 'verification-screenshots');
mkdirSync(SHOTS, { recursive: true });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Summary {
  id: string;
  enrolmentId: string | null;
}

/**
 * The public verification page as an employer meets it, in Debian's Chromium: the QR code of a
 * real certificate, the PDF upload, a tampered credential pasted, a revocation, Arabic right to
 * left, and accessibility (axe-core). The pages run with JavaScript off: they must not need it.
 */
describe('the verification page in a real browser', () => {
  let t: TestApp;
  let cohort: EligibleCohort;
  let records: Summary[];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  let qrLink: string;
  let pdf: Buffer;
  const email = (n: number) => `p${n}.browser@school.test`;
  const recordOf = (n: number): Summary =>
    records.find((r) => r.enrolmentId === cohort.participants.find((p) => p.email === email(n))!.enrolmentId)!;
  const outcome = async () => page.locator('[data-outcome]').getAttribute('data-outcome');
  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_BASE_URL: origin, VERIFY_RATE_LIMIT_PER_MINUTE: '100000' } });
    await t.app.listen(port, '127.0.0.1');
    cohort = await cohortWithParticipants(t, { slug: 'browser', participants: 2, certificateLanguages: 'ar-en' });
    await complete(t, cohort, [email(1), email(2)]);
    await waitUntil(
      async () => (await credentialStates((s, p) => t.dataSource.query(s, p), cohort.orgId))['active'] === 2,
      '2 active',
    );
    records = await t.call<Summary[]>('GET', `/organisations/${cohort.orgId}/credentials`, cohort.admin);
    const holder = await t.tokenFor(cohort.participants.find((p) => p.email === email(1))!.accountId);
    await t.call('PUT', `/credentials/${recordOf(1).id}/sharing`, holder, { shared: true });
    pdf = (await t.app.inject({ method: 'GET', url: `/credentials/${recordOf(1).id}/certificate`, headers: holder.headers }))
      .rawPayload;
    [qrLink] = pdfQrCodes(pdf) as [string];
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the QR code of a certificate opens its page, and it says valid', async () => {
    expect(qrLink).toBe(`${origin}/verify/${recordOf(1).id}`);
    const response = await page.goto(qrLink);
    expect(response?.status()).toBe(200);
    expect(await outcome()).toBe('valid');
    await expect(page.getByRole('heading', { level: 2, name: /Valid/ }).isVisible()).resolves.toBe(true);
    expect(
      await page
        .locator('[data-check]')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-result')])),
    ).toEqual([
      ['signature', 'passed'],
      ['issuer', 'passed'],
      ['schema', 'passed'],
      ['dates', 'passed'],
      ['status', 'passed'],
    ]);
    expect(await page.locator('.details').innerText()).toContain('Participant 1');
    await shot('valid-en');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    await phone.goto(qrLink);
    // Nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot('valid-mobile', phone);
    await phone.close();
  });

  it('uploading the PDF certificate says valid', async () => {
    await page.goto(`${origin}/verify`);
    await page.setInputFiles('#file', { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Upload and verify' }).click();
    await page.waitForLoadState();
    expect(await outcome()).toBe('valid');
    await shot('pdf-upload-valid');
  });

  it('a tampered credential pasted in the form is not valid, with the failing check named', async () => {
    const doc = await t.call<Record<string, Record<string, Record<string, unknown>>>>(
      'GET',
      `/credentials/${recordOf(2).id}`,
      cohort.admin,
    );
    doc['credentialSubject']['achievement']['contactHours'] = 60;
    await page.goto(`${origin}/verify`);
    await page.fill('#credential', JSON.stringify(doc));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForLoadState();
    expect(await outcome()).toBe('not_valid');
    const signature = page.locator('[data-check="signature"]');
    expect(await signature.getAttribute('data-result')).toBe('failed');
    expect(await signature.innerText()).toMatch(/Signature: failed/);
    // What a forged credential claims is not shown as if it were true.
    expect(await page.locator('.details').count()).toBe(0);
    await shot('tampered-not-valid');

    // In French: the failing check's detail is French; the library's own error follows, marked English.
    await page.goto(`${origin}/verify?lang=fr`);
    await page.fill('#credential', JSON.stringify(doc));
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    expect(await outcome()).toBe('not_valid');
    const detail = page.locator('[data-check="signature"] .detail');
    expect(await detail.innerText()).toMatch(/^La preuve ne se vérifie pas\. Motif\u00a0: \S/);
    expect(await detail.locator('bdi').getAttribute('lang')).toBe('en');
    await shot('tampered-not-valid-fr');
  });

  it('the Arabic page reads right to left', async () => {
    await page.goto(`${qrLink}?lang=ar`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await outcome()).toBe('valid');
    const h1 = page.locator('h1');
    expect(await h1.innerText()).toBe('التحقق من شهادة');
    // Each check's detail is Arabic too.
    expect(await page.locator('[data-check="signature"] .detail').innerText()).toBe(
      'الإثبات صحيح: هذه الشهادة هي نفسها التي وقّعتها هذه الخدمة وتحتفظ بها.',
    );
    expect(await page.locator('[data-check="status"] .detail').innerText()).toBe('ليست ملغاة ولا معلّقة (تم التحقق الآن).');
    expect(await h1.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    // The heading hugs the right edge of the main column; the label column of the details is on the right.
    const main = (await page.locator('main').boundingBox())!;
    const heading = await h1.evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    expect(main.x + main.width - heading.right).toBeLessThan(40);
    expect(heading.left - main.x).toBeGreaterThan(100);
    const dt = (await page.locator('.details dt').first().boundingBox())!;
    const dd = (await page.locator('.details dd').first().boundingBox())!;
    expect(dt.x).toBeGreaterThan(dd.x);
    await shot('valid-ar');
  });

  it('revoked: the same QR link now says revoked, with the reason', async () => {
    await t.call('POST', `/credentials/${recordOf(1).id}/revocation`, cohort.admin, { reason: 'Issued in error' });
    await page.goto(qrLink);
    expect(await outcome()).toBe('revoked');
    expect(await page.locator('[data-outcome]').innerText()).toContain('Issued in error');
    await shot('revoked-en');
    await page.goto(`${qrLink}?lang=fr`);
    expect(await outcome()).toBe('revoked');
    expect(await page.locator('[data-check="status"] .detail').innerText()).toBe(
      'Révoquée par son émetteur. Motif\u00a0: Issued in error',
    );
  });

  it('has no accessibility violations of serious or critical impact (axe-core)', async () => {
    // axe runs as a script, so this context has JavaScript (and lets the injected script past the CSP).
    const axeContext = await browser.newContext({ bypassCSP: true });
    const axePage = await axeContext.newPage();
    const found: Array<{ url: string; id: string; impact: string | null }> = [];
    for (const url of [
      `${origin}/verify`,
      qrLink,
      `${qrLink}?lang=ar`,
      `${qrLink}?lang=fr`,
      `${origin}/verify/00000000-0000-4000-8000-000000000000`,
    ]) {
      await axePage.goto(url);
      await axePage.addScriptTag({ path: AXE });
      const violations = await axePage.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }
        ).axe;
        return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact }));
      });
      found.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ url, ...v })));
    }
    await axeContext.close();
    expect(found).toEqual([]);
  });
});
