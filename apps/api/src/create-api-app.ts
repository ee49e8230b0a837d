import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { Logger, ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '@app/config';
import { CoreError } from '@app/core';
import type { ConnectionSettings } from '@app/persistence';
import { ApiModule } from './api.module.js';
import { PinoNestLogger } from '@app/core';
import { Metrics } from './http/metrics.js';
import { sendProblem } from './http/problem.filter.js';
import { SharedRateLimitStore, decorateRateLimits } from './http/rate-limits.js';
import { requestIdFor } from './http/request-id.js';
import { installHeldAnswers } from './verification/held-answers.js';
import { VerifyPool } from '@app/verification';

export const OPENAPI_UI_PATH = 'docs';
export const OPENAPI_JSON_PATH = '/docs/openapi.json';

/**
 * Builds the HTTP application exactly as production runs it (adapter, limits, headers, pipes,
 * errors, OpenAPI); main.ts and the tests both use it, so tests exercise the real setup.
 */
/** Request log lines without the one-time secrets that travel in a path (sign-in links). */
class RedactingLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (!request.url.startsWith('/portal/welcome/')) return super.incomingRequest(request, reply, metadata);
    if (this.isLogDisabled(request)) return;
    request.log.info(
      { req: { method: request.method, url: '/portal/welcome/[redacted]', host: request.host, remoteAddress: request.ip } },
      'incoming request',
    );
  }
}

/**
 * The headers helmet sets on a response and those it removes, worked out once by running its
 * middleware against a response that only records them. Refuses options whose headers would
 * depend on the request (helmet would then not finish at once, or would read the request).
 */
export function securityHeadersOf(options: HelmetOptions): {
  readonly set: ReadonlyArray<readonly [string, string | string[]]>;
  readonly removed: readonly string[];
} {
  const set = new Map<string, string | string[]>();
  const removed = new Set<string>();
  const response = {
    setHeader(name: string, value: string | string[]) {
      removed.delete(name.toLowerCase());
      set.set(name.toLowerCase(), value);
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase());
      removed.add(name.toLowerCase());
    },
  };
  const request = new Proxy(
    {},
    {
      get() {
        throw new Error('The security headers would depend on the request: they are worked out once, for every response.');
      },
    },
  );
  let finished = false;
  helmet(options)(request as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet could not set the security headers.');
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set the security headers at once.');
  return { set: [...set], removed: [...removed] };
}

