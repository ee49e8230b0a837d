/**
 * A domain error: something the caller did (or asked for) that the domain refuses.
 *
 * Each library owns a closed list of codes; the HTTP layer maps every code to a status once,
 * in a `Record<ErrorCode, number>`, so the compiler catches a code that has no status.
 * The message is written for the caller (it becomes the problem's `detail`): never put
 * internals, SQL or secrets in it.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    /** Extra members for the problem document (RFC 9457 §3.2), e.g. `errors` or `unmet`. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Codes that any library may raise: the generic vocabulary of refusals. */
export const CORE_ERROR_CODES = [
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'idempotency_key_reused',
  'idempotency_in_progress',
] as const;
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];

export class CoreError extends DomainError<CoreErrorCode> {}

export const notFound = (what: string): CoreError => new CoreError('not_found', `${what} was not found.`);
