import { DomainError } from '@app/core';

export const IDENTITY_ERROR_CODES = [
  'invalid_credentials',
  'email_taken',
  'invalid_role_grant',
  'did_taken',
  'holder_proof_invalid',
] as const;
export type IdentityErrorCode = (typeof IDENTITY_ERROR_CODES)[number];

export class IdentityError extends DomainError<IdentityErrorCode> {}
