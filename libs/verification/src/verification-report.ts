import type { DetailCode, DetailParams } from './check-details.js';

/**
 * What a verification concludes, as pure data and pure functions: the five checks a person
 * sees on the verification page, and the one outcome they add up to.
 */

/** At a glance: what the page says first. */
export const OUTCOMES = ['valid', 'revoked', 'suspended', 'expired', 'not_valid', 'status_unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CHECK_NAMES = ['signature', 'issuer', 'schema', 'dates', 'status'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * `passed`; `failed`; `warning` (it holds, with a caveat: an issuer this service does not know);
 * `unknown` (it could not be found out: a status list this service cannot read);
 * `not_applicable` (no status entry; not an Open Badge, so no Open Badges schema).
 */
export type CheckResult = 'passed' | 'failed' | 'warning' | 'unknown' | 'not_applicable';

export interface CheckReport {
  readonly name: CheckName;
  readonly result: CheckResult;
  /** A plain-English sentence, made from `code` and `params`. */
  readonly detail: string;
  /** What the detail says, for a reader in another language (check-details.ts). */
  readonly code: DetailCode;
  /** The values in it: an ISO `date`, an `issuer` DID, an untranslated `reason` or `problems`. */
  readonly params?: DetailParams;
}

/** VC-API errors and warnings are RFC 9457 problem details. */
export interface ProblemDetail {
  readonly type: string;
  readonly title: string;
  readonly detail: string;
}

/** Problem types: those the W3C specifications define, and this service's own (under /problems). */
export const PROBLEM_TYPES = {
  proof: 'https://w3id.org/security#PROOF_VERIFICATION_ERROR',
  verificationMethod: 'https://w3id.org/security#INVALID_VERIFICATION_METHOD',
  malformedValue: 'https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR',
  statusRetrieval: 'https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR',
  statusVerification: 'https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR',
} as const;

/** The outcome the checks add up to. A status that cannot be read is never "valid". */
export function outcomeOf(results: readonly CheckReport[], status: 'set-revocation' | 'set-suspension' | null): Outcome {
  const result = (name: CheckName): CheckResult => results.find((r) => r.name === name)?.result ?? 'unknown';
  const expired = results.some((r) => r.name === 'dates' && r.code === 'dates.expired');
  // A set status bit is its own outcome (revoked, suspended), not "not valid".
  const failed = results.some((r) => r.result === 'failed' && r.name !== 'status' && !(r.name === 'dates' && expired));
  if (failed) return 'not_valid';
  if (status === 'set-revocation') return 'revoked';
  if (status === 'set-suspension') return 'suspended';
  if (expired) return 'expired';
  if (result('status') === 'unknown') return 'status_unknown';
  return 'valid';
}
