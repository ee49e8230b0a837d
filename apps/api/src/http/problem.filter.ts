import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { Metrics } from './metrics.js';
import { sendTooManyPage } from '../portal/portal-http.js';
import { sendVerifyPageProblem } from '../verification/verify-page.controller.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

/** The one place errors become HTTP responses: RFC 9457 problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(
      error,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.config.http.publicBaseUrl,
      this.logger,
      this.metrics,
      this.config.verification.maxPdfBytes,
    );
  }
}

export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  baseUrl: string,
  logger: Pick<Logger, 'error'>,
  metrics: Metrics,
  maxPdfBytes: number,
): void {
  const { problem, internal } = toProblem(error, baseUrl);
  metrics.httpProblems.inc({ code: problem.code });
  // The portal's forms are read by people: a rate limit there is a page, not a problem document.
  if (problem.status === 429 && request.url.startsWith('/portal/')) return sendTooManyPage(request, reply);
  // So are the verification page's: a rate limit or an unreadable link there is the page.
  if (sendVerifyPageProblem(request, reply, problem, maxPdfBytes)) return;
  if (internal) logger.error({ err: error, requestId: request.id }, 'request failed on our side');
  problem.instance = request.url.split('?')[0];
  problem.requestId = request.id;
  if (problem.code === 'unauthenticated') void reply.header('www-authenticate', 'Bearer');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
