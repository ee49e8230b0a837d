import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '@app/core';
import { ERROR_STATUS, ERROR_TITLE, isErrorCode, type ErrorCode } from './error-status.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem details document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  requestId?: string;
  [extension: string]: unknown;
}

const STATUS_CODE: Partial<Record<number, ErrorCode>> = {
  400: 'malformed_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** PostgreSQL SQLSTATE classes that mean "bad input" (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const SQL_STATE_CODE: ReadonlyArray<readonly [string, ErrorCode, string]> = [
  ['22', 'malformed_request', 'A value in the request is not acceptable (bad characters, or out of range).'],
  ['23505', 'conflict', 'This conflicts with something that already exists.'],
  ['23503', 'unprocessable', 'The request refers to something that does not exist.'],
  ['23', 'unprocessable', 'The request breaks a rule of the data.'],
  // Deadlock or serialisation failure: nothing was written; the same request may be sent again.
  ['40', 'conflict', 'The request collided with another one and was not carried out; send it again.'],
];

/** Fastify's own errors (body parsing, limits) carry a code and a status. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * Turns anything thrown into a problem document. Only domain errors and client errors speak
 * their message; anything else becomes a generic 500 whose details stay in the log.
 */
export function toProblem(error: unknown, baseUrl: string): { problem: Problem; internal: boolean } {
  let code: ErrorCode = 'internal_error';
  let detail = 'Something went wrong on our side. The request id identifies it in our logs.';
  let extensions: Record<string, unknown> = {};

  if (error instanceof DomainError && isErrorCode((error as DomainError).code)) {
    const domain = error as DomainError<ErrorCode>;
    code = domain.code;
    detail = domain.message;
    extensions = { ...domain.extensions };
  } else if (error instanceof HttpException) {
    const status = error.getStatus();
    code = STATUS_CODE[status] ?? (status >= 500 ? 'internal_error' : 'malformed_request');
    if (code === 'not_found' && status === 404) detail = 'There is nothing at this address.';
    else if (code !== 'internal_error') detail = error.message;
  } else if (isFastifyClientError(error)) {
    code = STATUS_CODE[error.statusCode!] ?? 'malformed_request';
    detail = fastifyDetail(error);
  } else if (error instanceof QueryFailedError) {
    // A safety net: input that the domain should have refused but PostgreSQL did (a NUL byte,
    // a number out of range, a duplicate, a dangling reference) is the caller's, not a 500.
    const sqlState = (error.driverError as { code?: string } | undefined)?.code ?? '';
    const mapped = SQL_STATE_CODE.find(([prefix]) => sqlState.startsWith(prefix));
    if (mapped) [, code, detail] = mapped;
  }
  const status = ERROR_STATUS[code];
  return {
    problem: {
      type: `${baseUrl}/problems/${code.replace(/_/g, '-')}`,
      title: ERROR_TITLE[code],
      status,
      detail,
      code,
      ...extensions,
    },
    // 503 (not ready) is an answer, not a fault of ours to log as one.
    internal: status >= 500 && status !== 503,
  };
}

function isFastifyClientError(error: unknown): error is FastifyLikeError {
  const e = error as FastifyLikeError | null;
  return typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500;
}

function fastifyDetail(error: FastifyLikeError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this endpoint accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'This content type is not accepted here; send application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The body is empty but the content type says JSON.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The request body is not valid JSON.';
  }
  if (error.statusCode === 429) return 'Too many requests from this address; retry after the time in Retry-After.';
  if (error.statusCode === 400 && error.message?.includes('JSON')) return 'The request body is not valid JSON.';
  return 'The request is malformed.';
}
