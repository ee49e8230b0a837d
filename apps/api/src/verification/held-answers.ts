import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { VerificationService, type VerificationReport } from '@app/verification';
import { Metrics } from '../http/metrics.js';
import { sendProblem } from '../http/problem.filter.js';
import { VerificationController } from './verification.controller.js';
import { answerTexts, HELD_REPORT, heldReportOf, VERIFY_ROUTE } from './verify-answers.js';

/**
 * The JSON body parser, with one shortcut: a body sent to POST /credentials/verify whose bytes
 * are those of a body answered within the report window is not parsed again; its report is left
 * on the request for the controller (the same bytes hold the same credential). Every other body,
 * and this one when nothing is held, is parsed by Fastify's own JSON parser, with prototype
 * poisoning refused, as Nest's default parser does.
 */
export function installHeldAnswers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const verification = app.get(VerificationService);
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    if (request.method === 'POST' && request.routeOptions.url === VERIFY_ROUTE) {
      const held = verification.heldReport({ endpoint: VERIFY_ROUTE, bytes: body });
      if (held) {
        (request as FastifyRequest & { [HELD_REPORT]?: VerificationReport })[HELD_REPORT] = held;
        done(null, {});
        return;
      }
    }
    // As Nest's own JSON parser calls it: with the bytes.
    void parseJson(request as unknown as FastifyRequest, body as unknown as string, done);
  });
  // Every VC-API verification is answered here, before Nest's handler: its router, guard,
  // interceptor, pipes and rxjs were a seventh of the time a held request took, and 7% of the
  // event loop's busy time on never-seen credentials at concurrency 64 (docs/verification.md).
  // Nothing differs: the route is public, so the guard and the idempotency interceptor let it
  // through, and the answer is the controller's own (VerificationController.answer), its errors
  // the problem documents Nest's filter sends (sendProblem). Fastify's hooks run as for any
  // request: the rate limit (onRequest, before the body is read), security headers, request id,
  // compression and metrics.
  const controller = app.get(VerificationController);
  const metrics = app.get(Metrics);
  const config = app.get(AppConfig);
  const logger = new Logger('Problem');
  const send = (reply: FastifyReply, text: string): void => {
    void reply.code(200).header('content-type', 'application/json; charset=utf-8').send(text);
  };
  fastify.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.routeOptions.url !== VERIFY_ROUTE) {
      done();
      return;
    }
    const held = heldReportOf(request);
    const text = held && answerTexts.get(held);
    if (text !== undefined) {
      send(reply, text);
      return;
    }
    controller
      .answer(request)
      .then(
        (answer) => send(reply, answer),
        (error: unknown) =>
          sendProblem(error, request, reply, config.http.publicBaseUrl, logger, metrics, config.verification.maxPdfBytes),
      )
      .catch((error: unknown) => {
        // Not expected (sendProblem answers every error); the request is still answered.
        logger.error({ err: error, requestId: request.id }, 'request failed on our side');
        if (!reply.sent) void reply.code(500).send();
      });
  });
}
