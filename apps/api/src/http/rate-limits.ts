import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '@app/config';

/**
 * Route rate limits are declared on the routes (`@RouteConfig({ rateLimit })`, read by
 * @fastify/rate-limit) but their sizes come from the configuration, so the server carries them.
 */
interface RateLimits {
  signInPerMinute: number;
  verifyPerMinute: number;
}

const KEY = 'rateLimits';

export function decorateRateLimits(fastify: FastifyInstance, config: AppConfig): void {
  fastify.decorate(KEY, {
    signInPerMinute: config.auth.signInRateLimitPerMinute,
    verifyPerMinute: config.verification.rateLimitPerMinute,
  } satisfies RateLimits);
}

const limits = (request: FastifyRequest): RateLimits => (request.server as unknown as Record<typeof KEY, RateLimits>)[KEY];

export const signInLimit = (request: FastifyRequest): number => limits(request).signInPerMinute;

/** The public verification endpoints (JSON API, the page's forms, the PDF upload, shared pages). */
export const verifyLimit = (request: FastifyRequest): number => limits(request).verifyPerMinute;

/**
 * Status lists, fetched by any verifier of any credential that names one (cached by clients for
 * 60 s, revalidated by ETag): ten times the verification limit.
 */
export const statusListLimit = (request: FastifyRequest): number => 10 * limits(request).verifyPerMinute;
