import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CatalogueService, CatalogueWriter, UNESCO_AI_CFT_SLUG } from '@app/catalogue';
import { DomainError, notFound, pickText } from '@app/core';
import { Public, type Principal } from '@app/identity';
import { IssuanceService } from '@app/issuance';
import { LearningService } from '@app/learning';
import { KeyStore } from '@app/signing';
import { AuditLog } from '@app/audit';
import { CreateProgrammeRequest } from '../catalogue/catalogue-write.dto.js';
import { ERROR_STATUS, type ErrorCode } from '../http/error-status.js';
import { actorOf, pageContext } from './portal.controller.js';
import {
  PortalFilter,
  PortalGuard,
  portalOf,
  principalOf,
  seeOther,
  sendHtml,
  formOf,
  isDay,
  type PortalRequest,
} from './portal-http.js';
import { PortalQueries } from './portal-queries.js';
import {
  renderAdmin,
  renderAudit,
  renderCohortForm,
  renderProgrammeForm,
  type AdminOrganisationView,
  type FormProblem,
  type PageContext,
} from './views/portal-views.js';
import { PORTAL_MESSAGES } from './views/portal-messages.js';
import { PortalRefusal } from './portal-refusal.js';

const STATUS_ACTIONS = ['approve', 'reject', 'revoke', 'suspend', 'reinstate', 'reissue'] as const;

/**
 * Organisation administrators: programmes (modules, hours, AI CFT alignments, rules), cohorts,
 * pending approvals, a credential's status (revoke, suspend, reinstate, re-issue, with a reason),
 * key rotation and the audit log. Platform admins see every organisation.
 */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseFilters(PortalFilter)
