import type { IssuedCredential } from './entities/issued-credential.entity.js';

export const credentialUrl = (baseUrl: string, id: string): string => `${baseUrl}/credentials/${id}`;
/** The public page where anyone checks a credential: what a certificate's QR code holds. */
export const verificationUrl = (baseUrl: string, id: string): string => `${baseUrl}/verify/${id}`;
export const statusListUrl = (baseUrl: string, listId: string): string => `${baseUrl}/status-lists/${listId}`;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The record id of one of this service's credential URLs, or undefined. */
export function credentialIdOf(baseUrl: string, url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return new RegExp(`^${escape(baseUrl)}/credentials/(${UUID})$`).exec(url)?.[1];
}

/** The list id of one of this service's status list URLs, or undefined. */
export function statusListIdOf(baseUrl: string, url: string): string | undefined {
  return new RegExp(`^${escape(baseUrl)}/status-lists/(${UUID})$`).exec(url)?.[1];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const entry = (baseUrl: string, listId: string, index: number, purpose: 'revocation' | 'suspension') => ({
  id: `${statusListUrl(baseUrl, listId)}#${index}`,
  type: 'BitstringStatusListEntry',
  statusPurpose: purpose,
  statusListIndex: String(index),
  statusListCredential: statusListUrl(baseUrl, listId),
});

/**
 * The `credentialStatus` of a credential. Open Badges 3.0 allows one entry, so a credential
 * earned in a programme carries one, of purpose `suspension`: suspending sets its bit and
 * reinstating clears it; revoking sets it for good (the record says revoked and refuses to
 * reinstate). Every standard verifier thus refuses a revoked or a suspended credential, and this
 * service's verifier tells the two apart. A VC-API credential that is not an Open Badge (VC 2.0
 * allows a list) carries both purposes; a VC-API Open Badge carries one. See docs/issuance.md.
 */
export function credentialStatusOf(
  baseUrl: string,
  record: Pick<IssuedCredential, 'suspensionListId' | 'suspensionIndex' | 'revocationListId' | 'revocationIndex'>,
): Record<string, unknown> | Array<Record<string, unknown>> | null {
  if (record.suspensionListId === null || record.suspensionIndex === null) return null;
  const suspension = entry(baseUrl, record.suspensionListId, record.suspensionIndex, 'suspension');
  if (record.revocationListId === null || record.revocationIndex === null) return suspension;
  return [entry(baseUrl, record.revocationListId, record.revocationIndex, 'revocation'), suspension];
}
