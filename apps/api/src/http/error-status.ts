import type { CatalogueErrorCode } from '@app/catalogue';
import type { CoreErrorCode } from '@app/core';
import type { IdentityErrorCode } from '@app/identity';
import type { LearningErrorCode } from '@app/learning';

/** Every domain error code of every library, plus the one for failures that are ours. */
export type ErrorCode =
  CoreErrorCode | IdentityErrorCode | CatalogueErrorCode | LearningErrorCode | 'internal_error' | 'service_unavailable';

/**
 * The one mapping from domain error codes to HTTP statuses. A library that adds a code must add
 * it here too, or this file stops compiling: no code can reach a client with a guessed status.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  own_record: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  did_taken: 409,
  slug_taken: 409,
  record_already_superseded: 409,
  cohort_closed: 409,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  invalid_role_grant: 422,
  holder_proof_invalid: 422,
  unknown_competency: 422,
  unknown_reference: 422,
  trainer_not_qualified: 422,
  not_enrolled: 422,
  unknown_module: 422,
  unknown_session: 422,
  hours_exceed_session: 422,
  csv_invalid: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

/** Short titles for each code (RFC 9457 `title`: the same for every occurrence of the type). */
export const ERROR_TITLE: Record<ErrorCode, string> = {
  validation_failed: 'The request did not validate',
  malformed_request: 'The request is malformed',
  unauthenticated: 'Authentication required',
  invalid_credentials: 'Sign-in failed',
  forbidden: 'Not allowed',
  own_record: 'Not for your own enrolment',
  not_found: 'Not found',
  conflict: 'Conflict with the current state',
  email_taken: 'Email already registered',
  did_taken: 'DID already linked to another account',
  slug_taken: 'Slug already in use',
  record_already_superseded: 'Record already corrected',
  cohort_closed: 'Cohort closed',
  idempotency_in_progress: 'A request with this Idempotency-Key is still running',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'The request cannot be carried out',
  invalid_role_grant: 'Invalid role grant',
  holder_proof_invalid: 'The proof of control of the DID does not hold',
  unknown_competency: 'Unknown competency',
  unknown_reference: 'Reference to something that does not exist',
  trainer_not_qualified: 'Trainer not qualified for this programme',
  not_enrolled: 'Not enrolled in this cohort',
  unknown_module: 'Not a module of this programme',
  unknown_session: 'No such class',
  hours_exceed_session: 'More hours than the class lasted',
  csv_invalid: 'The CSV file is not valid',
  idempotency_key_reused: 'Idempotency-Key reused with a different request',
  rate_limited: 'Too many requests',
  internal_error: 'Internal error',
  service_unavailable: 'Not ready to serve',
};

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_STATUS, code);