@Controller('portal')
export class PortalAdminController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly writer: CatalogueWriter,
    private readonly learning: LearningService,
    private readonly issuance: IssuanceService,
    private readonly keys: KeyStore,
    private readonly audit: AuditLog,
    private readonly queries: PortalQueries,
  ) {}

  @Get('admin')
  async admin(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Query('notice') notice?: string): Promise<void> {
    const principal = principalOf(request);
    const lang = portalOf(request).lang;
    const ids = principal.isPlatformAdmin
      ? 'all'
      : principal.grants.filter((g) => g.role === 'org_admin' && g.organisationId).map((g) => g.organisationId!);
    if (ids !== 'all' && ids.length === 0) throw notFound('The page');
    const views: AdminOrganisationView[] = [];
    for (const organisation of await this.queries.organisations(ids, lang)) {
      views.push({
        ...organisation,
        did: await this.keys.issuerDidOf(await this.catalogue.getOrganisation(organisation.id)),
        programmes: await this.queries.programmes(organisation.id, lang),
        cohorts: await this.queries.cohortsOfOrganisation(organisation.id, lang),
        pending: await this.queries.credentials({ organisationId: organisation.id, states: ['awaiting_approval'] }, lang),
        recent: await this.queries.credentials({ organisationId: organisation.id, limit: 50 }, lang),
      });
    }
    sendHtml(reply, 200, renderAdmin(pageContext(request, '/portal/admin', notice), views));
  }

  @Get('admin/:orgId/programmes/new')
  async programmeForm(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('orgId', ParseUUIDPipe) orgId: string) {
    const principal = principalOf(request);
    this.adminOf(principal, orgId);
    sendHtml(reply, 200, await this.programmePage(request, orgId));
  }

  /** A programme from the form; a refused one shows the form again with what was wrong, and changes nothing. */
  @Post('admin/:orgId/programmes')
  async createProgramme(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('orgId', ParseUUIDPipe) orgId: string) {
    const principal = principalOf(request);
    this.adminOf(principal, orgId);
    const form = formOf(request);
    const retry = async (message: string, details: string[] = []) =>
      sendHtml(reply, 400, await this.programmePage(request, orgId, form, { message, details }));
    const parsed = parseModules(form['modules'] ?? '');
    if (typeof parsed === 'string') return retry(parsed);
    const body = {
      slug: (form['slug'] ?? '').trim(),
      name: texts(form['nameEn'], form['nameFr'], form['nameAr']),
      description: { en: (form['description'] ?? '').trim() },
      criteria: { en: (form['criteria'] ?? '').trim() },
      achievementType: form['achievementType'],
      minAttendancePercent: Number(form['minAttendancePercent']),
      passMark: Number(form['passMark']),
      issuanceMode: form['issuanceMode'],
      ...(form['requiredTrainerProgrammeId'] ? { requiredTrainerProgrammeId: form['requiredTrainerProgrammeId'] } : {}),
      modules: parsed,
    };
    const dto = plainToInstance(CreateProgrammeRequest, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) return retry('Some fields are missing or not valid.', flatten(errors));
    const { slug, ...content } = dto;
    try {
      await this.writer.createProgramme(actorOf(request, principal), orgId, slug, content);
    } catch (error) {
      if (error instanceof DomainError && ERROR_STATUS[error.code as ErrorCode] < 500) return retry(error.message);
      throw error;
    }
    seeOther(reply, '/portal/admin?notice=programme_created');
  }

  @Get('admin/:orgId/cohorts/new')
  async cohortForm(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('orgId', ParseUUIDPipe) orgId: string) {
    const principal = principalOf(request);
    this.adminOf(principal, orgId);
    sendHtml(reply, 200, await this.cohortPage(request, orgId));
  }

  @Post('admin/:orgId/cohorts')
  async createCohort(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('orgId', ParseUUIDPipe) orgId: string) {
    const principal = principalOf(request);
    this.adminOf(principal, orgId);
    const form = formOf(request);
    const retry = async (message: string) =>
      sendHtml(reply, 400, await this.cohortPage(request, orgId, form, { message, details: [] }));
    // The form's own checks, said in the page's language.
    const refusals = PORTAL_MESSAGES[portalOf(request).lang].refusals;
    const refuse = async (say: (r: typeof refusals) => string) =>
      sendHtml(
        reply,
        400,
        await this.cohortPage(request, orgId, form, { message: say(refusals), details: [], translated: true }),
      );
    const programmes = await this.queries.programmes(orgId, 'en');
    const programmeId = form['programmeId'] ?? '';
    if (!programmes.some((p) => p.id === programmeId)) return refuse((r) => r.cohortProgramme);
    const name = (form['name'] ?? '').trim();
    if (!name || name.length > 200) return refuse((r) => r.cohortName);
    if (!isDay(form['startsOn']) || !isDay(form['endsOn'])) return refuse((r) => r.cohortDates);
    const mode = form['mode'];
    if (mode !== 'in_person' && mode !== 'online' && mode !== 'blended') return refuse((r) => r.cohortMode);
    const language = form['language'];
    if (language !== 'en' && language !== 'fr' && language !== 'ar') return refuse((r) => r.cohortLanguage);
    let cohortId: string;
    try {
      cohortId = (
        await this.learning.createCohort(actorOf(request, principal), {
          programmeId,
          name,
          startsOn: form['startsOn'],
          endsOn: form['endsOn'],
          mode,
          language,
          place: (form['place'] ?? '').trim() || null,
        })
      ).id;
    } catch (error) {
      if (error instanceof DomainError && ERROR_STATUS[error.code as ErrorCode] < 500) return retry(error.message);
      throw error;
    }
    seeOther(reply, `/portal/cohorts/${cohortId}?notice=cohort_created`);
  }

  @Post('admin/:orgId/keys/rotate')
  async rotate(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('orgId', ParseUUIDPipe) orgId: string) {
    const principal = principalOf(request);
    this.adminOf(principal, orgId);
    await this.catalogue.getOrganisation(orgId);
    await this.keys.rotate(actorOf(request, principal), orgId);
    seeOther(reply, '/portal/admin?notice=key_rotated');
  }

  @Get('admin/:orgId/audit')
  async auditLog(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('orgId', ParseUUIDPipe) orgId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const principal = principalOf(request);
    this.adminOf(principal, orgId);
    const filter: Record<string, string> = {};
    for (const key of ['action', 'from', 'to']) {
      const value = query[key];
      if (typeof value === 'string' && value.trim()) filter[key] = value.trim().slice(0, 100);
    }
    if ((filter['from'] && !isDay(filter['from'])) || (filter['to'] && !isDay(filter['to']))) {
      throw new PortalRefusal('validation_failed', (r) => r.auditDates);
    }
    const events = await this.audit.find({
      organisationId: orgId,
      limit: 200,
      ...(filter['action'] ? { action: filter['action'] } : {}),
      ...(filter['from'] ? { from: new Date(`${filter['from']}T00:00:00Z`) } : {}),
      ...(filter['to'] ? { to: new Date(new Date(`${filter['to']}T00:00:00Z`).getTime() + 86_400_000) } : {}),
    });
    const names = await this.queries.accountNames([...new Set(events.map((e) => e.actorId).filter((id): id is string => !!id))]);
    const [organisation] = await this.queries.organisations([orgId], portalOf(request).lang);
    const search = new URLSearchParams(filter).toString();
    sendHtml(
      reply,
      200,
      renderAudit(pageContext(request, `/portal/admin/${orgId}/audit${search ? `?${search}` : ''}`), {
        organisationId: orgId,
        organisationName: organisation?.name ?? '',
        filter,
        rows: events.map((e) => ({
          at: e.occurredAt,
          action: e.action,
          actor: e.actorId ? (names.get(e.actorId) ?? e.actorId) : 'system',
          entity: `${e.entityType} ${e.entityId}`,
        })),
      }),
    );
  }

  /** Approve, reject, revoke, suspend, reinstate or re-issue, with the reason kept in the audit log. */
  @Post('credentials/:id/status')
  async status(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const principal = principalOf(request);
    const record = await this.issuance.get(id);
    if (!principal.hasRoleIn('org_admin', record.organisationId)) throw notFound('The credential');
    const form = formOf(request);
    const action = form['action'] as (typeof STATUS_ACTIONS)[number] | undefined;
    if (!action || !STATUS_ACTIONS.includes(action)) throw new PortalRefusal('validation_failed', (r) => r.chooseAction);
    const reason = (form['reason'] ?? '').trim();
    if (action !== 'approve' && (reason.length < 3 || reason.length > 500)) {
      throw new PortalRefusal('validation_failed', (r) => r.statusReason);
    }
    const actor = actorOf(request, principal);
    const result =
      action === 'approve'
        ? await this.issuance.approve(actor, id)
        : action === 'reject'
          ? await this.issuance.reject(actor, id, reason)
          : action === 'revoke'
            ? await this.issuance.revoke(actor, id, reason)
            : action === 'suspend'
              ? await this.issuance.suspend(actor, id, reason)
              : action === 'reinstate'
                ? await this.issuance.reinstate(actor, id, reason)
                : await this.issuance.reissue(actor, id, reason);
    seeOther(reply, `/portal/credentials/${result.id}?notice=status_changed`);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private adminOf(principal: Principal, organisationId: string): void {
    if (!principal.hasRoleIn('org_admin', organisationId)) throw notFound('The organisation');
  }

  private async programmePage(
    request: PortalRequest,
    orgId: string,
    values?: Record<string, string | undefined>,
    error?: FormProblem,
  ): Promise<string> {
    const ctx: PageContext = pageContext(request, `/portal/admin/${orgId}/programmes/new`);
    const framework = await this.catalogue.getFramework(UNESCO_AI_CFT_SLUG);
    const [organisation] = await this.queries.organisations([orgId], ctx.lang);
    return renderProgrammeForm(ctx, {
      organisationId: orgId,
      organisationName: organisation?.name ?? '',
      programmes: await this.queries.programmes(orgId, ctx.lang),
      competencies: framework.competencies
        .map((c) => ({ code: c.code, name: pickText(c.name, ctx.lang) }))
        .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true })),
      ...(values ? { values: defined(values) } : {}),
      ...(error ? { error } : {}),
    });
  }

  private async cohortPage(
    request: PortalRequest,
    orgId: string,
    values?: Record<string, string | undefined>,
    error?: FormProblem,
  ): Promise<string> {
    const ctx = pageContext(request, `/portal/admin/${orgId}/cohorts/new`);
    const [organisation] = await this.queries.organisations([orgId], ctx.lang);
    return renderCohortForm(ctx, {
      organisationId: orgId,
      organisationName: organisation?.name ?? '',
      programmes: await this.queries.programmes(orgId, ctx.lang),
      ...(values ? { values: defined(values) } : {}),
      ...(error ? { error } : {}),
    });
  }
}

