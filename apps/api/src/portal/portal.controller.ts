import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { AppConfig } from '@app/config';
import { DomainError, notFound } from '@app/core';
import {
  AccountsService,
  MIN_PASSWORD_LENGTH,
  Public,
  WebSessionsService,
  sessionCookieName,
  type Principal,
} from '@app/identity';
import { IssuanceService, verificationUrl } from '@app/issuance';
import { LearningService } from '@app/learning';
import { linkedInAddToProfileUrl } from '@app/verification';
import { ERROR_STATUS, type ErrorCode } from '../http/error-status.js';
import { RATE_LIMIT_GROUPS, signInLimit, verifyLimit } from '../http/rate-limits.js';
import { HolderDidLinking } from '../identity/holder-did-linking.js';
import {
  Anonymous,
  LANGUAGE_COOKIE,
  PortalFilter,
  formOf,
  maskToken,
  PortalGuard,
  portalOf,
  principalOf,
  seeOther,
  sendHtml,
  type PortalRequest,
} from './portal-http.js';
import { PortalQueries } from './portal-queries.js';
import { isPortalLanguage, PORTAL_MESSAGES } from './views/portal-messages.js';
import {
  PORTAL_CSS,
  PORTAL_CSS_PATH,
  renderCredential,
  renderCredentials,
  renderHome,
  renderMessagePage,
  renderSignIn,
  renderWallet,
  renderWelcome,
  type EnrolmentView,
  type PageContext,
} from './views/portal-views.js';

/** Where a `next` or `back` parameter may send the browser: a portal page of this site only. */
export function safePortalPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/portal\/[A-Za-z0-9/_.?=&%-]*$/.test(value) && !value.includes('//') ? value : undefined;
}

export function pageContext(request: PortalRequest, path: string, notice?: unknown): PageContext {
  const portal = portalOf(request);
  return {
    lang: portal.lang,
    principal: request.principal,
    csrfToken: maskToken(portal.csrfToken),
    path,
    notice: typeof notice === 'string' ? notice : undefined,
  };
}

/** The portal's stylesheet: outside the portal's guard, so it never carries a cookie. */
@ApiExcludeController()
@Public()
@Controller('portal/assets')
export class PortalAssetsController {
  @Get(':file')
  stylesheet(@Param('file') file: string, @Res() reply: FastifyReply): void {
    if (`/portal/assets/${file}` !== PORTAL_CSS_PATH) {
      void reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found');
      return;
    }
    void reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(PORTAL_CSS);
  }
}

/**
 * The portal: signing in and out, the language, and what teachers and learners see of their
 * own (progress, credentials, sharing). Server-rendered HTML; every form carries its CSRF token.
 */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseFilters(PortalFilter)
