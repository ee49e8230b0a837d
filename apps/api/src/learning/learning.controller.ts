import { Body, Controller, Get, HttpCode, Param, ParseBoolPipe, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@app/audit';
import { CoreError, notFound } from '@app/core';
import { CurrentPrincipal, Roles, SignedIn, type Principal } from '@app/identity';
import { CSV_COLUMNS, LearningService, RecordImporter, type Cohort, type ImportReport } from '@app/learning';
import { CurrentActor } from '../http/actor.decorator.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import {
  CohortResponse,
  CreateCohortRequest,
  CreateSessionRequest,
  EnrolmentResponse,
  EnrolRequest,
  EvidenceUploadQuery,
  WithdrawRequest,
  ProgressResponse,
  RecordRequestDto,
  RecordResponse,
  RetractionRequestDto,
  SessionResponse,
} from './learning.dto.js';

/** Accepted evidence files, each with a check of its first bytes. */
const EVIDENCE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'Retry safely' };

/** Cohorts, enrolments, classes and learning records. */
@ApiTags('learning')
@ApiBearerAuth()
@Controller()
export class LearningController {
  constructor(
    private readonly learning: LearningService,
    private readonly importer: RecordImporter,
  ) {}

  @Post('cohorts')
  @Roles('org_admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: "Create a cohort of a programme (its current version); the programme's organisation admins" })
  @ApiCreatedResponse({ type: CohortResponse })
  async createCohort(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() body: CreateCohortRequest,
  ): Promise<CohortResponse> {
    const organisationId = await this.learning.organisationOfProgramme(body.programmeId);
    if (!principal.hasRoleIn('org_admin', organisationId))
      throw new CoreError('forbidden', 'Only the programme’s organisation admins create its cohorts.');
    return CohortResponse.from(await this.learning.createCohort(actor, body));
  }

  @Get('cohorts')
  @Roles('org_admin', 'trainer')
  @ApiOperation({ summary: 'The cohorts you administer or train' })
  @ApiOkResponse({ type: [CohortResponse] })
  async cohorts(@CurrentPrincipal() principal: Principal): Promise<CohortResponse[]> {
    const cohorts = await this.learning.cohortsVisibleTo(principal);
    return cohorts.map((c) => CohortResponse.from(c));
  }

  @Get('cohorts/:id')
  @Roles('org_admin', 'trainer')
  @ApiOperation({ summary: 'One cohort (its organisation admins and trainers)' })
  @ApiOkResponse({ type: CohortResponse })
  async cohort(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CohortResponse> {
    return CohortResponse.from(await this.readable(principal, id));
  }

  @Put('cohorts/:id/trainers/:accountId')
  @Roles('org_admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Assign a trainer',
    description:
      'When the programme requires its trainers to hold another programme’s credential, a trainer who has not earned it is refused (422 trainer_not_qualified).',
  })
  @ApiNoContentResponse()
  @ApiUnprocessableEntityResponse({ description: 'trainer_not_qualified' })
  async assignTrainer(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('accountId', ParseUUIDPipe) accountId: string,
  ): Promise<void> {
    await this.administered(principal, id);
    await this.learning.assignTrainer(actor, id, accountId);
  }

  @Get('cohorts/:id/trainers')
  @Roles('org_admin', 'trainer')
  @ApiOperation({ summary: 'The trainers of a cohort' })
  async trainers(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.readable(principal, id);
    return this.learning.listTrainers(id);
  }

  @Post('cohorts/:id/enrolments')
  @Roles('org_admin', 'trainer')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Enrol teachers or learners (accounts are created for new emails); enrolling twice changes nothing' })
  @ApiCreatedResponse({ type: [EnrolmentResponse] })
  async enrol(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EnrolRequest,
  ): Promise<EnrolmentResponse[]> {
    await this.readable(principal, id);
    return (await this.learning.enrol(actor, id, body.participants)).map((e) => EnrolmentResponse.from(e));
  }

  @Get('cohorts/:id/enrolments')
  @Roles('org_admin', 'trainer')
  @ApiOperation({ summary: 'Participants of a cohort with their progress and unmet conditions' })
  @ApiOkResponse({ type: [ProgressResponse] })
  async enrolments(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ProgressResponse[]> {
    await this.readable(principal, id);
    return (await this.learning.progressOfCohort(id)).map(({ enrolment, progress }) =>
      ProgressResponse.from(enrolment, progress),
    );
  }

  @Post('cohorts/:id/sessions')
  @Roles('org_admin', 'trainer')
  @ApiOperation({ summary: 'Schedule a class: a module, a day, its length in hours' })
  @ApiCreatedResponse({ type: SessionResponse })
  async createSession(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateSessionRequest,
  ): Promise<SessionResponse> {
    await this.readable(principal, id);
    const session = await this.learning.createSession(actor, id, body);
    return { id: session.id, module: body.module, heldOn: session.heldOn, hours: session.hours };
  }

  @Get('cohorts/:id/sessions')
  @Roles('org_admin', 'trainer')
  @ApiOperation({ summary: 'The classes of a cohort' })
  @ApiOkResponse({ type: [SessionResponse] })
  async sessions(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SessionResponse[]> {
    await this.readable(principal, id);
    return this.learning.listSessions(id);
  }

  @Post('cohorts/:id/records')
  @Roles('trainer')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Record attendance, a module completed, an assessment result or evidence (trainers of the cohort)',
    description:
      'Records are never changed: to correct one, send a new record with supersedes (the id of the wrong one) and a reason.',
  })
  @ApiCreatedResponse({ type: RecordResponse })
  async record(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordRequestDto,
  ): Promise<RecordResponse> {
    await this.trained(principal, id);
    if ((body.supersedes === undefined) !== (body.reason === undefined)) {
      throw new CoreError('validation_failed', 'A correction needs both supersedes and reason.', {
        errors: [{ pointer: body.supersedes ? '/reason' : '/supersedes', detail: 'give supersedes and reason together' }],
      });
    }
    const record = await this.learning.record(actor, id, (context) => ({
      ...context.resolve(body),
      supersedesId: body.supersedes ?? null,
      reason: body.reason ?? null,
    }));
    return RecordResponse.from(record, body.module);
  }

  @Post('cohorts/:id/records/:recordId/retraction')
  @Roles('trainer')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Retract a record made by mistake (trainers of the cohort): it no longer counts; the history keeps both',
    description:
      'For a record that should not exist at all (the wrong participant, a module never completed). A wrong value is corrected instead, by a new record with supersedes.',
  })
  @ApiCreatedResponse({ type: RecordResponse })
  async retract(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('recordId', ParseUUIDPipe) recordId: string,
    @Body() body: RetractionRequestDto,
  ): Promise<RecordResponse> {
    await this.trained(principal, id);
    const { record, moduleCode } = await this.learning.retract(actor, id, recordId, body.reason);
    return RecordResponse.from(record, moduleCode);
  }

  @Post('cohorts/:id/records/import')
  @Roles('trainer')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `CSV, UTF-8, header row with columns ${CSV_COLUMNS.join(', ')} (email, module and kind required).`,
    schema: {
      type: 'string',
      example:
        'email,module,kind,date,hours,score\nlearner1@example.org,C1,attendance,2026-03-02,4,\nlearner1@example.org,C5,assessment,,,78',
    },
  })
  @ApiQuery({
    name: 'partial',
    required: false,
    description: 'Apply the valid rows and report the others (default: refuse the whole file)',
  })
  @ApiOperation({ summary: "Import a cohort's records from CSV; the same file twice changes nothing" })
  @ApiOkResponse({ description: 'The import report' })
  @ApiUnprocessableEntityResponse({
    description:
      'csv_invalid: the problem document carries the report, each bad row with its line, its reason (English) and the same reason as a phrase (key and values) to translate',
  })
  async importRecords(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('partial', new ParseBoolPipe({ optional: true })) partial: boolean | undefined,
    @Req() request: FastifyRequest,
  ): Promise<ImportReport> {
    await this.trained(principal, id);
    if (!Buffer.isBuffer(request.body)) throw new CoreError('unsupported_media_type', 'Send the file as text/csv.');
    return this.importer.import(actor, id, request.body, { partial: partial ?? false });
  }

  @Post('cohorts/:id/evidence-files')
  @Roles('trainer')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiConsumes('application/pdf', 'image/png', 'image/jpeg')
  @ApiBody({ description: 'The file itself (PDF, PNG or JPEG, up to 10 MiB)', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'enrolmentId', required: true })
  @ApiQuery({ name: 'module', required: true, example: 'W3' })
  @ApiQuery({ name: 'fileName', required: true, example: 'lesson-plan.pdf' })
  @ApiOperation({ summary: 'Upload a file as evidence for a participant’s module; it is kept with its SHA-256' })
  @ApiCreatedResponse({ type: RecordResponse })
  async uploadEvidence(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: EvidenceUploadQuery,
    @Req() request: FastifyRequest,
  ): Promise<RecordResponse> {
    await this.trained(principal, id);
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim();
    if (!Buffer.isBuffer(request.body) || !EVIDENCE_TYPES[mediaType]) {
      throw new CoreError('unsupported_media_type', 'Send the file as application/pdf, image/png or image/jpeg.');
    }
    if (!EVIDENCE_TYPES[mediaType](request.body)) {
      throw new CoreError('validation_failed', `The file's content is not ${mediaType}.`);
    }
    const record = await this.learning.recordEvidenceFile(actor, id, { ...query, mediaType, content: request.body });
    return RecordResponse.from(record, query.module);
  }

  @Get('evidence-files/:sha256')
  @SignedIn()
  @ApiOperation({ summary: 'Download an evidence file (the participant, their trainers and admins)' })
  async evidenceFile(
    @CurrentPrincipal() principal: Principal,
    @Param('sha256') sha256: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw notFound('The evidence file');
    const { file, enrolments } = await this.learning.evidenceFile(sha256);
    let allowed = false;
    for (const enrolment of enrolments) {
      try {
        // Staff see the file of any record, as they see the history; the participant only while a
        // record in force names it (one retracted may have been made for them by mistake).
        if ((await this.enrolmentReadable(principal, enrolment.id)) || enrolment.inForce) {
          allowed = true;
          break;
        }
      } catch {
        // not this one
      }
    }
    if (!allowed) throw notFound('The evidence file');
    void reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename="evidence-${sha256.slice(0, 12)}"`)
      .header('x-content-sha256', sha256);
    return file.content;
  }

  @Post('enrolments/:id/withdrawal')
  @Roles('org_admin', 'trainer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a participant who has not completed (records are kept)' })
  @ApiOkResponse({ type: EnrolmentResponse })
  async withdraw(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: WithdrawRequest,
  ): Promise<EnrolmentResponse> {
    const staff = await this.enrolmentReadable(principal, id);
    if (!staff) throw new CoreError('forbidden', 'Trainers and admins withdraw participants.');
    return EnrolmentResponse.from(await this.learning.withdraw(actor, id, body.reason));
  }

  @Get('enrolments/:id/progress')
  @SignedIn()
  @ApiOperation({ summary: 'Progress and decision of one participant (themselves, their trainers, their organisation admins)' })
  @ApiOkResponse({ type: ProgressResponse })
  async progress(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ProgressResponse> {
    await this.enrolmentReadable(principal, id);
    const { enrolment, progress } = await this.learning.progress(id);
    return ProgressResponse.from(enrolment, progress);
  }

  @Get('enrolments/:id/records')
  @SignedIn()
  @ApiQuery({ name: 'history', required: false, description: 'Include corrected records (trainers and admins)' })
  @ApiOperation({ summary: 'The records of one participant' })
  @ApiOkResponse({ type: [RecordResponse] })
  async records(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('history', new ParseBoolPipe({ optional: true })) history: boolean | undefined,
  ): Promise<RecordResponse[]> {
    const staff = await this.enrolmentReadable(principal, id);
    if (history && !staff) throw new CoreError('forbidden', 'The history of corrections is for trainers and administrators.');
    const records = await this.learning.records(id, history ?? false);
    return records.map((r) => RecordResponse.from(r, r.moduleCode, history ? r.supersededBy : undefined));
  }

  @Get('me/enrolments')
  @SignedIn()
  @ApiOperation({ summary: 'Your enrolments, with progress' })
  @ApiOkResponse({ type: [ProgressResponse] })
  async myEnrolments(@CurrentPrincipal() principal: Principal): Promise<ProgressResponse[]> {
    return (await this.learning.progressOfAccount(principal.accountId)).map(({ enrolment, progress }) =>
      ProgressResponse.from(enrolment, progress),
    );
  }

  /** Organisation admins of the cohort's organisation. */
  private async administered(principal: Principal, cohortId: string): Promise<Cohort> {
    const cohort = await this.learning.getCohort(cohortId);
    if (!principal.hasRoleIn('org_admin', cohort.organisationId))
      throw new CoreError('forbidden', 'Only this cohort’s organisation admins may do this.');
    return cohort;
  }

  /** Trainers of the cohort only. */
  private async trained(principal: Principal, cohortId: string): Promise<Cohort> {
    const cohort = await this.learning.getCohort(cohortId);
    // Records are a trainer's statement of what happened: not even a platform admin writes them.
    if (!(await this.learning.isTrainerOf(principal.accountId, cohortId))) {
      throw new CoreError('forbidden', 'Only the trainers of this cohort may record for it.');
    }
    return cohort;
  }

  /** Its organisation admins and its trainers. */
  private async readable(principal: Principal, cohortId: string): Promise<Cohort> {
    const cohort = await this.learning.getCohort(cohortId);
    if (principal.hasRoleIn('org_admin', cohort.organisationId)) return cohort;
    if (await this.learning.isTrainerOf(principal.accountId, cohortId)) return cohort;
    throw new CoreError('forbidden', 'This cohort is not one you administer or train.');
  }

  /** The participant, the cohort's trainers and admins; returns whether the caller is staff. */
  private async enrolmentReadable(principal: Principal, enrolmentId: string): Promise<boolean> {
    const enrolment = await this.learning.getEnrolment(enrolmentId);
    if (principal.hasRoleIn('org_admin', enrolment.cohort.organisationId)) return true;
    if (await this.learning.isTrainerOf(principal.accountId, enrolment.cohortId)) return true;
    if (enrolment.accountId === principal.accountId) return false;
    // Not found rather than forbidden: whether someone is enrolled is not for others to learn.
    throw notFound('The enrolment');
  }
}