/** Module lines: "code; title; hours; competencies; assessed". A message when a line is not right. */
function parseModules(text: string): object[] | string {
  const modules: object[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const [code, title, hours, competencies, assessed] = line.split(';').map((s) => s.trim());
    if (!code || !title || !hours) return `Module line ${i + 1} needs at least: code; title; hours.`;
    if (assessed && assessed.toLowerCase() !== 'assessed') return `Module line ${i + 1}: the fifth part can only be "assessed".`;
    modules.push({
      code,
      title: { en: title },
      contactHours: Number(hours.replace(',', '.')),
      ...(competencies ? { competencies: competencies.split(/[\s,]+/).filter(Boolean) } : {}),
      ...(assessed ? { assessed: true } : {}),
    });
  }
  return modules.length ? modules : 'Give at least one module.';
}

function texts(en?: string, fr?: string, ar?: string): Record<string, string> {
  return {
    en: (en ?? '').trim(),
    ...(fr?.trim() ? { fr: fr.trim() } : {}),
    ...(ar?.trim() ? { ar: ar.trim() } : {}),
  };
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = `${parent}${parent ? '.' : ''}${e.property}`;
    return [...Object.values(e.constraints ?? {}).map((d) => `${path}: ${d}`), ...flatten(e.children ?? [], path)];
  });
}

function defined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