export async function createApiApp(
  config: AppConfig,
  database: ConnectionSettings,
  logger: Pino,
): Promise<NestFastifyApplication> {
  // Security headers (CSP, HSTS behind TLS, nosniff, frame and referrer policies) from helmet, on
  // every response. They depend on nothing in the request, so helmet works them out once, here,
  // and each response gets them set as helmet would set them (running helmet's middleware for each
  // request cost several percent of a cached verification's time; @fastify/helmet would also make
  // the middleware again for every request).
  const securityHeaders = securityHeadersOf({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only behind TLS: on plain-http development it would break every asset.
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    hsts: config.isProduction,
  });
  const setSecurityHeaders = (raw: ServerResponse): void => {
    for (const name of securityHeaders.removed) raw.removeHeader(name);
    for (const [name, value] of securityHeaders.set) raw.setHeader(name, value);
  };
  // What the router meets before any route or hook runs (a path whose percent-escapes do not
  // decode, a parameter longer than maxParamLength): Fastify would answer it with a JSON of its
  // own and no security headers. It gets them, and the problem document (under /verify, the
  // page) that any other bad request gets.
  // (The metrics are set once the application is made: no request is served before.)
  // Such a request runs none of the route's hooks, so it is timed and logged here, as onResponse
  // and Fastify's log controller do for every other request.
  const made: { metrics?: Metrics } = {};
  const frameworkLogger = new Logger('Problem');
  const logController = new RedactingLogController({
    requestIdLogLabel: 'requestId',
    disableRequestLogging: (request: { url?: string }) =>
      config.env === 'test' || /^\/(health|metrics)\b/.test(request.url ?? ''),
  });
  const frameworkErrors = (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
    const started = performance.now();
    setSecurityHeaders(reply.raw);
    void reply.header('x-request-id', request.id);
    const metrics = made.metrics;
    if (!metrics) {
      void reply.code(503).send();
      return;
    }
    reply.raw.once('finish', () => {
      const elapsed = performance.now() - started;
      metrics.httpDuration.observe(
        { method: request.method, route: 'unmatched', status_code: String(reply.statusCode) },
        elapsed / 1000,
      );
      if (!logController.isLogDisabled(request)) request.log.info({ res: reply, responseTime: elapsed }, 'request completed');
    });
    sendProblem(error, request, reply, config.http.publicBaseUrl, frameworkLogger, metrics, config.verification.maxPdfBytes);
  };
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdFor,
    trustProxy: config.http.trustProxy,
    // One log line per request, tagged with its id; none for probes and scrapes, which would
    // otherwise fill the log every few seconds.
    logController,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, database), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // The bytes of JSON bodies are kept (they are read as bytes anyway): the VC-API verification
    // keeps the answer to a body by them (see verification/held-answers.ts).
    rawBody: true,
  });

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(Metrics);
  made.metrics = metrics;
  // How busy the verifying threads are: proofs waiting beyond VERIFY_MAX_QUEUE are refused (429).
  const verifyPool = app.get(VerifyPool);
  metrics.gauge(
    'verification_proofs_waiting',
    'Proofs (and PDFs, presentations) waiting for a verifying thread; beyond VERIFY_MAX_QUEUE, 429',
    () => verifyPool.load.waiting,
  );
  metrics.gauge(
    'verification_proofs_in_threads',
    'Proofs on the verifying threads, not yet answered (at most 32 a thread)',
    () => verifyPool.load.inThreads,
  );
  // Graceful shutdown: once close() begins, answers to requests still in flight ask the client
  // to close its keep-alive connection, so the server can finish instead of waiting on it.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // Errors raised by Fastify itself (body too large, bad JSON, wrong media type) never reach
  // Nest's filters; they get the same problem documents here.
  // CSV uploads (records import) arrive as raw text/csv, up to 5 MiB (about 60,000 rows).
  fastify.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );
  // Evidence files, up to 10 MiB, as their own bytes.
  fastify.addContentTypeParser(
    ['application/pdf', 'image/png', 'image/jpeg'],
    { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );

  fastify.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply.raw);
    done();
  });
  // The portal's session, language and pre-sign-in CSRF cookies.
  await app.register(cookie);
  // Pages and JSON compressed for slow connections (gzip: cheap on the CPU; brotli at its default
  // quality is not). PDFs and images are already compressed and left alone.
  await app.register(compress, { threshold: 1024, encodings: ['gzip', 'deflate'] });
  // The verification page's PDF upload: one file, nothing else of size. (Its paste form is
  // urlencoded, which Nest parses, within the body limit.)
  await app.register(multipart, {
    limits: { fileSize: config.verification.maxPdfBytes, files: 1, fields: 2, fieldSize: 1024, parts: 3, headerPairs: 100 },
  });
  // Limits are opt-in per route (`@RouteConfig({ rateLimit })`, each naming the group of routes
  // whose budget it spends); counters live in this process, one per client and group.
  decorateRateLimits(fastify, config);
  await app.register(rateLimit, { global: false, store: SharedRateLimitStore });
  if (config.http.corsOrigins === '*' || config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins === '*' ? true : [...config.http.corsOrigins],
      exposedHeaders: ['x-request-id', 'location'],
      maxAge: 600,
    });
  }

  // JSON bodies: Fastify's parser, except that a VC-API verification body answered a moment ago
  // is recognised by its bytes and not parsed again.
  installHeldAnswers(app, config.http.bodyLimitBytes);

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) =>
        new CoreError('validation_failed', 'Some fields are missing or not valid; see errors.', { errors: flatten(errors) }),
    }),
  );
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('AI-CFT Credentials API')
      .setDescription(
        'Teacher AI-competency micro-credentials aligned to the UNESCO AI Competency Framework for Teachers: ' +
          'catalogue, learning records, Open Badges 3.0 verifiable credentials and their verification. ' +
          'Errors are RFC 9457 problem documents (application/problem+json).',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token from POST /auth/token, or an API key' })
      .build(),
  );
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: '/docs/openapi.yaml',
  });
  return app;
}

/** class-validator errors as RFC 9457 `errors` members: a JSON pointer and a message each. */
function flatten(errors: ValidationError[], parent = ''): Array<{ pointer: string; detail: string }> {
  return errors.flatMap((e) => {
    const pointer = `${parent}/${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((detail) => ({
      pointer,
      detail: detail.startsWith('property ') && detail.endsWith('should not exist') ? 'This field is not accepted here.' : detail,
    }));
    return [...own, ...flatten(e.children ?? [], pointer)];
  });
}
