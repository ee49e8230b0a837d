import { createRequire } from 'node:module';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
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
  // Every limited route names the group whose budget it spends (SharedRateLimitStore).
  fastify.addHook('onRoute', (route) => {
    const limit = route.config?.rateLimit;
    if (limit && typeof limit === 'object' && typeof limit.groupId !== 'string') {
      throw new Error(`The rate limit of ${route.method.toString()} ${route.url} names no groupId.`);
    }
  });
}

/** The groups of routes that spend one budget per client (`groupId` in a route's rateLimit). */
export const RATE_LIMIT_GROUPS = {
  /** The public verification endpoints: the VC-API, the page's forms and upload, shared pages. */
  verification: 'verification',
  statusLists: 'status-lists',
  /** Signing in, through the API and through the portal. */
  signIn: 'sign-in',
  /** Setting a password from a welcome link. */
  setPassword: 'set-password',
} as const;

interface LocalStoreLike extends FastifyRateLimitStore {
  read?: FastifyRateLimitStore['incr'];
}
// @fastify/rate-limit's own in-memory store (it has no export of its own; a change of its place
// in an upgrade fails the service's start, and the tests, at once).
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache?: number,
) => LocalStoreLike;

/**
 * One set of counters for every limited route, each counter a client's in one group of routes.
 * The plugin's default store gives each route counters of its own (and its `groupId` then only
 * renames the key within them), so a client would get the limit once per route: five times over
 * on the verification endpoints.
 */
export class SharedRateLimitStore implements FastifyRateLimitStore {
  private readonly counters = new LocalStore(false, false, 50_000);

  incr(...args: Parameters<FastifyRateLimitStore['incr']>): void {
    this.counters.incr(...args);
  }

  read(...args: Parameters<FastifyRateLimitStore['incr']>): void {
    if (!this.counters.read) throw new Error('The rate-limit store cannot be read.');
    this.counters.read(...args);
  }

  child(): FastifyRateLimitStore {
    return this;
  }
}

type Charge = ReturnType<FastifyInstance['createRateLimit']>;
const charges = new WeakMap<object, Charge>();

/**
 * Spends `units` more of the request's client budget in its route's group (a presentation is one
 * request but a verification for each credential it holds). Once the budget is spent: the
 * seconds until it is renewed (for Retry-After); undefined while it lasts.
 */
export async function spendRateLimit(
  request: FastifyRequest,
  units: number,
  max: (request: FastifyRequest) => number,
): Promise<number | undefined> {
  let charge = charges.get(request.server);
  if (!charge) {
    charge = request.server.createRateLimit({ max, timeWindow: '1 minute' });
    charges.set(request.server, charge);
  }
  for (let i = 0; i < units; i++) {
    const result = await charge(request);
    if (!result.isAllowed && result.isExceeded) return Math.max(1, result.ttlInSeconds);
  }
  return undefined;
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