@Controller('portal')
export class PortalController {
  private readonly baseUrl: string;
  private readonly cookie: string;
  private readonly secure: boolean;

  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: WebSessionsService,
    private readonly learning: LearningService,
    private readonly issuance: IssuanceService,
    private readonly queries: PortalQueries,
    private readonly linking: HolderDidLinking,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
    this.cookie = sessionCookieName(config.isProduction);
    this.secure = config.isProduction;
  }

  @Get()
  @Anonymous()
  root(@Req() request: PortalRequest, @Res() reply: FastifyReply): void {
    seeOther(reply, request.principal ? '/portal/home' : '/portal/sign-in');
  }

  @Get('language')
  @Anonymous()
  language(@Res() reply: FastifyReply, @Query('lang') lang?: string, @Query('back') back?: string): void {
    if (isPortalLanguage(lang)) {
      void reply.setCookie(LANGUAGE_COOKIE, lang, {
        path: '/',
        maxAge: 365 * 86_400,
        sameSite: 'lax',
        secure: this.secure,
        httpOnly: true,
      });
    }
    seeOther(reply, safePortalPath(back) ?? '/portal/home');
  }

  @Get('sign-in')
  @Anonymous()
  signInForm(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Query('next') next?: string): void {
    if (request.principal) return seeOther(reply, safePortalPath(next) ?? '/portal/home');
    sendHtml(reply, 200, renderSignIn(pageContext(request, '/portal/sign-in'), { next: safePortalPath(next) }));
  }

  @Post('sign-in')
  @Anonymous()
  @RouteConfig({ rateLimit: { max: signInLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.signIn } })
  async signIn(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof body['email'] === 'string' ? body['email'].slice(0, 254) : '';
    const password = typeof body['password'] === 'string' ? body['password'].slice(0, 1000) : '';
    const next = safePortalPath(body['next']);
    let accountId: string;
    try {
      accountId = (await this.accounts.checkPassword(email, password)).id;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendHtml(reply, 401, renderSignIn(pageContext(request, '/portal/sign-in'), { next, failed: true, email }));
    }
    await this.startSession(request, reply, accountId);
    seeOther(reply, next ?? '/portal/home');
  }

  @Post('sign-out')
  async signOut(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = portalOf(request).session;
    if (session) await this.sessions.end(session.id);
    void reply.clearCookie(this.cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secure });
    seeOther(reply, '/portal/sign-in');
  }

  /** A one-time link from a trainer: choose a password, then you are signed in. */
  @Get('welcome/:secret')
  @Anonymous()
  async welcome(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('secret') secret: string): Promise<void> {
    const account = await this.sessions.linkAccount(secret);
    const ctx = pageContext(request, '/portal/sign-in');
    if (!account) return sendHtml(reply, 404, renderWelcomeGone(ctx));
    sendHtml(reply, 200, renderWelcome(ctx, { name: account.displayName, secret, minLength: MIN_PASSWORD_LENGTH }));
  }

  @Post('welcome/:secret')
  @Anonymous()
  @RouteConfig({ rateLimit: { max: signInLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.setPassword } })
  async setPassword(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('secret') secret: string): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const password = typeof body['password'] === 'string' ? body['password'].slice(0, 1000) : '';
    const account = await this.sessions.linkAccount(secret);
    const ctx = pageContext(request, '/portal/sign-in');
    if (!account) return sendHtml(reply, 404, renderWelcomeGone(ctx));
    let accountId: string;
    try {
      accountId = await this.sessions.redeemSignInLink(secret, password);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return sendHtml(
        reply,
        400,
        renderWelcome(ctx, { name: account.displayName, secret, minLength: MIN_PASSWORD_LENGTH, error: error.message }),
      );
    }
    await this.startSession(request, reply, accountId);
    seeOther(reply, '/portal/home?notice=password_set');
  }

  @Get('home')
  async home(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Query('notice') notice?: string): Promise<void> {
    const principal = principalOf(request);
    const lang = portalOf(request).lang;
    const enrolments: EnrolmentView[] = [];
    for (const { enrolment, progress } of await this.learning.progressOfAccount(principal.accountId)) {
      const cohort = await this.learning.getCohort(enrolment.cohortId);
      enrolments.push({
        programme: await this.queries.programmeNameOfVersion(cohort.programmeVersionId, lang),
        cohort: cohort.name,
        progress,
      });
    }
    const credentials = await this.queries.credentials({ accountId: principal.accountId }, lang);
    sendHtml(reply, 200, renderHome(pageContext(request, '/portal/home', notice), { enrolments, credentials }));
  }

  @Get('credentials')
  async credentials(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = principalOf(request);
    const items = await this.queries.credentials({ accountId: principal.accountId }, portalOf(request).lang);
    sendHtml(reply, 200, renderCredentials(pageContext(request, '/portal/credentials'), items));
  }

  /** A credential: its holder (downloads, sharing) or its organisation's admins (status); 404 for anyone else. */
  @Get('credentials/:id')
  async credential(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('notice') notice?: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const lang = portalOf(request).lang;
    const record = await this.issuance.get(id);
    const isHolder = record.accountId !== null && record.accountId === principal.accountId;
    const isAdmin = principal.hasRoleIn('org_admin', record.organisationId);
    if (!isHolder && !isAdmin) throw notFound('The credential');
    const [item] = await this.queries.credentials({ id }, lang);
    const programme = item?.programme ?? '';
    const publicUrl = verificationUrl(this.baseUrl, id);
    const shared = record.sharedAt !== null;
    const signed = ['active', 'suspended', 'revoked'].includes(record.state);
    const [organisation] = await this.queries.organisations([record.organisationId], lang);
    sendHtml(
      reply,
      200,
      renderCredential(pageContext(request, `/portal/credentials/${id}`, notice), {
        id,
        programme,
        holder: item?.holder ?? '',
        state: record.state,
        issuedAt: record.issuedAt,
        validUntil: record.validUntil,
        reason: record.state === 'active' ? null : record.stateReason,
        isHolder,
        isAdmin,
        hasJwt: signed && record.jwtProfile !== null,
        shared,
        publicUrl,
        qrDataUrl: shared && signed ? await qrDataUrl(publicUrl) : null,
        // Only a credential in force is offered for a profile.
        linkedInUrl:
          shared && signed && record.state === 'active'
            ? linkedInAddToProfileUrl({
                name: programme,
                organisationName: organisation?.name ?? '',
                issuedAt: record.issuedAt,
                validUntil: record.validUntil,
                certUrl: publicUrl,
                certId: id,
              })
            : null,
      }),
    );
  }

  /** Share on or off (the holder only); the same choice twice changes nothing. */
  @Post('credentials/:id/sharing')
  async sharing(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const record = await this.issuance.get(id);
    if (record.accountId !== principal.accountId) throw notFound('The credential');
    const shared = formOf(request)['shared'] === 'true';
    await this.issuance.setSharing(actorOf(request, principal), id, shared);
    seeOther(reply, `/portal/credentials/${id}?notice=${shared ? 'shared' : 'unshared'}`);
  }

  /** The learner's wallet DID: linked, or how to link one (DID Authentication). */
  @Get('wallet')
  async wallet(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Query('notice') notice?: string): Promise<void> {
    await this.sendWallet(request, reply, 200, notice);
  }

  /** Links the DID of a signed presentation answering this account's challenge. */
  @Post('wallet')
  @RouteConfig({ rateLimit: { max: verifyLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.verification } })
  async linkWallet(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = principalOf(request);
    const text = formOf(request)['presentation'];
    const pasted = typeof text === 'string' ? text : '';
    let presentation: unknown;
    try {
      presentation = JSON.parse(pasted);
    } catch {
      return this.sendWallet(request, reply, 400, undefined, { pasted, refusal: 'The presentation is not JSON.' });
    }
    if (typeof presentation !== 'object' || presentation === null || Array.isArray(presentation)) {
      return this.sendWallet(request, reply, 400, undefined, { pasted, refusal: 'The presentation must be a JSON object.' });
    }
    try {
      await this.linking.link(principal.accountId, presentation as Record<string, unknown>, actorOf(request, principal));
    } catch (error) {
      const status = error instanceof DomainError ? ERROR_STATUS[error.code as ErrorCode] : undefined;
      if (status === undefined || status >= 500) throw error;
      return this.sendWallet(request, reply, status, undefined, { pasted, refusal: (error as Error).message });
    }
    seeOther(reply, '/portal/wallet?notice=did_linked');
  }

  @Post('wallet/unlink')
  async unlinkWallet(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = principalOf(request);
    await this.linking.unlink(principal.accountId, actorOf(request, principal));
    seeOther(reply, '/portal/wallet?notice=did_unlinked');
  }

  private async sendWallet(
    request: PortalRequest,
    reply: FastifyReply,
    status: number,
    notice?: string,
    refused?: { pasted: string; refusal: string },
  ): Promise<void> {
    const principal = principalOf(request);
    const account = await this.accounts.findById(principal.accountId);
    if (!account) throw notFound('The account');
    const challenge = account.holderDid ? null : await this.linking.challenge(account.id);
    sendHtml(
      reply,
      status,
      renderWallet(pageContext(request, '/portal/wallet', notice), {
        holderDid: account.holderDid,
        linkedAt: account.holderDidBoundAt,
        challenge,
        ...(refused ?? {}),
      }),
    );
  }

  /** A new session for the account; the browser's previous one (if any) ends. */
  private async startSession(request: PortalRequest, reply: FastifyReply, accountId: string): Promise<void> {
    const previous = portalOf(request).session;
    if (previous) await this.sessions.end(previous.id);
    const session = await this.sessions.start(accountId);
    void reply.setCookie(this.cookie, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      expires: session.expiresAt,
    });
  }
}

function renderWelcomeGone(ctx: PageContext): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return renderMessagePage(ctx, { title: m.welcomeTitle, text: m.linkInvalid });
}

export function actorOf(request: PortalRequest, principal: Principal) {
  return { accountId: principal.accountId, requestId: request.id };
}

export async function qrDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
