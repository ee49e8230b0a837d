import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '@app/config';
import { DomainError, notFound } from '@app/core';
import { AccountsService, Public, SIGN_IN_LINK_DAYS, WebSessionsService, type Principal } from '@app/identity';
import {
  CSV_COLUMNS,
  LearningError,
  LearningService,
  RecordImporter,
  type Cohort,
  type ImportReport,
  type ParticipantInput,
} from '@app/learning';
import { actorOf, pageContext, qrDataUrl } from './portal.controller.js';
import {
  PortalFilter,
  PortalGuard,
  portalOf,
  principalOf,
  readMultipart,
  seeOther,
  sendHtml,
  formOf,
  MultipartForm,
  isDay,
  type PortalRequest,
} from './portal-http.js';
import { NOT_BLANK } from '../learning/learning.dto.js';
import { PortalQueries } from './portal-queries.js';
import { PortalRefusal } from './portal-refusal.js';
import { PORTAL_MESSAGES } from './views/portal-messages.js';
import {
  renderCohort,
  renderCohorts,
  renderImportReport,
  renderRecords,
  renderSheet,
  renderSignInLink,
} from './views/portal-views.js';

const EVIDENCE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};
const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** Hours of a class or of attendance: quarter hours up to a day (0 means absent on a sheet). */
const isHours = (hours: number): boolean =>
  // Times 4, not 100: 2.3 * 100 is 229.99999999999997, and 2.1 * 100 is 210.00000000000003.
  Number.isFinite(hours) && hours >= 0.25 && hours <= 24 && Number.isInteger(hours * 4);
/** Why a record is withdrawn or corrected, as typed in its form: 3 to 500 characters that say something. */
const reasonOf = (form: Record<string, string | undefined>, done: 'withdrawn' | 'corrected'): string => {
  const reason = (form['reason'] ?? '').trim();
  if (!NOT_BLANK.test(reason) || reason.length > 500) {
    throw new PortalRefusal('validation_failed', (r) => r.reasonMissing(done));
  }
  return reason;
};
/** A value typed in a form as plain decimal digits (no exponent, sign or hexadecimal), or NaN. */
const decimalOf = (text: string | undefined, pattern: RegExp): number => {
  const trimmed = (text ?? '').trim();
  return pattern.test(trimmed) ? Number(trimmed) : Number.NaN;
};

/** One CSV cell: quoted when it has to be, so that names and notes never change the columns. */
const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The trainers' pages: their cohorts, each participant's progress and unmet conditions, a class's
 * attendance sheet, module completions and scores, CSV import with its row-level report, evidence
 * files, enrolment, and one-time sign-in links for participants. Admins of the organisation see
 * the same pages and assign trainers. Anyone else gets "not found".
 */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseFilters(PortalFilter)
@Controller('portal/cohorts')
export class PortalCohortsController {
  private readonly baseUrl: string;

  constructor(
    private readonly learning: LearningService,
    private readonly importer: RecordImporter,
    private readonly accounts: AccountsService,
    private readonly sessions: WebSessionsService,
    private readonly queries: PortalQueries,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  @Get()
  async list(@Req() request: PortalRequest, @Res() reply: FastifyReply): Promise<void> {
    const principal = principalOf(request);
    const cohorts = await this.learning.cohortsVisibleTo(principal);
    const items = await this.queries.cohortsByIds(
      cohorts.map((c) => c.id),
      portalOf(request).lang,
    );
    sendHtml(reply, 200, renderCohorts(pageContext(request, '/portal/cohorts'), items));
  }

  @Get(':id')
  async cohort(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('notice') notice?: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort, isTrainer, isAdmin } = await this.access(principal, id);
    const lang = portalOf(request).lang;
    const names = await this.queries.participantNames(id);
    const progress = await this.learning.progressOfCohort(id);
    sendHtml(
      reply,
      200,
      renderCohort(pageContext(request, `/portal/cohorts/${id}`, notice), {
        id,
        name: cohort.name,
        programme: await this.queries.programmeNameOfVersion(cohort.programmeVersionId, lang),
        modules: await this.queries.modulesOfCohort(id, lang),
        sessions: await this.learning.listSessions(id),
        participants: progress
          .filter(({ enrolment }) => enrolment.status !== 'withdrawn')
          .map(({ enrolment, progress: p }) => ({
            enrolmentId: enrolment.id,
            name: names.get(enrolment.id) ?? enrolment.email,
            email: enrolment.email,
            progress: p,
          })),
        trainers: await this.learning.listTrainers(id),
        canRecord: isTrainer,
        canAdminister: isAdmin,
        csvColumns: CSV_COLUMNS,
      }),
    );
  }

