import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditLog, type Actor } from '@app/audit';
import { Programme, ProgrammeModule, ProgrammeVersion } from '@app/catalogue';
import { Clock, CoreError, notFound } from '@app/core';
import { Account, AccountsService, normaliseEmail } from '@app/identity';
import { CohortContext, type RecordInput } from './cohort-context.js';
import { evaluate, type ActiveRecord, type Progress, type RuleSet } from './eligibility.js';
import { ClassSession } from './entities/class-session.entity.js';
import { CohortTrainer } from './entities/cohort-trainer.entity.js';
import { Cohort, type DeliveryMode } from './entities/cohort.entity.js';
import { Enrolment, type ParticipantRole } from './entities/enrolment.entity.js';
import { EvidenceFile } from './entities/evidence-file.entity.js';
import { LearningRecord } from './entities/learning-record.entity.js';
import { LearningError } from './learning-errors.js';
import { LearningEvents, type EnrolmentEligible } from './learning-events.js';
import { recordRefusal } from './record-phrases.js';

export interface CohortInput {
  readonly programmeId: string;
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly mode: DeliveryMode;
  readonly place?: string | null;
  readonly language: 'en' | 'fr' | 'ar';
  /** One language or a bilingual pair ("ar-en"); the teaching language when absent. */
  readonly certificateLanguages?: string | null;
}

export interface ParticipantInput {
  readonly email: string;
  readonly displayName: string;
  readonly role: ParticipantRole;
  readonly language?: 'en' | 'fr' | 'ar';
}

/** Active records: those no later record supersedes. */
const ACTIVE = 'not exists (select 1 from learning_records s where s.supersedes_id = r.id)';

