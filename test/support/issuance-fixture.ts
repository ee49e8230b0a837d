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
  readonly cohortId: string;
  readonly participants: Array<{ enrolmentId: string; accountId: string; email: string }>;
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
  },
): Promise<EligibleCohort> {
  const platform = await t.signedIn('platform_admin');
  const orgId = (
    await t.call<{ id: string }>(
      'POST',
      '/organisations',
      platform,
      { slug: options.slug, name: { en: `Org ${options.slug}`, fr: `Org ${options.slug} (fr)` }, url: 'https://example.org' },
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
        modules: [{ code: 'M1', title: { en: 'What AI is' }, contactHours: 6, competencies: ['1.1', '3.1'] }],
      },
      201,
    )
  ).id;
  const cohortId = (
    await t.call<{ id: string }>(
      'POST',
      '/cohorts',
      admin,
      {
        programmeId,
        name: 'Cohort 1',
        startsOn: '2026-01-05',
        endsOn: '2026-01-30',
        mode: 'online',
        language: options.language ?? 'en',
      },
      201,
    )
  ).id;
  const trainer = await t.signedIn('learner');
  await t.call('PUT', `/cohorts/${cohortId}/trainers/${trainer.accountId}`, admin, undefined, 204);
  const participants: EligibleCohort['participants'] = [];
  for (let start = 0; start < options.participants; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, options.participants - start) }, (_, i) => ({
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
    participants.push(...enrolled.map((e, i) => ({ enrolmentId: e.id, accountId: e.accountId, email: batch[i].email })));
  }
  return { orgId, slug: options.slug, admin, trainer, programmeId, cohortId, participants };
}

/** Makes the given participants eligible: one CSV of module completions, imported by the trainer. */
export async function complete(t: TestApp, cohort: EligibleCohort, emails: readonly string[]): Promise<void> {
  const csv = ['email,module,kind,date,hours,score', ...emails.map((e) => `${e},M1,module_completion,2026-01-30,,`)].join('\n');
  const res = await t.app.inject({
    method: 'POST',
    url: `/cohorts/${cohort.cohortId}/records/import`,
    headers: { ...cohort.trainer.headers, 'content-type': 'text/csv' },
    payload: `${csv}\n`,
  });
  if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
  const report = res.json<{ eligible: number }>();
  if (report.eligible !== emails.length) throw new Error(`expected ${emails.length} eligible, got ${res.body}`);
}
