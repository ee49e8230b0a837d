import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  Catch,
  HttpException,
  Injectable,
  Logger,
  SetMetadata,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/core';
import { Authenticator, WebSessionsService, sessionCookieName, type ActiveSession, type Principal } from '@app/identity';
import { phraseOf } from '@app/learning';
import { sendHtml } from '../http/html.js';
import { toProblem } from '../http/problem.js';
import { isPortalLanguage, PORTAL_MESSAGES, type PortalLanguage } from './views/portal-messages.js';
import { renderMessagePage } from './views/portal-views.js';
import { recordReason } from './views/record-reasons.js';
import { PortalRefusal } from './portal-refusal.js';

/** The remembered language (a year), and the CSRF token of forms shown before signing in. */
export const LANGUAGE_COOKIE = 'cft_lang';
const preSessionCsrfCookie = (production: boolean): string => (production ? '__Host-cft_csrf' : 'cft_csrf');

/**
 * A CSRF token as a page shows it: masked with a fresh random pad on every response, so that a
 * compressed page never repeats the same secret bytes (BREACH). `unmaskToken` gives it back.
 */
export function maskToken(token: string): string {
  const secret = Buffer.from(token, 'base64url');
  const pad = randomBytes(secret.length);
  const masked = Buffer.alloc(secret.length);
  for (let i = 0; i < secret.length; i++) masked[i] = secret[i] ^ pad[i];
  return Buffer.concat([pad, masked]).toString('base64url');
}

/** Whether a form's (masked) token is the expected one; constant time. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(given)) return false;
  const bytes = Buffer.from(given, 'base64url');
  const half = bytes.length / 2;
  const secret = Buffer.alloc(half);
  for (let i = 0; i < half; i++) secret[i] = bytes[i] ^ bytes[half + i];
  const wanted = Buffer.from(expected, 'base64url');
  return wanted.length === secret.length && timingSafeEqual(wanted, secret);
}

export interface PortalState {
  readonly lang: PortalLanguage;
  readonly session: ActiveSession | undefined;
  /** The token every form of this page carries (the session's, or the pre-session cookie's). */
  readonly csrfToken: string;
  readonly secureCookies: boolean;
}

export type PortalRequest = FastifyRequest & { principal?: Principal; portal?: PortalState };

/** The page needs no session (sign-in, the welcome link, the language link). */
export const PORTAL_ANONYMOUS = 'portal:anonymous';
export const Anonymous = () => SetMetadata(PORTAL_ANONYMOUS, true);

/** The route reads a multipart form (and checks its token in readMultipart); others refuse one. */
export const PORTAL_MULTIPART = 'portal:multipart';
export const MultipartForm = () => SetMetadata(PORTAL_MULTIPART, true);

/** Thrown where a signed-in user is needed: the filter sends the browser to the sign-in page. */
export class SignInRequired extends Error {}
/** A form without its CSRF token, or with another session's. */
export class CsrfRefused extends Error {}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMultipart(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * The portal's guard (its controllers are otherwise public to the API's bearer guard): the
 * session cookie, the language, and the CSRF token of every form posted. A multipart form's
 * token is checked by readMultipart, which is the only way the portal reads such a form.
 */
@Injectable()
export class PortalGuard implements CanActivate {
  private readonly cookie: string;
  private readonly csrfCookie: string;
  private readonly secure: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessionsService,
    private readonly authenticator: Authenticator,
    config: AppConfig,
  ) {
    this.cookie = sessionCookieName(config.isProduction);
    this.csrfCookie = preSessionCsrfCookie(config.isProduction);
    this.secure = config.isProduction;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<PortalRequest>();
    const reply = http.getResponse<FastifyReply>();
    const anonymous = this.reflector.getAllAndOverride<boolean | undefined>(PORTAL_ANONYMOUS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const session = await this.sessions.resolve(request.cookies[this.cookie]);
    if (session) {
      try {
        request.principal = await this.authenticator.principalOf(session.accountId, 'session');
      } catch {
        await this.sessions.end(session.id);
        throw new SignInRequired();
      }
    }
    let csrfToken = session?.csrfToken ?? request.cookies[this.csrfCookie];
    if (!csrfToken || !/^[A-Za-z0-9_-]{43}$/.test(csrfToken)) {
      csrfToken = randomBytes(32).toString('base64url');
      void reply.setCookie(this.csrfCookie, csrfToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: this.secure,
      });
    }
    const cookieLanguage = request.cookies[LANGUAGE_COOKIE];
    const lang: PortalLanguage = isPortalLanguage(cookieLanguage)
      ? cookieLanguage
      : isPortalLanguage(request.principal?.language)
        ? request.principal.language
        : acceptedLanguage(request.headers['accept-language']);
    request.portal = { lang, session, csrfToken, secureCookies: this.secure };
    if (!session && !anonymous) throw new SignInRequired();
    if (UNSAFE.has(request.method)) {
      const multipartRoute = this.reflector.getAllAndOverride<boolean | undefined>(PORTAL_MULTIPART, [
        context.getHandler(),
        context.getClass(),
      ]);
      // A multipart body is read (and its token checked) only by the routes that take one.
      if (isMultipart(request)) {
        if (!multipartRoute) throw new CsrfRefused();
      } else {
        const body = request.body as Record<string, unknown> | undefined;
        if (!tokenMatches(csrfToken, body?.['_csrf'])) throw new CsrfRefused();
      }
    }
    return true;
  }
}

