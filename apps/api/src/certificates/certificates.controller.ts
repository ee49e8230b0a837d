import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZipFile } from 'yazl';
import type { Actor } from '@app/audit';
import {
  CERTIFICATE_LANGUAGE_CHOICES,
  CertificateService,
  parseCertificateLanguages,
  type CertificateLanguages,
} from '@app/certificates';
import { CoreError, notFound } from '@app/core';
import { CurrentPrincipal, Roles, SignedIn, type Principal } from '@app/identity';
import { IssuanceService } from '@app/issuance';
import { CurrentActor } from '../http/actor.decorator.js';
import { TemplateRequest, TemplateResponse } from './certificates.dto.js';

/** PDFs of a cohort rendered at a time: enough to keep every thread busy, few enough to stream. */
const ZIP_CHUNK = 16;

const languagesOf = (lang: string | undefined): CertificateLanguages | undefined => {
  if (lang === undefined || lang === '') return undefined;
  const parsed = parseCertificateLanguages(lang);
  if (!parsed) throw new CoreError('validation_failed', `lang must be one of ${CERTIFICATE_LANGUAGE_CHOICES.join(', ')}.`);
  return parsed;
};

/** A file name from a person's name: letters and digits of any script, the rest as hyphens. */
const fileNameOf = (name: string, id: string): string =>
  `${
    name
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'certificate'
  }-${id.slice(0, 8)}.pdf`;

/**
 * PDF certificates: a holder's own, a cohort's as a ZIP for its organisation's admins, and the
 * organisation's template (design, colours, logo, signatories) with a specimen preview.
 */
@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificateService,
    private readonly issuance: IssuanceService,
  ) {}

  @Get('credentials/:id/certificate')
  @SignedIn()
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'lang', required: false, enum: CERTIFICATE_LANGUAGE_CHOICES, description: 'The cohort’s choice when absent' })
  @ApiOperation({
    summary: 'The PDF certificate of a signed credential (its holder and the organisation’s admins)',
    description:
      'Rendered from the signed credential, which is attached to the PDF with its JWT. Byte-stable; the ETag names the credential, template and languages.',
  })
  async certificate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('lang') lang?: string,
  ): Promise<StreamableFile | undefined> {
    const languages = languagesOf(lang);
    const record = await this.issuance.get(id);
    const holder = record.accountId !== null && record.accountId === principal.accountId;
    if (!holder && !principal.hasRoleIn('org_admin', record.organisationId)) throw notFound('The credential');
    // A certificate says the credential holds: none is printed of one withdrawn (its signed
    // credential can still be downloaded and verified, and says so).
    if (record.state === 'revoked' || record.state === 'suspended') {
      throw new CoreError('conflict', `The credential is ${record.state}: no certificate is printed of it.`);
    }
    const rendered = await this.certificates.render(id, languages);
    void reply.header('etag', rendered.etag).header('cache-control', 'private, max-age=0, must-revalidate');
    if (request.headers['if-none-match'] === rendered.etag) {
      void reply.status(304);
      return undefined;
    }
    return new StreamableFile(rendered.pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="certificate-${id}.pdf"`,
      length: rendered.pdf.length,
    });
  }

  @Get('cohorts/:id/certificates')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiProduces('application/zip')
  @ApiQuery({ name: 'lang', required: false, enum: CERTIFICATE_LANGUAGE_CHOICES })
  @ApiOperation({
    summary: 'A ZIP of the PDF certificates of a cohort’s active credentials (the organisation’s admins)',
    description: 'Streamed as the certificates are rendered, on every core.',
  })
  async cohortCertificates(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) cohortId: string,
    @Query('lang') lang?: string,
  ): Promise<StreamableFile> {
    const languages = languagesOf(lang);
    const { organisationId, ids } = await this.certificates.credentialsOfCohort(cohortId);
    if (!principal.hasRoleIn('org_admin', organisationId)) {
      throw new CoreError('forbidden', 'Only the administrators of the cohort’s organisation download its certificates.');
    }
    // Rendering the first chunk before answering turns a failure there into a proper problem.
    const first = await this.certificates.renderByIds(ids.slice(0, ZIP_CHUNK), languages);
    const zip = new ZipFile();
    // yazl's stream is a Node Readable; its types name the web interface.
    const output = zip.outputStream as unknown as Readable;
    const add = (chunk: Awaited<ReturnType<CertificateService['renderByIds']>>) => {
      for (const c of chunk)
        zip.addBuffer(c.pdf, fileNameOf(c.learnerName, c.credentialId), { compress: false, mtime: new Date(0) });
    };
    add(first);
    void (async () => {
      try {
        for (let i = ZIP_CHUNK; i < ids.length; i += ZIP_CHUNK) {
          add(await this.certificates.renderByIds(ids.slice(i, i + ZIP_CHUNK), languages));
        }
        zip.end();
      } catch (error) {
        // Headers are sent: the client sees a truncated archive, which ZIP readers reject.
        output.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    })();
    return new StreamableFile(output, {
      type: 'application/zip',
      disposition: `attachment; filename="certificates-${cohortId}.zip"`,
    });
  }

  @Get('organisations/:id/certificate-template')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The organisation’s certificate template (the default one until it sets its own)' })
  @ApiOkResponse({ type: TemplateResponse })
  async template(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) organisationId: string,
  ): Promise<TemplateResponse> {
    this.assertAdmin(principal, organisationId);
    return TemplateResponse.from(await this.certificates.template(organisationId));
  }

  @Put('organisations/:id/certificate-template')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Set the certificate template: design (classic, modern), colours, logo and up to 3 signatories',
    description:
      'Images are PNG or JPEG in base64, at most 512 KB each; a template that cannot be drawn is refused (422). Sending the same template again changes nothing.',
  })
  @ApiOkResponse({ type: TemplateResponse })
  async setTemplate(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) organisationId: string,
    @Body() body: TemplateRequest,
  ): Promise<TemplateResponse> {
    this.assertAdmin(principal, organisationId);
    return TemplateResponse.from(await this.certificates.updateTemplate(actor, organisationId, body));
  }

  @Get('organisations/:id/certificate-template/preview')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'lang', required: false, enum: CERTIFICATE_LANGUAGE_CHOICES })
  @ApiOperation({ summary: 'A specimen certificate drawn with the organisation’s template' })
  async preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) organisationId: string,
    @Query('lang') lang?: string,
  ): Promise<StreamableFile> {
    this.assertAdmin(principal, organisationId);
    const pdf = await this.certificates.preview(organisationId, languagesOf(lang) ?? ['en']);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: 'inline; filename="specimen.pdf"',
      length: pdf.length,
    });
  }

  private assertAdmin(principal: Principal, organisationId: string): void {
    if (!principal.hasRoleIn('org_admin', organisationId)) {
      throw new CoreError('forbidden', 'Only the administrators of this organisation manage its certificates.');
    }
  }
}
