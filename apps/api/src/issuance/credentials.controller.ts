import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@app/audit';
import { AppConfig } from '@app/config';
import { inConventionalOrder } from '@app/credentials';
import { CoreError, notFound } from '@app/core';
import { CurrentPrincipal, Public, Roles, SignedIn, type Principal } from '@app/identity';
import {
  CREDENTIAL_STATES,
  IssuanceService,
  StatusPublisher,
  verificationUrl,
  type CredentialState,
  type IssuedCredential,
} from '@app/issuance';
import { certificateViewOf } from '@app/certificates';
import { linkedInAddToProfileUrl } from '@app/verification';
import { KeyStore } from '@app/signing';
import { CurrentActor } from '../http/actor.decorator.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { RATE_LIMIT_GROUPS, statusListLimit } from '../http/rate-limits.js';
import {
  CredentialSummary,
  IssueRequest,
  ReasonRequest,
  SharingRequest,
  SharingState,
  UpdateStatusRequest,
} from './credentials.dto.js';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'Retry safely' };

/**
 * Credentials: the VC-API endpoints (issue, verify, status) for authorised clients, the
 * administration of issued credentials, the holders' downloads, and the public status lists.
 */
@ApiTags('credentials')
@Controller()
export class CredentialsController {
  private readonly baseUrl: string;