  @Post(':id/sessions')
  async createSession(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const principal = principalOf(request);
    await this.trainerOnly(principal, id);
    const body = formOf(request);
    const hours = Number(body['hours']);
    if (!isDay(body['heldOn']) || !isHours(hours)) {
      throw new PortalRefusal('validation_failed', (r) => r.classDateAndHours);
    }
    await this.learning.createSession(actorOf(request, principal), id, {
      module: body['module'] ?? '',
      heldOn: body['heldOn'],
      hours,
    });
    seeOther(reply, `/portal/cohorts/${id}?notice=session_added#sessions`);
  }

  /** The attendance sheet of a class: everyone present with its hours, to untick and adjust. */
  @Get(':id/sessions/:sessionId')
  async sheet(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort } = await this.trainerOnly(principal, id);
    const session = (await this.learning.listSessions(id)).find((s) => s.id === sessionId);
    if (!session) throw notFound('The class');
    const m = PORTAL_MESSAGES[portalOf(request).lang];
    sendHtml(
      reply,
      200,
      renderSheet(pageContext(request, `/portal/cohorts/${id}/sessions/${sessionId}`), {
        cohortId: id,
        cohortName: cohort.name,
        title: `${m.attendanceSheet} · ${session.module} · ${session.heldOn}`,
        action: `/portal/cohorts/${id}/sessions/${sessionId}`,
        hours: session.hours,
        participants: await this.activeParticipants(id),
        kind: 'attendance',
      }),
    );
  }

  /**
   * Saves a sheet in one transaction, through the same checks as a CSV import (the sheet is
   * turned into one): the same sheet sent twice changes nothing.
   */
  @Post(':id/sessions/:sessionId')
  async saveSheet(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort } = await this.trainerOnly(principal, id);
    const session = (await this.learning.listSessions(id)).find((s) => s.id === sessionId);
    if (!session) throw notFound('The class');
    const body = formOf(request);
    const rows: string[] = [];
    for (const p of await this.participantEmails(id)) {
      if (body[`present.${p.enrolmentId}`] !== 'on') continue;
      const hours = Number(body[`hours.${p.enrolmentId}`] ?? session.hours);
      if (hours !== 0 && !isHours(hours)) {
        throw new PortalRefusal('validation_failed', (r) => r.sheetHours(p.name));
      }
      if (hours > 0) rows.push([p.email, session.module, 'attendance', session.heldOn, hours, ''].map(cell).join(','));
    }
    await this.importRows(request, reply, principal, id, cohort, rows, 'attendance_saved');
  }

  /** A module's sheet: completed (by the trainer's judgement) and, when assessed, the score. */
  @Get(':id/modules/:code')
  async moduleSheet(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort } = await this.trainerOnly(principal, id);
    const lang = portalOf(request).lang;
    const module = (await this.queries.modulesOfCohort(id, lang)).find((m) => m.code === code);
    if (!module) throw notFound('The module');
    const m = PORTAL_MESSAGES[lang];
    sendHtml(
      reply,
      200,
      renderSheet(pageContext(request, `/portal/cohorts/${id}/modules/${encodeURIComponent(code)}`), {
        cohortId: id,
        cohortName: cohort.name,
        title: `${m.scoresTitle} · ${module.code} · ${module.title}`,
        action: `/portal/cohorts/${id}/modules/${encodeURIComponent(code)}`,
        hours: module.hours,
        participants: await this.activeParticipants(id),
        kind: 'module',
        assessed: module.assessed,
      }),
    );
  }

  @Post(':id/modules/:code')
  async saveModuleSheet(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort } = await this.trainerOnly(principal, id);
    const module = (await this.queries.modulesOfCohort(id, 'en')).find((m) => m.code === code);
    if (!module) throw notFound('The module');
    const body = formOf(request);
    const rows: string[] = [];
    for (const p of await this.participantEmails(id)) {
      if (body[`completed.${p.enrolmentId}`] === 'on')
        rows.push([p.email, code, 'module_completion', '', '', ''].map(cell).join(','));
      const raw = (body[`score.${p.enrolmentId}`] ?? '').trim();
      if (module.assessed && raw !== '') {
        const score = Number(raw);
        if (!Number.isInteger(score) || score < 0 || score > 100) {
          throw new PortalRefusal('validation_failed', (r) => r.sheetScore(p.name));
        }
        rows.push([p.email, code, 'assessment', '', '', score].map(cell).join(','));
      }
    }
    await this.importRows(request, reply, principal, id, cohort, rows, 'scores_saved');
  }

  /** A CSV file of records: the report of the import, row by row, as a table. */
  @Post(':id/import')
  @MultipartForm()
  async importCsv(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const principal = principalOf(request);
    const { cohort } = await this.trainerOnly(principal, id);
    const form = await readMultipart(request, MAX_CSV_BYTES);
    if (!form.file) throw new PortalRefusal('validation_failed', (r) => r.chooseCsv);
    const { report, refused } = await this.runImport(request, principal, id, form.file.bytes, form.fields['partial'] === 'true');
    sendHtml(
      reply,
      refused ? 422 : 200,
      renderImportReport(pageContext(request, `/portal/cohorts/${id}`), { cohortId: id, cohortName: cohort.name, report }),
    );
  }

  @Post(':id/evidence')
  @MultipartForm()
  async evidence(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const principal = principalOf(request);
    await this.trainerOnly(principal, id);
    const form = await readMultipart(request, MAX_EVIDENCE_BYTES);
    const file = form.file;
    if (!file) throw new PortalRefusal('validation_failed', (r) => r.chooseFile);
    const check = EVIDENCE_TYPES[file.mediaType];
    if (!check?.(file.bytes)) throw new PortalRefusal('unsupported_media_type', (r) => r.evidenceType);
    await this.learning.recordEvidenceFile(actorOf(request, principal), id, {
      enrolmentId: form.fields['enrolmentId'] ?? '',
      module: form.fields['module'] ?? '',
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      fileName: file.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 200) || 'evidence',
      mediaType: file.mediaType,
      content: file.bytes,
    });
    seeOther(reply, `/portal/cohorts/${id}?notice=evidence_saved`);
  }

  /** Enrols the lines "name, email[, teacher|learner]" of a text area, all or none. */
  @Post(':id/enrolments')
  async enrol(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const principal = principalOf(request);
    await this.access(principal, id);
    const text = formOf(request)['participants'] ?? '';
    const participants: ParticipantInput[] = [];
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const [name, email, role] = line.split(/[,;\t]/).map((s) => s.trim());
      if (!name || !email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || (role && role !== 'teacher' && role !== 'learner')) {
        throw new PortalRefusal('validation_failed', (r) => r.enrolmentLine(i + 1));
      }
      participants.push({
        displayName: name.slice(0, 200),
        email,
        role: (role as 'teacher' | 'learner' | undefined) ?? 'learner',
      });
    }
    if (participants.length === 0) throw new PortalRefusal('validation_failed', (r) => r.noParticipant);
    if (participants.length > 2000) throw new PortalRefusal('validation_failed', (r) => r.tooManyParticipants);
    await this.learning.enrol(actorOf(request, principal), id, participants);
    seeOther(reply, `/portal/cohorts/${id}?notice=enrolled`);
  }

  /** Admins of the organisation: assign a trainer by email (the train-the-trainer rule applies). */
  @Post(':id/trainers')
  async assignTrainer(@Req() request: PortalRequest, @Res() reply: FastifyReply, @Param('id', ParseUUIDPipe) id: string) {
    const principal = principalOf(request);
    const { isAdmin, cohort } = await this.access(principal, id);
    if (!isAdmin) throw new PortalRefusal('forbidden', (r) => r.adminsAssignTrainers);
    const email = formOf(request)['email'] ?? '';
    const account = await this.accounts.findByEmail(email);
    // Only people the organisation already knows: the form must not tell who has an account elsewhere.
    if (!account || !(await this.queries.knownToOrganisation(account.id, cohort.organisationId))) {
      throw new PortalRefusal('validation_failed', (r) => r.unknownToOrganisation);
    }
    await this.learning.assignTrainer(actorOf(request, principal), id, account.id);
    seeOther(reply, `/portal/cohorts/${id}?notice=trainer_assigned#trainers`);
  }

  /**
   * A participant's records in force (trainers and admins of the cohort), each with a form for the
   * cohort's trainers to withdraw one made by mistake.
   */
  @Get(':id/participants/:enrolmentId/records')
  async participantRecords(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('enrolmentId', ParseUUIDPipe) enrolmentId: string,
    @Query('notice') notice?: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort, isTrainer } = await this.access(principal, id);
    const enrolment = await this.learning.getEnrolment(enrolmentId);
    if (enrolment.cohortId !== id) throw notFound('The participant');
    const heldOn = new Map((await this.learning.listSessions(id)).map((s) => [s.id, s.heldOn]));
    const records = await this.learning.records(enrolmentId, false);
    const email = (await this.accounts.findById(enrolment.accountId))?.email ?? '';
    sendHtml(
      reply,
      200,
      renderRecords(pageContext(request, `/portal/cohorts/${id}/participants/${enrolmentId}/records`, notice), {
        cohortId: id,
        cohortName: cohort.name,
        name: (await this.queries.participantNames(id)).get(enrolmentId) ?? email,
        email,
        canWithdraw: isTrainer && enrolment.status !== 'withdrawn',
        records: records.map((r) => ({
          id: r.id,
          kind: r.kind,
          module: r.moduleCode,
          date: r.sessionId ? (heldOn.get(r.sessionId) ?? null) : null,
          hours: r.hours,
          score: r.score,
          passed: r.passed,
          evidenceName: r.evidenceName,
          corrected: r.supersedesId !== null,
          recordedAt: r.recordedAt.toISOString().slice(0, 10),
        })),
      }),
    );
  }

  /**
   * Withdraws a record made by mistake (the cohort's trainers), as the API's retraction does: it
   * stops counting at once, the participant's progress is worked out again, the history keeps
   * both, and the audit log has it.
   */
  @Post(':id/records/:recordId/retraction')
  async withdrawRecord(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('recordId', ParseUUIDPipe) recordId: string,
  ): Promise<void> {
    const principal = principalOf(request);
    await this.trainerOnly(principal, id);
    const reason = reasonOf(formOf(request), 'withdrawn');
    let enrolmentId: string;
    let notice = 'record_withdrawn';
    try {
      enrolmentId = (await this.learning.retract(actorOf(request, principal), id, recordId, reason)).record.enrolmentId;
    } catch (error) {
      // A second click on the same form (or a record corrected since): nothing more is withdrawn,
      // and the trainer is shown the records as they are.
      if (!(error instanceof LearningError) || error.code !== 'record_already_superseded') throw error;
      const withdrawn = await this.learning.enrolmentOfRecord(recordId);
      if (!withdrawn) throw error;
      enrolmentId = withdrawn;
      notice = 'record_already_withdrawn';
    }
    seeOther(reply, `/portal/cohorts/${id}/participants/${enrolmentId}/records?notice=${notice}`);
  }

  /**
   * Corrects the hours of an attendance or the score of an assessment (the cohort's trainers), as
   * the API's correction does: a new record that supersedes the wrong one, with a reason. The new
   * value counts at once, progress is worked out again, the history keeps both, and the audit log
   * has it. Other records are withdrawn and recorded again.
   */
  @Post(':id/records/:recordId/correction')
  async correctRecord(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('recordId', ParseUUIDPipe) recordId: string,
  ): Promise<void> {
    const principal = principalOf(request);
    await this.trainerOnly(principal, id);
    const form = formOf(request);
    const reason = reasonOf(form, 'corrected');
    const enrolmentId = await this.learning.enrolmentOfRecord(recordId);
    const enrolment = enrolmentId ? await this.learning.getEnrolment(enrolmentId) : undefined;
    if (!enrolmentId || enrolment?.cohortId !== id) throw notFound('The record');
    const back = (notice: string) =>
      seeOther(reply, `/portal/cohorts/${id}/participants/${enrolmentId}/records?notice=${notice}`);
    const old = (await this.learning.records(enrolmentId, false)).find((r) => r.id === recordId);
    // Corrected or withdrawn already (a second click on the same form): nothing more changes.
    if (!old) return back('record_already_withdrawn');
    let value: { hours: number; date: string } | { score: number };
    if (old.kind === 'attendance') {
      const hours = decimalOf(form['hours'], /^\d{1,2}(\.\d{1,2})?$/);
      if (!isHours(hours)) {
        throw new PortalRefusal('validation_failed', (r) => r.correctionHours);
      }
      if (hours === Number(old.hours)) throw new PortalRefusal('validation_failed', (r) => r.sameHours);
      const date = (await this.learning.listSessions(id)).find((s) => s.id === old.sessionId)?.heldOn;
      if (!date) throw notFound('The class');
      value = { hours, date };
    } else if (old.kind === 'assessment') {
      const score = decimalOf(form['score'], /^\d{1,3}$/);
      if (!Number.isInteger(score) || score < 0 || score > 100) {
        throw new PortalRefusal('validation_failed', (r) => r.correctionScore);
      }
      if (score === Number(old.score)) throw new PortalRefusal('validation_failed', (r) => r.sameScore);
      value = { score };
    } else {
      throw new PortalRefusal('unprocessable', (r) => r.notCorrectedHere);
    }
    try {
      await this.learning.record(actorOf(request, principal), id, (context) => ({
        ...context.resolve({
          enrolmentId,
          kind: old.kind as 'attendance' | 'assessment',
          module: old.moduleCode,
          ...(old.note !== null ? { note: old.note } : {}),
          ...value,
        }),
        supersedesId: recordId,
        reason,
      }));
    } catch (error) {
      // Corrected or withdrawn by someone else meanwhile: the records as they are now.
      if (error instanceof LearningError && error.code === 'record_already_superseded') return back('record_already_withdrawn');
      throw error;
    }
    back('record_corrected');
  }

  /** A one-time link for a participant to choose a password (shown once, with its QR code). */
  @Post(':id/participants/:enrolmentId/sign-in-link')
  async signInLink(
    @Req() request: PortalRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('enrolmentId', ParseUUIDPipe) enrolmentId: string,
  ): Promise<void> {
    const principal = principalOf(request);
    const { cohort } = await this.access(principal, id);
    const enrolment = await this.learning.getEnrolment(enrolmentId);
    if (enrolment.cohortId !== id) throw notFound('The participant');
    // A link sets a password: only for participants whose account this organisation alone looks
    // after (no staff role anywhere, no enrolment elsewhere), or who have never had a password.
    const scope = await this.queries.signInLinkScope(enrolment.accountId, cohort.organisationId);
    if (scope.staff || (scope.hasPassword && scope.enrolledElsewhere)) {
      throw new PortalRefusal('forbidden', (r) => r.notOnlyParticipant);
    }
    const { secret } = await this.sessions.createSignInLink(
      enrolment.accountId,
      actorOf(request, principal),
      cohort.organisationId,
    );
    const url = `${this.baseUrl}/portal/welcome/${secret}`;
    const name = (await this.queries.participantNames(id)).get(enrolmentId) ?? '';
    sendHtml(
      reply,
      200,
      renderSignInLink(pageContext(request, `/portal/cohorts/${id}`), {
        cohortId: id,
        name,
        url,
        qrDataUrl: await qrDataUrl(url),
        days: SIGN_IN_LINK_DAYS,
      }),
    );
  }

  // ---- helpers ------------------------------------------------------------------------------

  private async importRows(
    request: PortalRequest,
    reply: FastifyReply,
    principal: Principal,
    id: string,
    cohort: Cohort,
    rows: string[],
    notice: string,
  ): Promise<void> {
    if (rows.length === 0) return seeOther(reply, `/portal/cohorts/${id}`);
    const csv = Buffer.from(`email,module,kind,date,hours,score\n${rows.join('\n')}\n`);
    const { report, refused } = await this.runImport(request, principal, id, csv, false);
    if (refused) {
      return sendHtml(
        reply,
        422,
        renderImportReport(pageContext(request, `/portal/cohorts/${id}`), { cohortId: id, cohortName: cohort.name, report }),
      );
    }
    seeOther(reply, `/portal/cohorts/${id}?notice=${notice}`);
  }

  /** An import; a file refused whole (a bad row, all or nothing) comes back with its report. */
  private async runImport(
    request: PortalRequest,
    principal: Principal,
    id: string,
    csv: Buffer,
    partial: boolean,
  ): Promise<{ report: ImportReport; refused: boolean }> {
    try {
      return { report: await this.importer.import(actorOf(request, principal), id, csv, { partial }), refused: false };
    } catch (error) {
      const report = error instanceof DomainError ? (error.extensions['report'] as ImportReport | undefined) : undefined;
      if (!report) throw error;
      return { report, refused: true };
    }
  }

  private async activeParticipants(id: string) {
    return (await this.participantEmails(id)).map((p) => ({ enrolmentId: p.enrolmentId, name: p.name }));
  }

  private async participantEmails(id: string): Promise<Array<{ enrolmentId: string; name: string; email: string }>> {
    const names = await this.queries.participantNames(id);
    return (await this.learning.progressOfCohort(id))
      .filter(({ enrolment }) => enrolment.status !== 'withdrawn')
      .map(({ enrolment }) => ({
        enrolmentId: enrolment.id,
        name: names.get(enrolment.id) ?? enrolment.email,
        email: enrolment.email,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }

  /** Its organisation's admins and its trainers may open a cohort; for anyone else it does not exist. */
  private async access(principal: Principal, id: string): Promise<{ cohort: Cohort; isTrainer: boolean; isAdmin: boolean }> {
    const cohort = await this.learning.getCohort(id);
    const isAdmin = principal.hasRoleIn('org_admin', cohort.organisationId);
    const isTrainer = await this.learning.isTrainerOf(principal.accountId, id);
    if (!isAdmin && !isTrainer) throw notFound('The cohort');
    return { cohort, isTrainer, isAdmin };
  }

  /** Records are a trainer's statement of what happened: the cohort's trainers only. */
  private async trainerOnly(principal: Principal, id: string): Promise<{ cohort: Cohort }> {
    const { cohort, isTrainer } = await this.access(principal, id);
    if (!isTrainer) throw new PortalRefusal('forbidden', (r) => r.trainersOnly);
    return { cohort };
  }
}
