import { Body, Controller, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { CoreError } from '@app/core';
import { Public } from '@app/identity';
import { VerificationService } from '@app/verification';
import { VerifyCredentialRequest, VerifyPresentationRequest } from '../issuance/credentials.dto.js';
import { RATE_LIMIT_GROUPS, spendRateLimit, verifyLimit } from '../http/rate-limits.js';
import { answerTextOf, heldReportOf, VERIFY_ROUTE } from './verify-answers.js';

const RATE_LIMIT = { rateLimit: { max: verifyLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.verification } };

/**
 * VC-API verification, open to anyone (an employer's system, a wallet): rate limited per client
 * address, bounded in size. "Does not verify" is a 200 with `verified: false`; a body that holds
 * no credential is a 400.
 */
@ApiTags('verification')
@Controller()
export class VerificationController {
  private readonly maxCredentialBytes: number;
  /** The JSON answer made of each report (without the credential), for as long as the report lives. */

  constructor(
    private readonly verification: VerificationService,
    config: AppConfig,
  ) {
    this.maxCredentialBytes = config.verification.maxCredentialBytes;
  }

  @Post('credentials/verify')
  @Public()
  @RouteConfig(RATE_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary: 'VC-API: verify a credential (Data Integrity JSON-LD, vc+jwt, Open Badges 3.0 JWT): public, rate limited',
    description:
      '200 with {verified, outcome, checks, warnings, errors, results, issuer, status}; errors and warnings are problem details. ' +
      'outcome is valid, revoked, suspended, expired, not_valid or status_unknown. 400 when the body holds no credential, 413 when it is too large, 429 when rate limited.',
  })
  @ApiBody({ type: VerifyCredentialRequest })
  @Header('content-type', 'application/json; charset=utf-8')
  async verify(@Req() request: FastifyRequest, @Body() body: unknown): Promise<string> {
    // Requests to this route are answered by answer() before Nest's handler (held-answers.ts);
    // this handler states the route (its rate limit, its OpenAPI description) and answers the same.
    return this.answer(request, body);
  }

  /**
   * The VC-API answer to a verification request, as JSON text (errors are thrown, as CoreError).
   * Called before Nest's router for every POST /credentials/verify (held-answers.ts).
   */
  async answer(request: FastifyRequest, body: unknown = request.body): Promise<string> {
    // The body is read by hand, not by the validation pipe: a credential is any JSON, and a
    // hostile one (nested a million deep) must meet the parser's bounds before anything recursive.
    this.checkSize(request);
    // The same bytes as a body answered a moment ago: the same answer, without reading them again
    // (the JSON parser found it held: held-answers.ts). Otherwise the answer is kept by them.
    const raw = (request as { rawBody?: unknown }).rawBody;
    const sent = Buffer.isBuffer(raw) ? { endpoint: VERIFY_ROUTE, bytes: raw } : undefined;
    const report =
      heldReportOf(request) ??
      (await this.verification.verify(this.verification.parse(member(body, 'verifiableCredential')), sent));
    // A report given again from the cache (the same object) is sent as the text already made of it
    // (and, once its body is held, before this handler: held-answers.ts).
    return answerTextOf(report);
  }

  @Post('presentations/verify')
  @Public()
  @RouteConfig(RATE_LIMIT)
  @HttpCode(200)
  @ApiOperation({
    summary: 'VC-API: verify a presentation and the credentials in it (challenge and domain when given): public, rate limited',
  })
  @ApiBody({ type: VerifyPresentationRequest })
  async verifyPresentation(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    this.checkSize(request, 4);
    const presentation = member(body, 'verifiablePresentation');
    if (!presentation || typeof presentation !== 'object' || Array.isArray(presentation)) {
      throw new CoreError('malformed_request', '"verifiablePresentation" must be a presentation object.');
    }
    const options = member(body, 'options') ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new CoreError('malformed_request', '"options" must be an object.');
    }
    const { challenge, domain, unsignedPresentation } = options as Record<string, unknown>;
    if ((challenge !== undefined && typeof challenge !== 'string') || (domain !== undefined && typeof domain !== 'string')) {
      throw new CoreError('malformed_request', '"options.challenge" and "options.domain" are strings.');
    }
    if (unsignedPresentation !== undefined && typeof unsignedPresentation !== 'boolean') {
      throw new CoreError('malformed_request', '"options.unsignedPresentation" is true or false.');
    }
    // A presentation is one request but a verification of each credential it holds: each one
    // after the first spends the client's verification budget too (at most 50 are verified).
    const held = (presentation as Record<string, unknown>)['verifiableCredential'];
    const count = Math.min(Array.isArray(held) ? held.length : held === undefined || held === null ? 0 : 1, 50);
    const retryAfter = count > 1 ? await spendRateLimit(request, count - 1, verifyLimit) : undefined;
    if (retryAfter !== undefined) {
      void reply.header('retry-after', String(retryAfter));
      throw new CoreError(
        'rate_limited',
        `This presentation holds ${count} credentials, more than this client's verifications left for this minute.`,
      );
    }
    const result = await this.verification.verifyPresentation(presentation as Record<string, unknown>, {
      ...(challenge !== undefined ? { challenge } : {}),
      ...(domain !== undefined ? { domain } : {}),
      ...(unsignedPresentation !== undefined ? { unsignedPresentation } : {}),
    });
    return {
      ...result,
      // A report's credential is not enumerable: the copy leaves it out (and does not read it).
      credentialResults: result.credentialResults.map((r) => ({ ...r })),
    };
  }

  private checkSize(request: FastifyRequest, credentials = 1): void {
    // The bytes as received (a chunked body has no Content-Length to trust).
    const raw = (request as { rawBody?: unknown }).rawBody;
    const length = Buffer.isBuffer(raw)
      ? raw.length
      : typeof raw === 'string'
        ? Buffer.byteLength(raw)
        : Number(request.headers['content-length'] ?? 0);
    const limit = this.maxCredentialBytes * credentials + 4096;
    if (length > limit) throw new CoreError('payload_too_large', `The body is larger than ${limit} bytes.`);
  }
}

function member(body: unknown, name: string): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new CoreError('malformed_request', `The body must be a JSON object with "${name}".`);
  }
  return (body as Record<string, unknown>)[name];
}
