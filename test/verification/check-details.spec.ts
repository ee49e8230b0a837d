import { describe, expect, it } from '@jest/globals';
import { CHECK_NAMES, DETAIL_CODES, checkReport, type DetailCode, type VerificationReport } from '@app/verification';
import { PAGE_LANGUAGES } from '../../apps/api/src/verification/views/messages.js';
import { renderVerifyPage } from '../../apps/api/src/verification/views/verify-page.js';

// Each check's detail is a code with values (libs/verification/src/check-details.ts): the VC-API's
// `detail` is the English sentence made of them, and the verification page words each code in
// English, French and Arabic, with what it does not translate marked as such.
describe('check details in three languages', () => {
  const nameOf = (code: DetailCode) => CHECK_NAMES.find((n) => code.startsWith(`${n}.`))!;
  const params = {
    date: '2027-01-01T00:00:00.000Z',
    issuer: 'did:web:other.example',
    reason: 'Invalid signature.',
    problems: '/credentialSubject/achievement must have required property name',
  };
  const page = (lang: (typeof PAGE_LANGUAGES)[number], ...checks: ReturnType<typeof checkReport>[]) => {
    const report: VerificationReport = {
      verified: false,
      outcome: 'not_valid',
      checks: [],
      warnings: [],
      errors: [],
      results: checks,
      format: 'ldp',
      status: 'unknown',
      statusChecks: [],
      issuer: null,
    };
    return renderVerifyPage(
      { lang, path: '/verify', maxPdfMegabytes: 10 },
      { result: { report, view: null, competencyNames: new Map() } },
    );
  };
  /** The text of a check's detail on a page, tags removed and entities decoded. */
  const detailOf = (html: string, code: DetailCode) => {
    const match = new RegExp(`<span class="detail" data-code="${code.replace('.', '\\.')}">(.*?)</span>`).exec(html);
    if (!match) throw new Error(`no detail for ${code}`);
    return match[1]
      .replace(/<[^>]+>/g, '')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  };

  it('keeps the VC-API English sentences', () => {
    expect(checkReport('signature', 'passed', 'signature.held').detail).toBe(
      'The proof verifies: the credential is exactly the one this service signed and holds.',
    );
    expect(checkReport('signature', 'failed', 'signature.fails', { reason: 'Invalid signature.' }).detail).toBe(
      'Invalid signature.',
    );
    expect(checkReport('signature', 'failed', 'signature.fails', { reason: '' })).toEqual({
      name: 'signature',
      result: 'failed',
      code: 'signature.fails',
      detail: 'The proof does not verify.',
    });
    expect(checkReport('dates', 'failed', 'dates.expired', { date: '2026-01-01T00:00:00.000Z' }).detail).toBe(
      'Expired on 2026-01-01T00:00:00.000Z.',
    );
    expect(checkReport('status', 'failed', 'status.revoked', { reason: 'Assessment fraud' }).detail).toBe(
      'Revoked: Assessment fraud',
    );
    expect(checkReport('status', 'unknown', 'status.unknown', { reason: 'The status list is not available.' }).detail).toBe(
      'Status unknown: The status list is not available.',
    );
    expect(checkReport('issuer', 'failed', 'issuer.key_compromised', { date: '2026-03-01', reason: 'leaked' }).detail).toBe(
      'The key that signed this credential was marked compromised on 2026-03-01 (leaked): what it signed is no longer trusted.',
    );
  });

  it('words every code in French and Arabic, not in English', () => {
    for (const code of DETAIL_CODES) {
      const check = checkReport(nameOf(code), 'failed', code, params);
      const [en, fr, ar] = PAGE_LANGUAGES.map((lang) => detailOf(page(lang, check), code));
      expect(fr).not.toBe(en);
      expect(ar).not.toBe(en);
      // The Arabic sentence is Arabic (the untranslated values aside).
      expect(ar).toMatch(/[\u0600-\u06ff]{3}/);
      expect(fr).not.toMatch(/[\u0600-\u06ff]/);
    }
  });

  it('dates in the reader’s language, untranslated text marked as what it is', () => {
    const expired = checkReport('dates', 'failed', 'dates.expired', { date: '2027-01-01T00:00:00.000Z' });
    expect(detailOf(page('en', expired), 'dates.expired')).toBe('Expired on 1 January 2027.');
    expect(detailOf(page('fr', expired), 'dates.expired')).toBe('Expirée le 1 janvier 2027.');
    expect(detailOf(page('ar', expired), 'dates.expired')).toBe('انتهت صلاحيتها في 1 يناير 2027.');
    const later = checkReport('dates', 'passed', 'dates.valid_until', { date: '2027-01-01T15:30:00.000Z' });
    expect(detailOf(page('fr', later), 'dates.valid_until')).toBe('Valable jusqu’au 1 janvier 2027 à 15:30 UTC.');

    // A library's error stays English and says so; an administrator's words keep their own direction.
    const fails = page('ar', checkReport('signature', 'failed', 'signature.fails', { reason: 'Invalid signature.' }));
    expect(fails).toContain('الإثبات غير صحيح. السبب: <bdi lang="en" dir="ltr">Invalid signature.</bdi>');
    const revoked = page('fr', checkReport('status', 'failed', 'status.revoked', { reason: 'Fraude à l’évaluation' }));
    expect(detailOf(revoked, 'status.revoked')).toBe('Révoquée par son émetteur. Motif\u00a0: Fraude à l’évaluation');
    expect(revoked).toContain('<bdi dir="auto">Fraude à l’évaluation</bdi>');
    const mismatch = page('fr', checkReport('issuer', 'failed', 'issuer.key_mismatch', { issuer: 'did:web:x.example' }));
    expect(mismatch).toContain('<bdi dir="ltr">did:web:x.example</bdi>');
  });

  it('escapes what a credential or an administrator wrote', () => {
    const hostile = '<script>alert(1)</script>';
    const html = page(
      'fr',
      checkReport('status', 'failed', 'status.revoked', { reason: hostile }),
      checkReport('issuer', 'failed', 'issuer.key_mismatch', { issuer: `did:web:${hostile}` }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
  });
});
