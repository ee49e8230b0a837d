import { hash } from 'node:crypto';

/**
 * The order a credential's properties are written out in, at every level: `@context` first, then
 * `id` and `type`, then as this service builds and signs them (and as the VC 2.0, Open Badges 3.0
 * and Bitstring Status List specifications write them in their examples), `proof` last.
 *
 * PostgreSQL's `jsonb`, where signed credentials are kept, does not keep the order of an
 * object's keys (it sorts them, shortest first), so a credential read back began with `"id"` and
 * `"name"` and had its `@context` somewhere in the middle. The order of an object's members means
 * nothing in JSON or JSON-LD, so the proof holds either way; this is for the people and the tools
 * that read a credential from the top (JSON-LD's streaming profile wants `@context` first).
 */
const ORDER: readonly string[] = [
  '@context',
  'id',
  'type',
  // Data Integrity proofs, as @digitalbazaar/data-integrity writes them
  'created',
  'expires',
  'verificationMethod',
  'cryptosuite',
  'proofPurpose',
  'challenge',
  'domain',
  'nonce',
  'previousProof',
  'proofValue',
  // credentials, profiles, achievements
  'achievementType',
  'name',
  'description',
  'criteria',
  'narrative',
  'image',
  'url',
  'email',
  'inLanguage',
  'contactHours',
  'translations',
  'issuer',
  'validFrom',
  'validUntil',
  'awardedDate',
  'credentialSubject',
  'identifier',
  'identityHash',
  'identityType',
  'hashed',
  'salt',
  'achievement',
  'alignment',
  'targetType',
  'targetCode',
  'targetName',
  'targetDescription',
  'targetUrl',
  'targetFramework',
  'resultDescription',
  'resultType',
  'requiredValue',
  'result',
  'value',
  'status',
  'evidence',
  // status entries
  'statusPurpose',
  'statusListIndex',
  'statusListCredential',
  'encodedList',
  'ttl',
  'credentialStatus',
  'credentialSchema',
  'termsOfUse',
  'refreshService',
  'proof',
];
const RANK = new Map(ORDER.map((key, i) => [key, i]));

/**
 * A copy of a JSON value with each object's keys in the conventional order (above); keys not in
 * it follow, in code unit order. Arrays keep their order (`@context`'s is significant).
 *
 * The order depends on the keys alone, not on the order they came in: a credential is written the
 * same whether it was just signed or read back from `jsonb` (which sorts keys its own way), so
 * the service gives out one text of it, and that text's digest is kept (`documentDigest`).
 * (JavaScript itself puts keys that are array indices, "0" or "12", first in any object.)
 */
export function inConventionalOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => inConventionalOrder(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const ranked = entries
    .map(([key, v]) => ({ key, v, rank: RANK.get(key) ?? ORDER.length }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const { key, v } of ranked) out[key] = inConventionalOrder(v);
  return out as T;
}

/**
 * A TypeORM column transformer for a `jsonb` column holding a signed credential: what is read
 * back has its keys in the conventional order; what is written is left as it is.
 */
export const credentialColumnOrder = {
  to: (value: Record<string, unknown> | null | undefined): Record<string, unknown> | null | undefined => value,
  from: (value: Record<string, unknown> | null): Record<string, unknown> | null => (value ? inConventionalOrder(value) : value),
};

/**
 * The SHA-256 (base64url) of a signed credential's text as this service gives it out: its JSON,
 * keys in the conventional order, no white space. A verifier that digests the JSON of what it
 * was sent (JSON.stringify of the parsed credential) gets the same digest exactly when the
 * credential is, byte for byte, the one this service signed, so the stored document need not be
 * compared in full (libs/verification). A change to the order (ORDER, or that of unranked keys)
 * changes that text: the digests kept would no longer match it, and the verifier would compare
 * every credential in content until they were worked out again.
 */
export function documentDigest(document: Record<string, unknown>): string {
  return hash('sha256', JSON.stringify(inConventionalOrder(document)), 'base64url');
}
