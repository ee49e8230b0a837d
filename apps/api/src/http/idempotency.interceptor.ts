import { createHmac } from 'node:crypto';
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { CoreError } from '@app/core';
import { inConventionalOrder } from '@app/credentials';
import type { Principal } from '@app/identity';
import { IdempotencyStore } from '@app/persistence';

const HEADER = 'idempotency-key';
const IDEMPOTENT = 'http:idempotent';

/**
 * Opts a write into Idempotency-Key handling. Only for routes whose answer may be stored and
 * replayed: never one that returns a secret (an API key is shown once and stored only hashed).
 */
export const Idempotent = (): MethodDecorator => SetMetadata(IDEMPOTENT, true);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header) for signed-in writes marked
 * `@Idempotent()`: the first
 * request with a key runs; a retry with the same key and the same request gets the first answer
 * again (with `Idempotent-Replayed: true`) and writes nothing; the same key with a different
 * request is refused (422), and one still running answers 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly fingerprintKey: string;

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.fingerprintKey = `idempotency:${config.auth.tokenSecret.reveal()}`;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers[HEADER];
    const opted = this.reflector.get<boolean | undefined>(IDEMPOTENT, context.getHandler());
    if (!opted || !WRITES.has(request.method) || header === undefined || !request.principal) return next.handle();
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new CoreError('validation_failed', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
    }
    const scope = request.principal.accountId;
    // A file sent as the body (an evidence upload) is fingerprinted by its bytes.
    const hmac = createHmac('sha256', this.fingerprintKey);
    const fingerprint = (
      Buffer.isBuffer(request.body)
        ? hmac.update(`${request.method} ${request.url}\nbytes\n`).update(request.body)
        : hmac.update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    ).digest('hex');
    const reply = http.getResponse<FastifyReply>();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    return from(
      (async () => {
        const start = await this.store.begin(scope, header, fingerprint);
        switch (start.kind) {
          case 'mismatch':
            throw new CoreError('idempotency_key_reused', 'This Idempotency-Key was used for a different request.');
          case 'in_progress':
            throw new CoreError('idempotency_in_progress', 'A request with this Idempotency-Key is still running; retry later.');
          case 'replay':
            void reply.header('idempotent-replayed', 'true');
            // The answer is kept as jsonb, which sorts keys: given back in the conventional order
            // (a credential's `@context` first, its `proof` last), as it was first sent.
            return start.body === null || start.body === undefined ? undefined : inConventionalOrder(start.body);
          case 'proceed':
            try {
              const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
              await this.store.complete(scope, header, status, body);
              return body;
            } catch (error) {
              await this.store.release(scope, header);
              throw error;
            }
        }
      })(),
    );
  }
}
