import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type {} from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CertificateService, certificateViewOf } from '@app/certificates';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/core';
import { Public } from '@app/identity';
import { IssuanceService, credentialIdOf, verificationUrl } from '@app/issuance';
import { VerificationService, linkedInAddToProfileUrl, type CredentialInput } from '@app/verification';
import { ERROR_STATUS, type ErrorCode } from '../http/error-status.js';
import { sendHtml } from '../http/html.js';
import { RATE_LIMIT_GROUPS, verifyLimit } from '../http/rate-limits.js';
import { PAGE_MESSAGES, pageLanguageOf, type PageLanguage } from './views/messages.js';
import { renderVerifyPage, type OpenGraph, type PageContext, type ResultProps } from './views/verify-page.js';

const RATE_LIMIT = { rateLimit: { max: verifyLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.verification } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The public verification page (HTML, no JavaScript needed): the QR code of a certificate and a
 * holder's share link lead to /verify/{id}; anyone can paste a credential or upload a PDF
 * certificate at /verify. A report is worked out afresh, or reused within VERIFY_REPORT_WINDOW_MS
 * (1 s by default) as VerificationService documents.
 */
@ApiExcludeController()
@Controller('verify')
export class VerifyPageController {
  private readonly baseUrl: string;
  private readonly maxPdfMegabytes: number;

  constructor(
    private readonly verification: VerificationService,
    private readonly issuance: IssuanceService,
    private readonly certificates: CertificateService,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
    this.maxPdfMegabytes = Math.floor(config.verification.maxPdfBytes / (1024 * 1024));
  }

  @Get()
  @Public()
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('lang') lang?: string): void {
    this.send(reply, 200, renderVerifyPage(this.context(request, lang, '/verify'), {}));
  }

  /** What the QR code and the share link open: the credential, while its holder shares it. */
  @Get(':id')
  @Public()
  @RouteConfig(RATE_LIMIT)
  async shared(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Query('lang') lang?: string,
  ): Promise<void> {
    const ctx = this.context(request, lang, `/verify/${encodeURIComponent(id)}`);
    const record = UUID.test(id) ? await this.issuance.get(id).catch(() => null) : null;
    // A withdrawn credential's state is told even when its holder does not share it (its QR code
    // is on a paper that someone holds), and nothing else of it.
    if (record && record.sharedAt === null && (record.state === 'revoked' || record.state === 'suspended')) {
      return this.send(
        reply,
        200,
        renderVerifyPage(ctx, { withdrawn: record.state, ...(record.replacedById !== null ? { replaced: true } : {}) }),
      );
    }
    // Not shared and not found read the same: the page does not tell whether a credential exists.
    if (!record || record.sharedAt === null || !['active', 'suspended', 'revoked'].includes(record.state)) {
      return this.send(reply, 404, renderVerifyPage(ctx, { notShared: true }));
    }
    const { document } = await this.issuance.signedForms(id);
    const result = await this.result({ format: 'ldp', credential: document });
    const m = PAGE_MESSAGES[ctx.lang];
    const view = result.view;
    const programme = view ? (view.programme[ctx.lang] ?? view.programme.default) : '';
    const organisation = result.report.issuer?.name?.[ctx.lang] ?? result.report.issuer?.name?.en ?? view?.organisationName ?? '';
    const url = verificationUrl(this.baseUrl, id);
    const og: OpenGraph = {
      title: view?.learnerName ? `${view.learnerName} · ${programme}` : programme,
      description: `${m.outcome[result.report.outcome].title} · ${organisation}`,
      url,
    };
    // Only a credential in force is offered for a profile.
    const linkedInUrl =
      result.report.outcome === 'valid'
        ? linkedInAddToProfileUrl({
            name: programme,
            organisationName: organisation,
            issuedAt: record.issuedAt,
            validUntil: record.validUntil,
            certUrl: url,
            certId: id,
          })
        : undefined;
    this.send(reply, 200, renderVerifyPage(ctx, { result: { ...result, linkedInUrl }, og }));
  }

  /** The paste form (application/x-www-form-urlencoded, field `credential`). */
  @Post()
  @Public()
  @RouteConfig(RATE_LIMIT)
  async pasted(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('lang') lang?: string): Promise<void> {
    const ctx = this.context(request, lang, '/verify');
    const body = request.body as Record<string, unknown> | undefined;
    const text = typeof body?.['credential'] === 'string' ? body['credential'] : '';
    try {
      const result = await this.result(this.verification.parse(text));
      this.send(reply, 200, renderVerifyPage(ctx, { result, pasted: text }));
    } catch (error) {
      this.refuse(reply, ctx, error, text);
    }
  }

  /** The upload form (multipart/form-data, one PDF in field `file`). */
  @Post('pdf')
  @Public()
  @RouteConfig(RATE_LIMIT)
  async uploaded(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('lang') lang?: string): Promise<void> {
    const ctx = this.context(request, lang, '/verify');
    try {
      if (!request.isMultipart()) throw new DomainError('unsupported_media_type', 'Send the PDF as multipart/form-data.');
      const bytes = await readUpload(request);
      const result = await this.result(await this.verification.parsePdf(bytes));
      this.send(reply, 200, renderVerifyPage(ctx, { result: { ...result, fromPdf: true } }));
    } catch (error) {
      this.refuse(reply, ctx, error);
    }
  }

  private async result(input: CredentialInput): Promise<ResultProps> {
    const report = await this.verification.verify(input);
    // Details are shown of a credential whose signature holds (the page says "not valid" of any
    // other, without repeating what it claims).
    const signed = report.results.some((r) => r.name === 'signature' && r.result === 'passed');
    const credential = signed ? report.credential : undefined;
    const competencyNames = credential ? await this.certificates.competencyNames([credential]) : new Map();
    // A replacement is linked to by its public page, when its holder shares it (its id, a URL of
    // the API, is not for the public).
    const replacementId = report.registry?.replacedBy ? credentialIdOf(this.baseUrl, report.registry.replacedBy) : undefined;
    const replacement = replacementId ? await this.issuance.get(replacementId).catch(() => null) : null;
    // (Signed and shared: a replacement still queued or awaiting approval has no page yet.)
    const replacementPage =
      replacement && replacement.sharedAt !== null && ['active', 'suspended', 'revoked'].includes(replacement.state)
        ? verificationUrl(this.baseUrl, replacement.id)
        : undefined;
    return {
      report,
      view: credential ? certificateViewOf(credential, competencyNames) : null,
      competencyNames,
      replacementPage,
    };
  }

  /** Bad input on the page: the form again with what was wrong, and the matching 4xx status. */
  private refuse(reply: FastifyReply, ctx: PageContext, error: unknown, pasted?: string): void {
    const status = statusOf(error);
    if (status === undefined) throw error;
    const message = error instanceof Error ? error.message : 'The request could not be read.';
    this.send(reply, status, renderVerifyPage(ctx, { error: { status, message }, ...(pasted !== undefined ? { pasted } : {}) }));
  }

  private context(request: FastifyRequest, lang: string | undefined, path: string): PageContext {
    const language: PageLanguage = pageLanguageOf(lang, request.headers['accept-language']);
    return { lang: language, path, maxPdfMegabytes: this.maxPdfMegabytes };
  }

  private send(reply: FastifyReply, status: number, html: string): void {
    sendHtml(reply, status, html);
  }
}