function acceptedLanguage(header: string | undefined): PortalLanguage {
  for (const part of (header ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (isPortalLanguage(tag)) return tag;
  }
  return 'en';
}

export function portalOf(request: PortalRequest): PortalState {
  if (!request.portal) throw new Error('The portal guard did not run on this route.');
  return request.portal;
}

export function principalOf(request: PortalRequest): Principal {
  if (!request.principal) throw new SignInRequired();
  return request.principal;
}

export { sendHtml };

/** 429 on a portal form (the rate limiter answers before any guard runs). */
export function sendTooManyPage(request: FastifyRequest, reply: FastifyReply): void {
  const cookie = /(?:^|;\s*)cft_lang=(en|fr|ar)/.exec(request.headers.cookie ?? '')?.[1];
  const lang: PortalLanguage = isPortalLanguage(cookie) ? cookie : acceptedLanguage(request.headers['accept-language']);
  const m = PORTAL_MESSAGES[lang];
  sendHtml(
    reply,
    429,
    renderMessagePage({ lang, principal: undefined, csrfToken: '' }, { title: m.errorTitle, text: m.tooMany }),
  );
}

/** After a form: see the result at a page of our own (never a URL from the request). */
export function seeOther(reply: FastifyReply, path: string): void {
  void reply.status(303).header('location', path).header('cache-control', 'no-store').send();
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export const isDay = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The string fields of an urlencoded form (the CSRF token left out). */
export function formOf(request: PortalRequest): Record<string, string | undefined> {
  const body = request.body;
  if (!body || typeof body !== 'object') return {};
  const form: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string' && key !== '_csrf') form[key] = value;
  }
  return form;
}

export interface MultipartForm {
  readonly fields: Record<string, string>;
  readonly file: { readonly name: string; readonly mediaType: string; readonly bytes: Buffer } | undefined;
}

/**
 * Reads a multipart form (fields, then at most one file) and checks its CSRF token. The token
 * field comes first in every portal form, so a forged upload is refused before its file is read.
 */
export async function readMultipart(request: PortalRequest, maxFileBytes: number): Promise<MultipartForm> {
  const portal = portalOf(request);
  if (!isMultipart(request)) throw new DomainError('unsupported_media_type', 'Send the form as multipart/form-data.');
  const fields: Record<string, string> = {};
  let file: MultipartForm['file'];
  try {
    const parts = request.parts({ limits: { fileSize: maxFileBytes, files: 1, fields: 10, fieldSize: 4096, parts: 11 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (!tokenMatches(portal.csrfToken, fields['_csrf'])) throw new CsrfRefused();
      const bytes = await part.toBuffer();
      if (bytes.length > 0) file = { name: part.filename, mediaType: part.mimetype, bytes };
    }
  } catch (error) {
    if (error instanceof CsrfRefused || error instanceof DomainError) throw error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 413) throw new DomainError('payload_too_large', `The file is larger than ${maxFileBytes / 1048576} MB.`);
    throw new DomainError('malformed_request', 'The form could not be read.');
  }
  if (!tokenMatches(portal.csrfToken, fields['_csrf'])) throw new CsrfRefused();
  return { fields, file };
}

/**
 * Errors on portal pages are pages: sign in first (303 to the sign-in page), a form without its
 * token (403), what is not yours or not there (404), bad input (its 4xx with the reason), and
 * for anything else a 500 page that says nothing of the cause (which is logged).
 */
@Catch()
export class PortalFilter implements ExceptionFilter {
  private readonly logger = new Logger('Portal');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<PortalRequest>();
    const reply = http.getResponse<FastifyReply>();
    const lang = request.portal?.lang ?? 'en';
    const m = PORTAL_MESSAGES[lang];
    // A refusal of a record or of a portal form says why in the page's language; other details
    // stay as written (English).
    const translated = error instanceof PortalRefusal ? error.say(m.refusals) : recordReason(lang, phraseOf(error));
    const page = (status: number, title: string, text: string, detail?: string) =>
      sendHtml(
        reply,
        status,
        renderMessagePage(
          { lang, principal: request.principal, csrfToken: request.portal?.csrfToken ?? '' },
          translated !== undefined && detail !== undefined
            ? { title, text, detail: translated, detailTranslated: true }
            : { title, text, detail },
        ),
      );
    if (error instanceof SignInRequired || (error instanceof DomainError && error.code === 'unauthenticated')) {
      const next =
        request.method === 'GET' && request.url.startsWith('/portal/') ? `?next=${encodeURIComponent(request.url)}` : '';
      return seeOther(reply, `/portal/sign-in${next}`);
    }
    if (error instanceof CsrfRefused) return page(403, m.errorTitle, m.csrfText);
    const status = statusOf(error);
    if (status === 404) return page(404, m.notFoundTitle, m.notFoundText);
    if (status === 403) return page(403, m.errorTitle, m.forbiddenText, error instanceof Error ? error.message : undefined);
    if (status !== undefined) return page(status, m.errorTitle, '', error instanceof Error ? error.message : undefined);
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return page(500, m.errorTitle, m.serverError);
  }
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return status >= 400 && status < 500 ? status : undefined;
  }
  // The API's own mapping: domain errors, Fastify's client errors, and input PostgreSQL refused.
  const { problem, internal } = toProblem(error, '');
  return internal || problem.status >= 500 ? undefined : problem.status;
}