@Injectable()
export class LearningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly events: LearningEvents,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
  ) {}

  async organisationOfProgramme(programmeId: string): Promise<string> {
    const programme = await this.dataSource.getRepository(Programme).findOneBy({ id: programmeId });
    if (!programme) throw notFound('The programme');
    return programme.organisationId;
  }

  /** Platform admins: all; organisation admins: their organisations'; trainers: the cohorts they train. */
  cohortsVisibleTo(principal: {
    accountId: string;
    isPlatformAdmin: boolean;
    grants: readonly { role: string; organisationId: string | null }[];
  }): Promise<Cohort[]> {
    const qb = this.dataSource.getRepository(Cohort).createQueryBuilder('c').orderBy('c.starts_on', 'DESC').addOrderBy('c.id');
    if (!principal.isPlatformAdmin) {
      const orgs = principal.grants.filter((g) => g.role === 'org_admin' && g.organisationId).map((g) => g.organisationId!);
      qb.where(
        `(c.organisation_id = any(:orgs) or exists (select 1 from cohort_trainers t where t.cohort_id = c.id and t.account_id = :me))`,
        { orgs, me: principal.accountId },
      );
    }
    return qb.getMany();
  }

  async progressOfAccount(accountId: string): Promise<Array<{ enrolment: Enrolment; progress: Progress }>> {
    const enrolments = await this.dataSource
      .getRepository(Enrolment)
      .find({ where: { accountId }, order: { enrolledAt: 'DESC' } });
    const result: Array<{ enrolment: Enrolment; progress: Progress }> = [];
    for (const e of enrolments) result.push(await this.progress(e.id));
    return result;
  }

  async getCohort(id: string): Promise<Cohort> {
    const cohort = await this.dataSource.getRepository(Cohort).findOneBy({ id });
    if (!cohort) throw notFound('The cohort');
    return cohort;
  }

  /** A cohort of the programme's current version. */
  createCohort(actor: Actor, input: CohortInput): Promise<Cohort> {
    if (input.endsOn < input.startsOn) throw new CoreError('unprocessable', 'The cohort cannot end before it starts.');
    return this.dataSource.transaction(async (em) => {
      const programme = await em.findOneBy(Programme, { id: input.programmeId });
      if (!programme) throw notFound('The programme');
      const version = await em.findOneByOrFail(ProgrammeVersion, {
        programmeId: programme.id,
        version: programme.currentVersion,
      });
      const cohort = await em.save(
        em.create(Cohort, {
          ...input,
          place: input.place ?? null,
          certificateLanguages: input.certificateLanguages ?? null,
          organisationId: programme.organisationId,
          programmeVersionId: version.id,
        }),
      );
      await this.audit.record(em, actor, {
        action: 'cohort.created',
        entityType: 'cohort',
        entityId: cohort.id,
        organisationId: cohort.organisationId,
        after: cohort,
      });
      return cohort;
    });
  }

  /**
   * Assigns a trainer. Train-the-trainer: when the programme requires its trainers to hold
   * another programme's credential, a trainer who has not earned it is refused.
   */
  assignTrainer(actor: Actor, cohortId: string, accountId: string): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      const { cohort } = await CohortContext.load(em, cohortId, actor);
      const account = await em.findOneBy(Account, { id: accountId });
      if (!account) throw notFound('The account');
      const version = await em.findOneByOrFail(ProgrammeVersion, { id: cohort.programmeVersionId });
      if (
        version.requiredTrainerProgrammeId &&
        !(await this.holdsCredentialOf(em, accountId, version.requiredTrainerProgrammeId))
      ) {
        const required = await em.findOneByOrFail(ProgrammeVersion, {
          programmeId: version.requiredTrainerProgrammeId,
          version: (await em.findOneByOrFail(Programme, { id: version.requiredTrainerProgrammeId })).currentVersion,
        });
        throw new LearningError(
          'trainer_not_qualified',
          `${account.displayName} cannot train this cohort: trainers of this programme must have earned "${required.name.en}" first.`,
          { requiredProgrammeId: version.requiredTrainerProgrammeId },
        );
      }
      if (await em.existsBy(Enrolment, { cohortId, accountId })) {
        throw new CoreError('unprocessable', `${account.displayName} is a participant of this cohort and cannot also train it.`);
      }
      await this.accounts.grant(accountId, { role: 'trainer', organisationId: cohort.organisationId }, em, actor);
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(CohortTrainer)
        .values({ cohortId, accountId, assignedBy: actor.accountId })
        .orIgnore()
        .returning(['account_id'])
        .execute();
      // Already a trainer (perhaps assigned by a request running at the same moment): nothing to do.
      if ((inserted.raw as unknown[]).length === 0) return;
      await this.audit.record(em, actor, {
        action: 'cohort.trainer_assigned',
        entityType: 'cohort',
        entityId: cohortId,
        organisationId: cohort.organisationId,
        after: { trainerId: accountId },
      });
    });
  }

  private credentialCheck: ((em: EntityManager, accountId: string, programmeId: string) => Promise<boolean>) | undefined;

  /** The issuance capability says who holds an active credential (see holdsCredentialOf). */
  registerCredentialCheck(check: (em: EntityManager, accountId: string, programmeId: string) => Promise<boolean>): void {
    this.credentialCheck = check;
  }

  /**
   * Whether the account holds an active (not revoked, not suspended) credential of the programme,
   * as the issuance capability knows it. Without it (a process that does not issue), an
   * enrolment that met the programme's rules counts.
   */
  async holdsCredentialOf(em: EntityManager, accountId: string, programmeId: string): Promise<boolean> {
    if (this.credentialCheck) return this.credentialCheck(em, accountId, programmeId);
    const [row] = await em.query<Array<{ ok: boolean }>>(
      `select exists (
         select 1 from enrolments e join cohorts c on c.id = e.cohort_id
         where e.account_id = $1 and c.programme_id = $2 and e.status = 'completed' and e.eligible_at is not null
       ) as ok`,
      [accountId, programmeId],
    );
    return row?.ok === true;
  }

  async isTrainerOf(accountId: string, cohortId: string): Promise<boolean> {
    return this.dataSource.getRepository(CohortTrainer).existsBy({ accountId, cohortId });
  }

  listTrainers(cohortId: string): Promise<Array<{ accountId: string; displayName: string; email: string }>> {
    return this.dataSource.query(
      `select t.account_id as "accountId", a.display_name as "displayName", a.email
         from cohort_trainers t join accounts a on a.id = t.account_id where t.cohort_id = $1 order by a.display_name`,
      [cohortId],
    );
  }

  /**
   * Enrols participants; an email without an account gets one (a learner, who can sign in once
   * given a password). Enrolling someone already enrolled changes nothing.
   */
  enrol(actor: Actor, cohortId: string, participants: readonly ParticipantInput[]): Promise<Enrolment[]> {
    return this.dataSource.transaction(async (em) => {
      const { cohort } = await CohortContext.load(em, cohortId, actor);
      const trainers = new Set((await em.findBy(CohortTrainer, { cohortId })).map((t) => t.accountId));
      const result: Enrolment[] = [];
      for (const p of participants) {
        const email = normaliseEmail(p.email);
        let account = await em.findOneBy(Account, { email });
        if (!account) {
          account = await this.accounts.create(
            {
              email,
              displayName: p.displayName,
              language: p.language ?? cohort.language,
              grants: [{ role: 'learner', organisationId: null }],
            },
            em,
            actor,
          );
        } else {
          await this.accounts.grant(account.id, { role: 'learner', organisationId: null }, em, actor);
        }
        if (trainers.has(account.id)) {
          throw new CoreError('unprocessable', `${email} trains this cohort and cannot also be a participant in it.`);
        }
        const existing = await em.findOneBy(Enrolment, { cohortId, accountId: account.id });
        if (existing) {
          result.push(existing);
          continue;
        }
        const enrolment = await em.save(
          em.create(Enrolment, { cohortId, accountId: account.id, role: p.role, status: 'enrolled' }),
        );
        await this.audit.record(em, actor, {
          action: 'enrolment.created',
          entityType: 'enrolment',
          entityId: enrolment.id,
          organisationId: cohort.organisationId,
          after: { cohortId, accountId: account.id, role: p.role },
        });
        result.push(enrolment);
      }
      return result;
    });
  }

  /** The enrolment a record belongs to (undefined: no such record). */
  async enrolmentOfRecord(recordId: string): Promise<string | undefined> {
    return (
      await this.dataSource.getRepository(LearningRecord).findOne({ where: { id: recordId }, select: { enrolmentId: true } })
    )?.enrolmentId;
  }

  async getEnrolment(id: string): Promise<Enrolment & { cohort: Cohort }> {
    const enrolment = await this.dataSource.getRepository(Enrolment).findOne({ where: { id }, relations: { cohort: true } });
    if (!enrolment) throw notFound('The enrolment');
    return enrolment as Enrolment & { cohort: Cohort };
  }

  createSession(actor: Actor, cohortId: string, input: { module: string; heldOn: string; hours: number }): Promise<ClassSession> {
    return this.dataSource.transaction(async (em) => {
      const context = await CohortContext.load(em, cohortId, actor);
      const module = context.moduleByCode(input.module);
      if (!module) throw new LearningError('unknown_module', `The programme has no module "${input.module}".`);
      const { startsOn, endsOn } = context.cohort;
      if (input.heldOn < startsOn || input.heldOn > endsOn) {
        throw new CoreError(
          'unprocessable',
          `${input.heldOn} is outside the cohort's dates (${startsOn} to ${endsOn}); a class is held within them.`,
        );
      }
      if (context.session(module.id, input.heldOn)) {
        throw new CoreError('conflict', `There is already a class of ${module.code} on ${input.heldOn}.`);
      }
      const session = await em.save(
        em.create(ClassSession, { cohortId, moduleId: module.id, heldOn: input.heldOn, hours: input.hours }),
      );
      await this.audit.record(em, actor, {
        action: 'class_session.created',
        entityType: 'class_session',
        entityId: session.id,
        organisationId: context.cohort.organisationId,
        after: { module: module.code, heldOn: input.heldOn, hours: input.hours },
      });
      return session;
    });
  }

  listSessions(cohortId: string): Promise<Array<{ id: string; module: string; heldOn: string; hours: number }>> {
    return this.dataSource
      .query<Array<{ id: string; module: string; heldOn: string; hours: string }>>(
        `select s.id, m.code as module, to_char(s.held_on, 'YYYY-MM-DD') as "heldOn", s.hours
           from class_sessions s join programme_modules m on m.id = s.module_id
          where s.cohort_id = $1 order by s.held_on, m.position`,
        [cohortId],
      )
      .then((rows) => rows.map((r) => ({ ...r, hours: Number(r.hours) })));
  }

  /**
   * Writes records (already resolved against the cohort) in the caller's transaction, then
   * recomputes the eligibility of the participants concerned. Returns the records written and
   * the eligibility events to publish once the transaction has committed.
   */
  async writeRecords(
    em: EntityManager,
    actor: Actor,
    context: CohortContext,
    inputs: readonly RecordInput[],
    importId: string | null = null,
  ): Promise<{ records: LearningRecord[]; eligible: EnrolmentEligible[] }> {
    if (!actor.accountId) throw new CoreError('forbidden', 'Records are written by a trainer.');
    const rows = inputs.map((i) => ({
      enrolmentId: i.enrolmentId,
      kind: i.kind,
      moduleId: i.moduleId,
      sessionId: i.sessionId ?? null,
      hours: i.hours ?? null,
      score: i.score ?? null,
      passed: i.kind === 'assessment' ? (i.score ?? 0) >= this.passMarkOf(context, i.moduleId) : null,
      evidenceUrl: i.evidenceUrl ?? null,
      evidenceSha256: i.evidenceSha256 ?? null,
      evidenceName: i.evidenceName ?? null,
      note: i.note ?? null,
      supersedesId: i.supersedesId ?? null,
      reason: i.reason ?? null,
      recordedBy: actor.accountId!,
      importId,
    }));
    const records: LearningRecord[] = [];
    // Batches keep each INSERT under PostgreSQL's parameter limit (a 10,000-row CSV is 10 of them).
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      const result = await em.createQueryBuilder().insert().into(LearningRecord).values(batch).returning('*').execute();
      records.push(...(result.raw as Array<Record<string, unknown>>).map((r) => em.create(LearningRecord, toRecord(r))));
    }
    const enrolmentIds = [...new Set(inputs.map((i) => i.enrolmentId))];
    await em
      .createQueryBuilder()
      .update(Enrolment)
      .set({ status: 'in_progress' })
      .where({ id: In(enrolmentIds), status: 'enrolled' })
      .execute();
    if (records.length === 1) {
      await this.audit.record(em, actor, {
        action:
          records[0].kind === 'retraction'
            ? 'learning_record.retracted'
            : records[0].supersedesId
              ? 'learning_record.superseded'
              : 'learning_record.created',
        entityType: 'learning_record',
        entityId: records[0].id,
        organisationId: context.cohort.organisationId,
        before: records[0].supersedesId ? await em.findOneBy(LearningRecord, { id: records[0].supersedesId }) : null,
        after: records[0],
      });
    } else if (records.length > 1) {
      await this.audit.record(em, actor, {
        action: 'learning_record.imported',
        entityType: 'record_import',
        entityId: importId ?? 'batch',
        organisationId: context.cohort.organisationId,
        after: { cohortId: context.cohort.id, records: records.length },
      });
    }
    const eligible = await this.refreshEligibility(em, actor, context, enrolmentIds);
    return { records, eligible };
  }

  /** Single record (API): resolve, write, commit, then publish. */
  async record(actor: Actor, cohortId: string, build: (context: CohortContext) => RecordInput): Promise<LearningRecord> {
    const { record, eligible } = await this.dataSource.transaction(async (em) => {
      const context = await CohortContext.load(em, cohortId, actor);
      const input = build(context);
      if (input.supersedesId) await this.assertSupersedable(em, input.supersedesId, input);
      // One attendance a class: a correction may move an attendance to another class only if
      // that class has none (other than the one it corrects).
      if (
        input.kind === 'attendance' &&
        (await this.hasActiveAttendance(em, input.enrolmentId, input.sessionId!, input.supersedesId ?? null))
      ) {
        throw new CoreError(
          'conflict',
          input.supersedesId
            ? 'Attendance at that class is already recorded for this participant by another record; correct that one instead.'
            : 'Attendance at this class is already recorded for this participant; to change it, send a correction with supersedes and reason.',
        );
      }
      const written = await this.writeRecords(em, actor, context, [input]);
      return { record: written.records[0], eligible: written.eligible };
    });
    this.events.publishEligible(eligible);
    return record;
  }

  /**
   * Withdraws a record made by mistake (the wrong participant, a module never completed, an
   * assessment never sat): a retraction supersedes it, with the reason, and states nothing itself.
   * The participant's eligibility is recomputed in the same transaction; the history keeps both.
   */
  async retract(
    actor: Actor,
    cohortId: string,
    recordId: string,
    reason: string,
  ): Promise<{ record: LearningRecord; moduleCode: string }> {
    const { record, eligible, moduleCode } = await this.dataSource.transaction(async (em) => {
      const context = await CohortContext.load(em, cohortId, actor);
      const old = await em.findOneBy(LearningRecord, { id: recordId });
      const enrolment = old ? context.enrolmentById(old.enrolmentId) : undefined;
      if (!old || !enrolment) throw notFound('The record');
      if (old.kind === 'retraction') {
        throw new CoreError('unprocessable', 'A retraction cannot be retracted; record the fact again instead.');
      }
      if (await em.existsBy(LearningRecord, { supersedesId: recordId })) {
        throw new LearningError(
          'record_already_superseded',
          'That record was already corrected or retracted; retract the latest one instead.',
        );
      }
      if (enrolment.status === 'withdrawn') throw recordRefusal('not_enrolled', 'withdrawn', { email: enrolment.email });
      const written = await this.writeRecords(em, actor, context, [
        { enrolmentId: old.enrolmentId, kind: 'retraction', moduleId: old.moduleId, supersedesId: old.id, reason },
      ]);
      const code = context.modules.find((m) => m.id === old.moduleId)?.code ?? '';
      return { record: written.records[0], eligible: written.eligible, moduleCode: code };
    });
    this.events.publishEligible(eligible);
    return { record, moduleCode };
  }

  /**
   * Keeps an uploaded file (by its SHA-256: the same bytes are stored once) and records it as
   * evidence for the participant's module.
   */
  async recordEvidenceFile(
    actor: Actor,
    cohortId: string,
    input: { enrolmentId: string; module: string; fileName: string; mediaType: string; content: Buffer; note?: string },
  ): Promise<LearningRecord> {
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const { record, eligible } = await this.dataSource.transaction(async (em) => {
      const context = await CohortContext.load(em, cohortId, actor);
      // Checks the participant and the module as any record would.
      const base = context.resolve({ enrolmentId: input.enrolmentId, kind: 'module_completion', module: input.module });
      await em
        .createQueryBuilder()
        .insert()
        .into(EvidenceFile)
        .values({ sha256, mediaType: input.mediaType, size: input.content.length, content: input.content })
        .orIgnore()
        .execute();
      const written = await this.writeRecords(em, actor, context, [
        { ...base, kind: 'evidence', evidenceSha256: sha256, evidenceName: input.fileName, note: input.note ?? null },
      ]);
      return { record: written.records[0], eligible: written.eligible };
    });
    this.events.publishEligible(eligible);
    return record;
  }

  /** An evidence file, with the enrolments it is evidence for (to check who may read it). */
  /**
   * An evidence file, with the enrolments whose records name it: `inForce` when a record still in
   * force does (not one corrected or retracted since).
   */
  async evidenceFile(sha256: string): Promise<{ file: EvidenceFile; enrolments: Array<{ id: string; inForce: boolean }> }> {
    const file = await this.dataSource
      .getRepository(EvidenceFile)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.sha256 = :sha256', { sha256 })
      .getOne();
    if (!file) throw notFound('The evidence file');
    const rows = await this.dataSource.query<Array<{ enrolment_id: string; in_force: boolean }>>(
      `select r.enrolment_id, bool_or(${ACTIVE}) as in_force
         from learning_records r where r.evidence_sha256 = $1 group by r.enrolment_id`,
      [sha256],
    );
    return { file, enrolments: rows.map((r) => ({ id: r.enrolment_id, inForce: r.in_force === true })) };
  }

  /** Withdraws a participant who has not completed; their records stay. */
  withdraw(actor: Actor, enrolmentId: string, reason: string): Promise<Enrolment> {
    return this.dataSource.transaction(async (em) => {
      const target = await em.findOneBy(Enrolment, { id: enrolmentId });
      if (!target) throw notFound('The enrolment');
      await CohortContext.load(em, target.cohortId, actor);
      const enrolment = await em.findOne(Enrolment, {
        where: { id: enrolmentId },
        relations: { cohort: true },
        lock: { mode: 'pessimistic_write', tables: ['enrolments'] },
      });
      if (!enrolment) throw notFound('The enrolment');
      if (enrolment.status === 'completed' || enrolment.status === 'withdrawn') {
        throw new CoreError(
          'conflict',
          `The enrolment is ${enrolment.status === 'completed' ? 'completed' : 'already withdrawn'}.`,
        );
      }
      await em.update(Enrolment, { id: enrolmentId }, { status: 'withdrawn' });
      await this.audit.record(em, actor, {
        action: 'enrolment.withdrawn',
        entityType: 'enrolment',
        entityId: enrolmentId,
        organisationId: enrolment.cohort!.organisationId,
        before: { status: enrolment.status },
        after: { status: 'withdrawn', reason },
      });
      return Object.assign(enrolment, { status: 'withdrawn' as const });
    });
  }

  /**
   * Records of one participant in force; with `history`, superseded ones and retractions too (for
   * admins and trainers).
   */
  async records(
    enrolmentId: string,
    history: boolean,
  ): Promise<Array<LearningRecord & { moduleCode: string; supersededBy: string | null }>> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `select r.*, m.code as module_code,
              (select s.id from learning_records s where s.supersedes_id = r.id) as superseded_by
         from learning_records r join programme_modules m on m.id = r.module_id
        where r.enrolment_id = $1 ${history ? '' : `and ${ACTIVE} and r.kind <> 'retraction'`}
        order by r.recorded_at, r.id`,
      [enrolmentId],
    );
    return rows.map((r) =>
      Object.assign(this.dataSource.manager.create(LearningRecord, toRecord(r)), {
        moduleCode: String(r['module_code']),
        supersededBy: (r['superseded_by'] as string | null) ?? null,
      }),
    );
  }

  async progress(enrolmentId: string): Promise<{ enrolment: Enrolment; progress: Progress }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const enrolment = await em.findOneBy(Enrolment, { id: enrolmentId });
      if (!enrolment) throw notFound('The enrolment');
      const context = await CohortContext.load(em, enrolment.cohortId);
      const records = await this.activeRecords(em, [enrolmentId]);
      return { enrolment, progress: evaluate(context.rules(), records.get(enrolmentId) ?? []) };
    });
  }

  /** The evidence recorded for each enrolment (active records only), oldest first. */
  async evidenceOfEnrolments(
    enrolmentIds: readonly string[],
  ): Promise<Map<string, Array<{ url: string | null; sha256: string | null; name: string | null }>>> {
    const result = new Map<string, Array<{ url: string | null; sha256: string | null; name: string | null }>>();
    if (enrolmentIds.length === 0) return result;
    const rows = await this.dataSource.query<
      Array<{ enrolment_id: string; evidence_url: string | null; evidence_sha256: string | null; evidence_name: string | null }>
    >(
      `select r.enrolment_id, r.evidence_url, r.evidence_sha256, r.evidence_name from learning_records r
        where r.enrolment_id = any($1) and (r.evidence_url is not null or r.evidence_sha256 is not null) and ${ACTIVE}
        order by r.recorded_at, r.id`,
      [enrolmentIds],
    );
    for (const r of rows) {
      const list = result.get(r.enrolment_id) ?? [];
      list.push({ url: r.evidence_url, sha256: r.evidence_sha256, name: r.evidence_name });
      result.set(r.enrolment_id, list);
    }
    return result;
  }

  /** The progress of many enrolments at once (one cohort context per cohort), for issuance. */
  async progressOfEnrolments(enrolmentIds: readonly string[]): Promise<Map<string, Progress>> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const result = new Map<string, Progress>();
      if (enrolmentIds.length === 0) return result;
      const enrolments = await em.findBy(Enrolment, { id: In([...enrolmentIds]) });
      const records = await this.activeRecords(
        em,
        enrolments.map((e) => e.id),
      );
      // The rules of each cohort's programme version (without loading the cohort's participants).
      const rulesByCohort = new Map<string, RuleSet>();
      for (const enrolment of enrolments) {
        let rules = rulesByCohort.get(enrolment.cohortId);
        if (!rules) {
          const cohort = await em.findOneByOrFail(Cohort, { id: enrolment.cohortId });
          const version = await em.findOneByOrFail(ProgrammeVersion, { id: cohort.programmeVersionId });
          const modules = await em.find(ProgrammeModule, {
            where: { programmeVersionId: version.id },
            order: { position: 'ASC' },
          });
          rules = CohortContext.rulesOf(version, modules);
          rulesByCohort.set(enrolment.cohortId, rules);
        }
        result.set(enrolment.id, evaluate(rules, records.get(enrolment.id) ?? []));
      }
      return result;
    });
  }

  async progressOfCohort(cohortId: string): Promise<Array<{ enrolment: Enrolment & { email: string }; progress: Progress }>> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const context = await CohortContext.load(em, cohortId);
      const enrolments = await em.findBy(Enrolment, { cohortId });
      const records = await this.activeRecords(
        em,
        enrolments.map((e) => e.id),
      );
      return enrolments.map((e) => ({
        enrolment: Object.assign(e, { email: context.enrolmentById(e.id)!.email }),
        progress: evaluate(context.rules(), records.get(e.id) ?? []),
      }));
    });
  }

  private passMarkOf(context: CohortContext, moduleId: string): number {
    return context.rules().modules.find((m) => m.id === moduleId)?.passMark ?? context.version.passMark;
  }

  /** Whether the participant's attendance at the class is recorded (by a record other than `except`). */
  private async hasActiveAttendance(
    em: EntityManager,
    enrolmentId: string,
    sessionId: string,
    except: string | null = null,
  ): Promise<boolean> {
    const [row] = await em.query<Array<{ found: boolean }>>(
      `select exists (select 1 from learning_records r where r.enrolment_id = $1 and r.session_id = $2
                        and r.id is distinct from $3::uuid and ${ACTIVE}) as found`,
      [enrolmentId, sessionId, except],
    );
    return row?.found === true;
  }

  private async assertSupersedable(em: EntityManager, supersedesId: string, input: RecordInput): Promise<void> {
    const old = await em.findOneBy(LearningRecord, { id: supersedesId });
    if (!old || old.enrolmentId !== input.enrolmentId) throw notFound('The record to correct');
    if (old.kind !== input.kind)
      throw new CoreError('unprocessable', `A ${old.kind} record can only be corrected by another ${old.kind} record.`);
    if (await em.existsBy(LearningRecord, { supersedesId })) {
      throw new LearningError('record_already_superseded', 'That record was already corrected; correct the latest one instead.');
    }
  }

  private async activeRecords(em: EntityManager, enrolmentIds: readonly string[]): Promise<Map<string, ActiveRecord[]>> {
    const byEnrolment = new Map<string, ActiveRecord[]>();
    if (enrolmentIds.length === 0) return byEnrolment;
    const rows = await em.query<
      Array<{
        enrolment_id: string;
        kind: ActiveRecord['kind'];
        module_id: string;
        hours: string | null;
        score: string | null;
        first_recorded_at: Date;
      }>
    >(
      // A correction keeps the place of the record it corrects: each active record with the
      // recording time of the first record of its chain of corrections.
      `with recursive chain as (
         select r.id, r.enrolment_id, r.kind, r.module_id, r.hours, r.score, r.supersedes_id as back, r.recorded_at as at
           from learning_records r where r.enrolment_id = any($1) and r.kind <> 'retraction' and ${ACTIVE}
         union all
         select c.id, c.enrolment_id, c.kind, c.module_id, c.hours, c.score, o.supersedes_id, o.recorded_at
           from chain c join learning_records o on o.id = c.back
       )
       select enrolment_id, kind, module_id, hours, score, min(at) as first_recorded_at
         from chain group by id, enrolment_id, kind, module_id, hours, score`,
      [enrolmentIds],
    );
    for (const r of rows) {
      const list = byEnrolment.get(r.enrolment_id) ?? [];
      list.push({
        kind: r.kind,
        moduleId: r.module_id,
        hours: r.hours === null ? null : Number(r.hours),
        score: r.score === null ? null : Number(r.score),
        firstRecordedAt: r.first_recorded_at,
      });
      byEnrolment.set(r.enrolment_id, list);
    }
    return byEnrolment;
  }

  /**
   * Recomputes the decision of the given participants and stores the transitions: eligible
   * (status completed, eligible_at set, an event to publish after commit) and no longer eligible
   * after a correction (back to in progress).
   */
  private async refreshEligibility(
    em: EntityManager,
    actor: Actor,
    context: CohortContext,
    enrolmentIds: readonly string[],
  ): Promise<EnrolmentEligible[]> {
    const rules = context.rules();
    const records = await this.activeRecords(em, enrolmentIds);
    const enrolments = await em.find(Enrolment, {
      where: { id: In([...enrolmentIds]) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const now = this.clock.now();
    const events: EnrolmentEligible[] = [];
    const ineligible: string[] = [];
    for (const enrolment of enrolments) {
      if (enrolment.status === 'withdrawn') continue;
      const progress = evaluate(rules, records.get(enrolment.id) ?? []);
      if (progress.eligible && !enrolment.eligibleAt) {
        await em.update(Enrolment, { id: enrolment.id }, { status: 'completed', eligibleAt: now });
        await this.audit.record(em, actor, {
          action: 'enrolment.eligible',
          entityType: 'enrolment',
          entityId: enrolment.id,
          organisationId: context.cohort.organisationId,
          after: { hoursDone: progress.hoursDone, modulesDone: progress.modulesDone },
        });
        events.push({
          enrolmentId: enrolment.id,
          cohortId: enrolment.cohortId,
          accountId: enrolment.accountId,
          programmeVersionId: context.version.id,
          eligibleAt: now,
        });
      } else if (!progress.eligible && enrolment.eligibleAt) {
        await em.update(Enrolment, { id: enrolment.id }, { status: 'in_progress', eligibleAt: null });
        ineligible.push(enrolment.id);
        await this.audit.record(em, actor, {
          action: 'enrolment.no_longer_eligible',
          entityType: 'enrolment',
          entityId: enrolment.id,
          organisationId: context.cohort.organisationId,
          after: { unmet: progress.unmet },
        });
      }
    }
    await this.events.eligibilityChanged(em, actor, { eligible: events, ineligible });
    return events;
  }
}

/** A raw learning_records row (snake_case, numerics as strings) as entity fields. */
function toRecord(r: Record<string, unknown>): Partial<LearningRecord> {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    id: r['id'] as string,
    enrolmentId: r['enrolment_id'] as string,
    kind: r['kind'] as LearningRecord['kind'],
    moduleId: r['module_id'] as string,
    sessionId: (r['session_id'] as string | null) ?? null,
    hours: num(r['hours']),
    score: num(r['score']),
    passed: (r['passed'] as boolean | null) ?? null,
    evidenceUrl: (r['evidence_url'] as string | null) ?? null,
    evidenceSha256: (r['evidence_sha256'] as string | null) ?? null,
    evidenceName: (r['evidence_name'] as string | null) ?? null,
    note: (r['note'] as string | null) ?? null,
    supersedesId: (r['supersedes_id'] as string | null) ?? null,
    reason: (r['reason'] as string | null) ?? null,
    recordedBy: r['recorded_by'] as string,
    recordedAt: r['recorded_at'] as Date,
    importId: (r['import_id'] as string | null) ?? null,
  };
}
