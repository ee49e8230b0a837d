import type { TestApp } from './test-app.js';

export interface Who {
  readonly accountId: string;
  readonly headers: { authorization: string };
}

export interface EligibleCohort {
  readonly orgId: string;
  readonly slug: string;
  readonly admin: Who;
  readonly trainer: Who;
  readonly programmeId: string;
  /** The first cohort; `cohortIds` lists them all when there are several. */
  readonly cohortId: string;
  readonly cohortIds: string[];
  readonly participants: Array<{ enrolmentId: string; accountId: string; email: string; cohortId: string }>;
}

/**
 * An organisation with a one-module programme (aligned to two AI CFT competencies), a cohort,
 * and participants enrolled. `complete` makes them eligible through the real path (a CSV of
 * module completions, imported by the trainer), in one transaction.
 */
export async function cohortWithParticipants(
  t: TestApp,
  options: {
    slug: string;
    participants: number;
    issuanceMode?: 'automatic' | 'approval';
    jwtProfile?: 'vc+jwt' | 'ob3';
    validityMonths?: number;
    language?: 'en' | 'fr' | 'ar';
    /** Participants are spread over this many cohorts of the programme (1 by default). */
    cohorts?: number;
    didMethod?: 'web' | 'key';
    /** The cohorts' certificate languages ("ar-en"). */
    certificateLanguages?: string;
    /** The module is assessed (pass mark 60): `complete` then records a score too. */
    assessed?: boolean;
  },
): Promise<EligibleCohort> {
  const platform = await t.signedIn('platform_admin');
  const orgId = (
    await t.call<{ id: string }>(
      'POST',
      '/organisations',
      platform,
      {
        slug: options.slug,
        name: { en: `Org ${options.slug}`, fr: `Org ${options.slug} (fr)` },
        url: 'https://example.org',
        ...(options.didMethod ? { didMethod: options.didMethod } : {}),
      },
      201,
    )
  ).id;
  const admin = await t.signedIn([{ role: 'org_admin', organisationId: orgId }]);
  const programmeId = (
    await t.call<{ id: string }>(
      'POST',
      `/organisations/${orgId}/programmes`,
      admin,
      {
        slug: 'ai-basics',
        name: { en: 'AI basics for teachers', fr: 'Les bases de l’IA pour les enseignants' },
        description: { en: 'A 6-hour introduction.' },
        criteria: { en: 'Complete the module.' },
        achievementType: 'MicroCredential',
        minAttendancePercent: 80,
        passMark: 60,
        issuanceMode: options.issuanceMode ?? 'automatic',
        ...(options.jwtProfile ? { jwtProfile: options.jwtProfile } : {}),
        ...(options.validityMonths ? { validityMonths: options.validityMonths } : {}),
        modules: [
          {
            code: 'M1',
            title: { en: 'What AI is' },
            contactHours: 6,
            competencies: ['1.1', '3.1'],
            ...(options.assessed ? { assessed: true } : {}),
          },
        ],
      },
      201,
    )
  ).id;
  const trainer = await t.signedIn('learner');
  const cohortIds: string[] = [];
  for (let c = 0; c < (options.cohorts ?? 1); c++) {
    const id = (
      await t.call<{ id: string }>(
        'POST',
        '/cohorts',
        admin,
        {
          programmeId,
          name: `Cohort ${c + 1}`,
          startsOn: '2026-01-05',
          endsOn: '2026-01-30',
          mode: 'online',
          language: options.language ?? 'en',
          ...(options.certificateLanguages ? { certificateLanguages: options.certificateLanguages } : {}),
        },
        201,
      )
    ).id;
    await t.call('PUT', `/cohorts/${id}/trainers/${trainer.accountId}`, admin, undefined, 204);
    cohortIds.push(id);
  }
  const participants: EligibleCohort['participants'] = [];
  const perCohort = Math.ceil(options.participants / cohortIds.length);
  for (const [c, cohortId] of cohortIds.entries()) {
    const first = c * perCohort;
    const last = Math.min(options.participants, first + perCohort);
    for (let start = first; start < last; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, last - start) }, (_, i) => ({
        email: `p${start + i + 1}.${options.slug}@school.test`,
        displayName: `Participant ${start + i + 1}`,
        role: 'teacher',
      }));
      const enrolled = await t.call<Array<{ id: string; accountId: string }>>(
        'POST',
        `/cohorts/${cohortId}/enrolments`,
        trainer,
        { participants: batch },
        201,
      );
      participants.push(
        ...enrolled.map((e, i) => ({ enrolmentId: e.id, accountId: e.accountId, email: batch[i].email, cohortId })),
      );
    }
  }
  return { orgId, slug: options.slug, admin, trainer, programmeId, cohortId: cohortIds[0], cohortIds, participants };
}

/** Makes the given participants eligible: one CSV of module completions, imported by the trainer. */
export async function complete(
  t: TestApp,
  cohort: EligibleCohort,
  emails: readonly string[],
  /** For an assessed module: the score each gets (a pass, unless told otherwise). */
  score?: number,
): Promise<void> {
  for (const cohortId of cohort.cohortIds) {
    const mine = new Set(cohort.participants.filter((p) => p.cohortId === cohortId).map((p) => p.email));
    const chosen = emails.filter((e) => mine.has(e));
    if (chosen.length === 0) continue;
    const csv = [
      'email,module,kind,date,hours,score',
      ...chosen.flatMap((e) => [
        `${e},M1,module_completion,2026-01-30,,`,
        ...(score === undefined ? [] : [`${e},M1,assessment,2026-01-30,,${score}`]),
      ]),
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: `/cohorts/${cohortId}/records/import`,
      headers: { ...cohort.trainer.headers, 'content-type': 'text/csv' },
      payload: `${csv}\n`,
    });
    if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
    const report = res.json<{ eligible: number }>();
    if (report.eligible !== chosen.length) throw new Error(`expected ${chosen.length} eligible, got ${res.body}`);
  }
}

/**
 * An organisation (made by a platform admin), an admin of it, and one programme of its own with
 * two modules, the second assessed: for the tests of learning records.
 */
export async function twoModuleProgramme(
  t: TestApp,
  options: {
    slug: string;
    /** The two modules' codes and contact hours. */
    modules: readonly [readonly [string, number], readonly [string, number]];
    minAttendancePercent: number;
    issuanceMode: 'automatic' | 'approval';
  },
): Promise<{ orgId: string; admin: Who; programmeId: string }> {
  const platform = await t.signedIn('platform_admin');
  const orgId = (
    await t.call<{ id: string }>(
      'POST',
      '/organisations',
      platform,
      { slug: options.slug, name: { en: `Org ${options.slug}` } },
      201,
    )
  ).id;
  const admin = await t.signedIn([{ role: 'org_admin', organisationId: orgId }]);
  const [[first, firstHours], [second, secondHours]] = options.modules;
  const programmeId = (
    await t.call<{ id: string }>(
      'POST',
      `/organisations/${orgId}/programmes`,
      admin,
      {
        slug: `${options.slug}-course`,
        name: { en: 'Short course' },
        description: { en: 'Two modules, the second assessed.' },
        criteria: { en: 'Attend and pass.' },
        achievementType: 'Course',
        minAttendancePercent: options.minAttendancePercent,
        passMark: 60,
        issuanceMode: options.issuanceMode,
        modules: [
          { code: first, title: { en: first }, contactHours: firstHours },
          { code: second, title: { en: second }, contactHours: secondHours, assessed: true },
        ],
      },
      201,
    )
  ).id;
  return { orgId, admin, programmeId };
}
