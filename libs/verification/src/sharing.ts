/**
 * LinkedIn's "Add to profile" link for a certification: the holder opens it signed in to
 * LinkedIn, and the form comes filled in. Only a link: nothing is sent to LinkedIn by the service.
 * (https://addtoprofile.linkedin.com/)
 */
export function linkedInAddToProfileUrl(input: {
  readonly name: string;
  readonly organisationName: string;
  readonly issuedAt: Date | null;
  readonly validUntil: Date | null;
  readonly certUrl: string;
  readonly certId: string;
}): string {
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: input.name });
  if (input.organisationName) params.set('organizationName', input.organisationName);
  if (input.issuedAt) {
    params.set('issueYear', String(input.issuedAt.getUTCFullYear()));
    params.set('issueMonth', String(input.issuedAt.getUTCMonth() + 1));
  }
  if (input.validUntil) {
    params.set('expirationYear', String(input.validUntil.getUTCFullYear()));
    params.set('expirationMonth', String(input.validUntil.getUTCMonth() + 1));
  }
  params.set('certUrl', input.certUrl);
  params.set('certId', input.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
