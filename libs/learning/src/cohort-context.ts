import type { EntityManager } from 'typeorm';
import { ProgrammeModule, ProgrammeVersion } from '@app/catalogue';
import { notFound } from '@app/core';
import type { RuleSet } from './eligibility.js';
import { ClassSession } from './entities/class-session.entity.js';
import { Cohort } from './entities/cohort.entity.js';
import { Enrolment } from './entities/enrolment.entity.js';
import { recordRefusal } from './record-phrases.js';

/** What one record means, once validated against its cohort. */
export interface RecordInput {
  readonly enrolmentId: string;
  readonly kind: 'attendance' | 'module_completion' | 'assessment' | 'evidence' | 'retraction';
  readonly moduleId: string;
  readonly sessionId?: string | null;
  readonly hours?: number | null;
  readonly score?: number | null;
  readonly evidenceUrl?: string | null;
  readonly evidenceSha256?: string | null;
  readonly evidenceName?: string | null;
  readonly note?: string | null;
  readonly supersedesId?: string | null;
  readonly reason?: string | null;
}

/** A record as a caller describes it: by module code, class date, participant email or id. */
export interface RecordRequest {
  readonly enrolmentId?: string;
  readonly email?: string;
  readonly kind: Exclude<RecordInput['kind'], 'retraction'>;
  readonly module: string;
  /** For attendance: the date of the class (YYYY-MM-DD). */
  readonly date?: string;
  readonly hours?: number;
  readonly score?: number;
  readonly evidenceUrl?: string;
  readonly note?: string;
}

/**
 * Everything needed to check records for one cohort, loaded once (a CSV of 10,000 rows is
 * checked against maps, not with a query per row).
 */
export class CohortContext {
  private constructor(
    /** The trainer writing records through this context (never for their own enrolment). */
    private readonly recorderId: string | null,
    readonly cohort: Cohort,
    readonly version: ProgrammeVersion,
    readonly modules: readonly ProgrammeModule[],
    private readonly sessions: readonly ClassSession[],
    private readonly enrolments: ReadonlyArray<Enrolment & { email: string }>,
  ) {}

  /**
   * Loads the cohort. With `writer`, first takes the cohort's write lock (a transaction-scoped
   * advisory lock): writes to one cohort's records run one after the other, so each sees what the
   * previous one committed (no double attendance, no lost eligibility, no import racing an import).
   */
  static async load(em: EntityManager, cohortId: string, writer?: { accountId: string | null }): Promise<CohortContext> {
    if (writer) await em.query('select pg_advisory_xact_lock(hashtextextended($1, 7021))', [cohortId]);
    const cohort = await em.findOneBy(Cohort, { id: cohortId });
    if (!cohort) throw notFound('The cohort');
    const version = await em.findOneByOrFail(ProgrammeVersion, { id: cohort.programmeVersionId });
    const modules = await em.find(ProgrammeModule, { where: { programmeVersionId: version.id }, order: { position: 'ASC' } });
    const sessions = await em.findBy(ClassSession, { cohortId });
    const enrolments = await em
      .createQueryBuilder(Enrolment, 'e')
      .innerJoin('e.account', 'a')
      .addSelect('a.email', 'email')
      .where('e.cohort_id = :cohortId', { cohortId })
      .getRawAndEntities();
    const withEmail = enrolments.entities.map((e, i) =>
      Object.assign(e, { email: String((enrolments.raw[i] as { email: string }).email) }),
    );
    return new CohortContext(writer?.accountId ?? null, cohort, version, modules, sessions, withEmail);
  }

  rules(): RuleSet {
    return CohortContext.rulesOf(this.version, this.modules);
  }

  /** The eligibility rules of a programme version. */
  static rulesOf(version: ProgrammeVersion, modules: readonly ProgrammeModule[]): RuleSet {
    return {
      minAttendancePercent: version.minAttendancePercent,
      modules: modules.map((m) => ({
        id: m.id,
        code: m.code,
        contactHours: m.contactHours,
        assessed: m.assessed,
        passMark: m.passMark ?? version.passMark,
      })),
    };
  }

  moduleByCode(code: string): ProgrammeModule | undefined {
    return this.modules.find((m) => m.code === code);
  }

  enrolmentByEmail(email: string): (Enrolment & { email: string }) | undefined {
    const wanted = email.trim().toLowerCase();
    return this.enrolments.find((e) => e.email === wanted);
  }

  enrolmentById(id: string): (Enrolment & { email: string }) | undefined {
    return this.enrolments.find((e) => e.id === id);
  }

  session(moduleId: string, date: string): ClassSession | undefined {
    return this.sessions.find((s) => s.moduleId === moduleId && s.heldOn === date);
  }

  /**
   * Turns a request into a record input, or throws a refusal that says what is wrong
   * (the CSV importer turns the error into a row of its report).
   */
  resolve(request: RecordRequest): RecordInput {
    const enrolment = request.enrolmentId
      ? this.enrolmentById(request.enrolmentId)
      : request.email
        ? this.enrolmentByEmail(request.email)
        : undefined;
    if (!enrolment) {
      throw request.email
        ? recordRefusal('not_enrolled', 'notEnrolledEmail', { email: request.email })
        : recordRefusal('not_enrolled', 'notEnrolled');
    }
    if (enrolment.status === 'withdrawn') throw recordRefusal('not_enrolled', 'withdrawn', { email: enrolment.email });
    const module = this.moduleByCode(request.module);
    if (!module) {
      throw recordRefusal('unknown_module', 'unknownModule', {
        module: request.module,
        modules: this.modules.map((m) => m.code).join(', '),
      });
    }
    const base = { enrolmentId: enrolment.id, moduleId: module.id, note: request.note ?? null };
    switch (request.kind) {
      case 'attendance': {
        if (!request.date) throw recordRefusal('validation_failed', 'attendanceDate');
        const session = this.session(module.id, request.date);
        if (!session) throw recordRefusal('unknown_session', 'unknownSession', { module: module.code, date: request.date });
        if (request.hours === undefined) throw recordRefusal('validation_failed', 'attendanceHours');
        if (request.hours > session.hours) {
          throw recordRefusal('hours_exceed_session', 'hoursExceedSession', {
            hours: request.hours,
            module: module.code,
            date: request.date,
            sessionHours: session.hours,
          });
        }
        return { ...base, kind: 'attendance', sessionId: session.id, hours: request.hours };
      }
      case 'assessment':
        if (request.score === undefined) throw recordRefusal('validation_failed', 'scoreMissing');
        if (!module.assessed) throw recordRefusal('unknown_module', 'notAssessed', { module: module.code });
        return { ...base, kind: 'assessment', score: request.score };
      case 'module_completion':
        return { ...base, kind: 'module_completion' };
      case 'evidence':
        if (!request.evidenceUrl) throw recordRefusal('validation_failed', 'evidenceLink');
        return { ...base, kind: 'evidence', evidenceUrl: request.evidenceUrl };
    }
  }
}
