import { checkOpenBadgeSchema } from '@app/credentials';

const VC2 = 'https://www.w3.org/ns/credentials/v2';

/** Whether a credential is an Open Badge (OB 3.0: OpenBadgeCredential or AchievementCredential). */
export function isOpenBadge(credential: Record<string, unknown>): boolean {
  const type = credential['type'];
  return Array.isArray(type) && (type.includes('OpenBadgeCredential') || type.includes('AchievementCredential'));
}

/**
 * What a VC-API client may ask to have issued: a VC 2.0 credential (any type), unsigned, with
 * this organisation as issuer and a subject. Returns the problems, none when it can be issued.
 * (Whether its contexts are ones the service holds is found when it is signed.)
 */
export function checkIssueRequest(credential: Record<string, unknown>, issuerDid: string): string[] {
  const problems: string[] = [];
  const context = credential['@context'];
  if (!Array.isArray(context) || context[0] !== VC2) problems.push(`"@context" must be a list that starts with ${VC2}.`);
  const type = credential['type'];
  if (!Array.isArray(type) || !type.includes('VerifiableCredential')) {
    problems.push('"type" must be a list that includes VerifiableCredential.');
  }
  const issuer = credential['issuer'];
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id;
  if (issuerId !== issuerDid) problems.push(`"issuer" must be this organisation (${issuerDid}).`);
  const subject = credential['credentialSubject'];
  if (!subject || typeof subject !== 'object') problems.push('"credentialSubject" is required.');
  if ('proof' in credential) problems.push('The credential is already signed ("proof" is present).');
  if ('credentialStatus' in credential) problems.push('"credentialStatus" is assigned by the service; leave it out.');
  if (credential['id'] !== undefined && (typeof credential['id'] !== 'string' || !URL.canParse(credential['id']))) {
    problems.push('"id" must be a URL.');
  }
  for (const field of ['validFrom', 'validUntil']) {
    const value = credential[field];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
      problems.push(`"${field}" must be an XML Schema dateTime.`);
    }
  }
  // An Open Badge must follow the OB 3.0 schema as it will be signed (with its id and its one
  // status entry, both the service's), or this service's own verifier would call it not valid.
  if (problems.length === 0 && isOpenBadge(credential)) {
    const asSigned = {
      ...credential,
      id: credential['id'] ?? 'urn:uuid:00000000-0000-4000-8000-000000000000',
      credentialStatus: { id: 'urn:status', type: 'BitstringStatusListEntry' },
    };
    for (const problem of checkOpenBadgeSchema(asSigned)) {
      problems.push(`Open Badges 3.0 schema: ${problem.pointer} ${problem.detail}.`);
    }
  }
  return problems;
}
