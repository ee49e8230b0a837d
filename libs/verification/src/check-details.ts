import type { CheckName, CheckReport, CheckResult } from './verification-report.js';

/**
 * What each check's detail says, as a code and its values, so that a reader gets it in their
 * language (the verification page words every code in English, French and Arabic); the English
 * sentence made from them is the report's `detail`. Values are an ISO date (`date`), a DID
 * (`issuer`), or text this service does not translate (`reason`: a library's error or the words an
 * administrator gave for a revocation; `problems`: schema errors).
 */
export const DETAIL_CODES = [
  'signature.held',
  'signature.verifies',
  'signature.fails',
  'issuer.missing',
  'issuer.key_mismatch',
  'issuer.key_compromised',
  'issuer.this_service',
  'issuer.trusted',
  'issuer.unknown',
  'schema.not_open_badge',
  'schema.follows',
  'schema.does_not_follow',
  'dates.bad_from',
  'dates.bad_until',
  'dates.not_yet',
  'dates.expired',
  'dates.valid_until',
  'dates.no_end',
  'status.none',
  'status.not_checked',
  'status.unknown',
  'status.revoked',
  'status.suspended',
  'status.clear',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];

export interface DetailParams {
  readonly date?: string;
  readonly issuer?: string;
  readonly reason?: string;
  readonly problems?: string;
}

/** The English sentence of each code (the VC-API's `detail`). */
export const ENGLISH_DETAILS: Record<DetailCode, (p: DetailParams) => string> = {
  'signature.held': () => 'The proof verifies: the credential is exactly the one this service signed and holds.',
  'signature.verifies': () => 'The proof verifies.',
  'signature.fails': (p) => p.reason || 'The proof does not verify.',
  'issuer.missing': () => 'The credential names no issuer.',
  'issuer.key_mismatch': (p) => `The signing key does not belong to the issuer ${p.issuer ?? ''}.`,
  'issuer.key_compromised': (p) =>
    `The key that signed this credential was marked compromised${p.date ? ` on ${p.date.slice(0, 10)}` : ''}${p.reason ? ` (${p.reason})` : ''}: what it signed is no longer trusted.`,
  'issuer.this_service': () => 'The key belongs to the issuer, an organisation of this service.',
  'issuer.trusted': () => 'The key belongs to the issuer, which this service lists as trusted.',
  'issuer.unknown': () => 'The key belongs to the issuer, but this service does not know that issuer: check who it is.',
  'schema.not_open_badge': () => 'Not an Open Badge: no Open Badges schema applies.',
  'schema.follows': () => 'It follows the Open Badges 3.0 schema.',
  'schema.does_not_follow': (p) => `It does not follow the Open Badges 3.0 schema: ${p.problems ?? ''}.`,
  'dates.bad_from': () => 'The start of validity is not a date.',
  'dates.bad_until': () => 'The end of validity is not a date.',
  'dates.not_yet': (p) => `Not valid yet: valid from ${p.date ?? ''}.`,
  'dates.expired': (p) => `Expired on ${p.date ?? ''}.`,
  'dates.valid_until': (p) => `Valid until ${p.date ?? ''}.`,
  'dates.no_end': () => 'Valid, with no end date.',
  'status.none': () => 'It carries no status entry: it cannot be revoked.',
  'status.not_checked': () => 'Not checked: the signature does not verify.',
  'status.unknown': (p) => `Status unknown: ${p.reason ?? 'the status list could not be read.'}`,
  'status.revoked': (p) => (p.reason ? `Revoked: ${p.reason}` : 'Revoked.'),
  'status.suspended': (p) => (p.reason ? `Suspended: ${p.reason}` : 'Suspended.'),
  'status.clear': () => 'Neither revoked nor suspended (checked just now).',
};

/** A check's report: its code and values, and the English sentence they make. */
export function checkReport(name: CheckName, result: CheckResult, code: DetailCode, params?: DetailParams): CheckReport {
  const kept = params ? Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) : {};
  const detail = ENGLISH_DETAILS[code](kept);
  return Object.keys(kept).length ? { name, result, detail, code, params: kept } : { name, result, detail, code };
}
