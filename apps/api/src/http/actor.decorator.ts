import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@app/audit';
import type { Principal } from '@app/identity';

/** The caller as the audit log records it: the signed-in account and the request id. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentActor used on a route without authentication');
  return { accountId: request.principal.accountId, requestId: request.id };
});
