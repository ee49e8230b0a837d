import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * A request id for every request: the caller's X-Request-Id when it is a sane token (so ids
 * follow a request through proxies), a fresh UUID otherwise. Echoed in the response header,
 * in every log line of the request and in problem documents.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
}