/** The paths of the verification page (the form, its posts, shared links), with or without a query. */
const PAGE_PATH = /^\/verify(?:[/?]|$)/;

/**
 * A 4xx met before the page's handler could answer (the rate limit, a link Fastify could not
 * read, one too long): people read the page, so it is the page with what was wrong, in their
 * language, not a problem document. False for any other path or status.
 */
export function sendVerifyPageProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; detail?: string | undefined },
  maxPdfBytes: number,
): boolean {
  if (problem.status < 400 || problem.status >= 500 || !PAGE_PATH.test(request.url)) return false;
  // From the URL itself: a request the router could not read has no parsed query.
  const lang = new URLSearchParams(request.url.split('?')[1] ?? '').get('lang') ?? undefined;
  const ctx: PageContext = {
    lang: pageLanguageOf(lang, request.headers['accept-language']),
    path: '/verify',
    maxPdfMegabytes: Math.floor(maxPdfBytes / (1024 * 1024)),
  };
  if (problem.status === 404) {
    // No such page under /verify (a link cut or added to): as for a credential not shared.
    sendHtml(reply, 404, renderVerifyPage(ctx, { notShared: true }));
    return true;
  }
  const message = problem.detail ?? 'The request could not be read.';
  sendHtml(reply, problem.status, renderVerifyPage(ctx, { error: { status: problem.status, message } }));
  return true;
}

/** The 4xx of an error the caller caused; undefined for anything else (then it is ours: 5xx). */
function statusOf(error: unknown): number | undefined {
  const status =
    error instanceof DomainError ? ERROR_STATUS[error.code as ErrorCode] : (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** The one uploaded file; a broken multipart body is the caller's (400), a too-large one 413. */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  try {
    const part = await request.file();
    if (!part) throw new DomainError('malformed_request', 'No file was sent.');
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof DomainError || statusOf(error) !== undefined) throw error;
    throw new DomainError('malformed_request', 'The upload could not be read as multipart/form-data.');
  }
}