  constructor(
    private readonly issuance: IssuanceService,
    private readonly publisher: StatusPublisher,
    private readonly keys: KeyStore,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  // ---- VC-API ------------------------------------------------------------------------------

  @Post('credentials/issue')
  @Roles('org_admin')
  @Idempotent()
  @ApiBearerAuth()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'VC-API: issue any VC 2.0 credential as one of your organisations (201 {verifiableCredential})',
    description:
      'The issuer must be the DID (did:web, or did:key of its active key) of an organisation you administer. The service adds the id (unless given: a given id is kept, and names one credential only) and status entries (one of purpose suspension for an Open Badge, which revoking sets for good; revocation and suspension for any other credential), and signs with Data Integrity eddsa-rdfc-2022. 400 for a malformed body, 409 for an id already issued, 422 for a credential that cannot be issued.',
  })
  async issue(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() body: IssueRequest,
  ): Promise<{ verifiableCredential: Record<string, unknown> }> {
    const issuer = body.credential['issuer'];
    const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id;
    const organisation = typeof issuerId === 'string' ? await this.keys.organisationOfIssuer(issuerId) : undefined;
    if (!organisation) {
      throw new CoreError(
        'unprocessable',
        `"issuer" must be the DID (did:web, or did:key of its active key) of one of this service's organisations.`,
      );
    }
    if (!principal.hasRoleIn('org_admin', organisation.id)) {
      throw new CoreError('forbidden', 'Only the administrators of this organisation issue in its name.');
    }
    const { document } = await this.issuance.issueFromApi(actor, organisation, body.credential);
    // In the conventional order (`@context` first, `proof` last), as downloads and replays give it.
    return { verifiableCredential: inConventionalOrder(document) };
  }

  @Post('credentials/status')
  @Roles('org_admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'VC-API: change a credential’s status: revoke (for good), suspend, or reinstate a suspension',
    description:
      'credentialStatus: [{type: BitstringStatusListEntry, statusPurpose: revocation|suspension, status: true|false}]. Revocation cannot be undone (409).',
  })
  @ApiOkResponse({ type: CredentialSummary })
  async updateStatus(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() body: UpdateStatusRequest,
  ): Promise<CredentialSummary> {
    // This service's URL of the credential, its record's id, or the id its API client gave it.
    const found = await this.issuance.findByCredentialId(body.credentialId);
    if (!found) throw notFound('The credential');
    const id = found.id;
    await this.assertAdminOfCredential(principal, id);
    const change = body.credentialStatus;
    const [{ statusPurpose, status }] = change as [(typeof change)[number]];
    let record;
    if (statusPurpose === 'revocation' && status) record = await this.issuance.revoke(actor, id, body.reason);
    else if (statusPurpose === 'revocation') throw new CoreError('conflict', 'A revocation cannot be undone.');
    else if (status) record = await this.issuance.suspend(actor, id, body.reason);
    else record = await this.issuance.reinstate(actor, id, body.reason);
    return this.summary(record);
  }

  // ---- Administration ----------------------------------------------------------------------

  @Get('organisations/:id/credentials')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiQuery({ name: 'state', required: false, enum: CREDENTIAL_STATES, isArray: true })
  @ApiQuery({ name: 'needsReview', required: false, type: Boolean })
  @ApiOperation({
    summary:
      'The organisation’s credentials, newest first (filter by state, e.g. awaiting_approval, or needsReview=true: issued, but the records were corrected since and no longer meet the rules)',
  })
  @ApiOkResponse({ type: [CredentialSummary] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) organisationId: string,
    @Query('state') state?: string | string[],
    @Query('needsReview') needsReview?: string,
  ): Promise<CredentialSummary[]> {
    if (needsReview !== undefined && needsReview !== 'true' && needsReview !== 'false') {
      throw new CoreError('validation_failed', 'needsReview must be true or false.');
    }
    if (!principal.hasRoleIn('org_admin', organisationId)) {
      throw new CoreError('forbidden', 'Only the administrators of this organisation see its credentials.');
    }
    const states = (state === undefined ? [] : Array.isArray(state) ? state : state.split(',')).map((s) => s.trim());
    const unknown = states.filter((s) => !(CREDENTIAL_STATES as readonly string[]).includes(s));
    if (unknown.length) throw new CoreError('validation_failed', `Unknown state(s): ${unknown.join(', ')}.`);
    const list = await this.issuance.list({ organisationId, states: states as CredentialState[] });
    const review = await this.issuance.needingReview(list);
    return list
      .filter((c) => needsReview === undefined || review.has(c.id) === (needsReview === 'true'))
      .map((c) => CredentialSummary.from(c, this.baseUrl, review.has(c.id)));
  }

  @Get('credentials/:id/record')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Where a credential stands (its holder and the organisation’s admins)' })
  @ApiOkResponse({ type: CredentialSummary })
  async record(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CredentialSummary> {
    const record = await this.readable(principal, id);
    return this.summary(record);
  }

  @Post('credentials/:id/approval')
  @Roles('org_admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Approve a credential awaiting approval: it is queued for signing' })
  @ApiOkResponse({ type: CredentialSummary })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CredentialSummary> {
    await this.assertAdminOfCredential(principal, id);
    return this.summary(await this.issuance.approve(actor, id));
  }

  @Post('credentials/:id/rejection')
  @Roles('org_admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reject a credential awaiting approval, with a reason' })
  @ApiOkResponse({ type: CredentialSummary })
  async reject(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonRequest,
  ): Promise<CredentialSummary> {
    await this.assertAdminOfCredential(principal, id);
    return this.summary(await this.issuance.reject(actor, id, body.reason));
  }

  @Post('credentials/:id/revocation')
  @Roles('org_admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke for good, with a reason (kept in the audit log)' })
  @ApiOkResponse({ type: CredentialSummary })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonRequest,
  ): Promise<CredentialSummary> {
    await this.assertAdminOfCredential(principal, id);
    return this.summary(await this.issuance.revoke(actor, id, body.reason));
  }

  @Post('credentials/:id/suspension')
  @Roles('org_admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Suspend, with a reason; verifiers see it suspended until it is reinstated' })
  @ApiOkResponse({ type: CredentialSummary })
  async suspend(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonRequest,
  ): Promise<CredentialSummary> {
    await this.assertAdminOfCredential(principal, id);
    return this.summary(await this.issuance.suspend(actor, id, body.reason));
  }

  @Post('credentials/:id/reinstatement')
  @Roles('org_admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reinstate a suspended credential, with a reason' })
  @ApiOkResponse({ type: CredentialSummary })
  async reinstate(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonRequest,
  ): Promise<CredentialSummary> {
    await this.assertAdminOfCredential(principal, id);
    return this.summary(await this.issuance.reinstate(actor, id, body.reason));
  }

  @Post('credentials/:id/reissue')
  @Roles('org_admin')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Re-issue (a corrected name, a renewal): the credential is revoked and a new one, linked to it, is queued',
  })
  @ApiOkResponse({ type: CredentialSummary })
  async reissue(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReasonRequest,
  ): Promise<CredentialSummary> {
    await this.assertAdminOfCredential(principal, id);
    return this.summary(await this.issuance.reissue(actor, id, body.reason));
  }

  // ---- Holders -----------------------------------------------------------------------------

  @Get('me/credentials')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My credentials (every state), newest first' })
  @ApiOkResponse({ type: [CredentialSummary] })
  async mine(@CurrentPrincipal() principal: Principal): Promise<CredentialSummary[]> {
    const mine = await this.issuance.list({ accountId: principal.accountId });
    const review = await this.issuance.needingReview(mine);
    return mine.map((c) => CredentialSummary.from(c, this.baseUrl, review.has(c.id)));
  }

  @Get('credentials/:id')
  @SignedIn()
  @ApiBearerAuth()
  @ApiQuery({ name: 'format', required: false, enum: ['ldp', 'jwt'] })
  @ApiQuery({ name: 'download', required: false, type: Boolean })
  @ApiOperation({
    summary: 'The signed credential: JSON-LD with a Data Integrity proof (format=ldp, default) or JWT (format=jwt)',
    description: 'For its holder and the organisation’s admins. download=true adds Content-Disposition: attachment.',
  })
  async signed(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('format') format = 'ldp',
    @Query('download') download?: string,
  ): Promise<Record<string, unknown> | string> {
    if (format !== 'ldp' && format !== 'jwt') throw new CoreError('validation_failed', 'format must be ldp or jwt.');
    await this.readable(principal, id);
    const forms = await this.issuance.signedForms(id);
    const attachment = download === 'true' || download === '1';
    if (format === 'jwt') {
      if (!forms.jwt) throw notFound('A JWT form of this credential');
      void reply.header('content-type', forms.record.jwtProfile === 'vc+jwt' ? 'application/vc+jwt' : 'application/jwt');
      if (attachment) void reply.header('content-disposition', `attachment; filename="credential-${id}.jwt"`);
      return forms.jwt;
    }
    void reply.header('content-type', 'application/vc+ld+json');
    if (attachment) void reply.header('content-disposition', `attachment; filename="credential-${id}.json"`);
    return forms.document;
  }

  @Get('credentials/:id/sharing')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether I share my credential, its public page and a LinkedIn "add to profile" link (holder only)' })
  @ApiOkResponse({ type: SharingState })
  async sharing(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SharingState> {
    return this.sharingState(await this.holderOnly(principal, id));
  }

  @Put('credentials/:id/sharing')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Share my credential (its public page, the QR code’s link, shows it) or stop sharing (holder only)',
    description:
      'While not shared, /verify/{id} says only that the credential is not shared (or, once revoked or suspended, only that); anyone the holder gives the credential or PDF can still verify it. Setting the same value twice changes nothing.',
  })
  @ApiOkResponse({ type: SharingState })
  async setSharing(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SharingRequest,
  ): Promise<SharingState> {
    await this.holderOnly(principal, id);
    return this.sharingState(await this.issuance.setSharing(actor, id, body.shared));
  }

  // ---- Status lists (public) ---------------------------------------------------------------

  @Get('status-lists/:id')
  @Public()
  @RouteConfig({ rateLimit: { max: statusListLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.statusLists } })
  @ApiOperation({
    summary: 'A status list credential (BitstringStatusListCredential), signed by its organisation',
    description: 'Cached for 60 seconds; ETag and If-None-Match for cheap revalidation.',
  })
  async statusList(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown> | undefined> {
    const published = await this.publisher.published(id);
    const etag = `"${published.listId}.${published.revision}"`;
    void reply
      .header('content-type', 'application/vc+ld+json')
      .header('cache-control', 'public, max-age=60, must-revalidate')
      .header('etag', etag)
      .header('last-modified', published.updatedAt.toUTCString());
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304);
      return undefined;
    }
    return published.credential;
  }

  /** A credential's summary, with whether it needs the organisation's review. */
  private async summary(record: IssuedCredential): Promise<CredentialSummary> {
    return CredentialSummary.from(record, this.baseUrl, (await this.issuance.needingReview([record])).has(record.id));
  }

  private async readable(principal: Principal, id: string) {
    const record = await this.issuance.get(id);
    const holder = record.accountId !== null && record.accountId === principal.accountId;
    if (!holder && !principal.hasRoleIn('org_admin', record.organisationId)) throw notFound('The credential');
    return record;
  }

  /** Sharing is the holder's decision alone (not the organisation's admins'). */
  private async holderOnly(principal: Principal, id: string) {
    const record = await this.issuance.get(id);
    if (record.accountId === null || record.accountId !== principal.accountId) throw notFound('The credential');
    return record;
  }

  private async sharingState(record: Awaited<ReturnType<IssuanceService['get']>>): Promise<SharingState> {
    const url = verificationUrl(this.baseUrl, record.id);
    let linkedInUrl: string | null = null;
    // Offered for a credential in force whose page is public (LinkedIn shows and checks certUrl).
    if (record.state === 'active' && record.sharedAt !== null) {
      const { document } = await this.issuance.signedForms(record.id);
      const view = certificateViewOf(document);
      linkedInUrl = linkedInAddToProfileUrl({
        name: view.programme.default,
        organisationName: view.organisationName,
        issuedAt: record.issuedAt,
        validUntil: record.validUntil,
        certUrl: url,
        certId: record.id,
      });
    }
    return {
      shared: record.sharedAt !== null,
      sharedAt: record.sharedAt?.toISOString() ?? null,
      verificationUrl: url,
      linkedInUrl,
    };
  }

  /**
   * Only the issuing organisation's admins manage a credential. Whoever cannot even read it is
   * told it was not found, as a read would (nobody learns which credential ids exist); its holder
   * is told they may not.
   */
  private async assertAdminOfCredential(principal: Principal, id: string): Promise<void> {
    const record = await this.issuance.get(id);
    if (principal.hasRoleIn('org_admin', record.organisationId)) return;
    if (record.accountId === null || record.accountId !== principal.accountId) throw notFound('The credential');
    throw new CoreError('forbidden', 'Only the administrators of the issuing organisation manage its credentials.');
  }
}
