/**
 * Eligibility: from a programme version's rules and a participant's active learning records, the
 * progress and the decision, with every unmet condition named. Pure, so that the same inputs
 * always give the same decision and an auditor can recompute it.
 *
 * The rules, per module of the version:
 * - attendance: the hours attended at the module's classes reach `minAttendancePercent` of its
 *   contact hours, or a trainer recorded the module as completed (self-paced or online work);
 * - assessment (assessed modules): the latest attempt's score reaches the module's pass mark
 *   (the version's pass mark unless the module sets its own). A correction takes the place of the
 *   attempt it corrects: correcting a first attempt's score leaves a later retake the latest.
 * The participant is eligible when every module meets its conditions.
 */

export interface ModuleRule {
  readonly id: string;
  readonly code: string;
  readonly contactHours: number;
  readonly assessed: boolean;
  /** Effective pass mark (module's own, or the version's). */
  readonly passMark: number;
}

export interface RuleSet {
  readonly minAttendancePercent: number;
  readonly modules: readonly ModuleRule[];
}

export interface ActiveRecord {
  readonly kind: 'attendance' | 'module_completion' | 'assessment' | 'evidence';
  readonly moduleId: string;
  readonly hours: number | null;
  readonly score: number | null;
  /**
   * When the record was first recorded: for a correction, when the record it corrects (the first
   * of its chain) was. Attempts are ordered by it.
   */
  readonly firstRecordedAt: Date;
}

export type UnmetCondition =
  | {
      readonly code: 'attendance';
      readonly module: string;
      readonly requiredHours: number;
      readonly attendedHours: number;
      readonly detail: string;
    }
  | { readonly code: 'assessment_missing'; readonly module: string; readonly detail: string }
  | {
      readonly code: 'assessment_failed';
      readonly module: string;
      readonly score: number;
      readonly passMark: number;
      readonly detail: string;
    };

export interface ModuleProgress {
  readonly code: string;
  readonly contactHours: number;
  readonly requiredHours: number;
  readonly attendedHours: number;
  readonly completedByTrainer: boolean;
  readonly done: boolean;
  readonly assessment: { readonly score: number | null; readonly passMark: number; readonly passed: boolean } | null;
}

export interface Progress {
  readonly hoursRequired: number;
  readonly hoursDone: number;
  readonly modulesRequired: number;
  readonly modulesDone: number;
  readonly assessmentsRequired: number;
  readonly assessmentsPassed: number;
  readonly modules: readonly ModuleProgress[];
  readonly eligible: boolean;
  readonly unmet: readonly UnmetCondition[];
}

/** Hours are kept to the quarter hour; sums are rounded to avoid 0.1 + 0.2 surprises. */
const round = (n: number): number => Math.round(n * 100) / 100;

export function evaluate(rules: RuleSet, records: readonly ActiveRecord[]): Progress {
  const unmet: UnmetCondition[] = [];
  const modules = rules.modules.map((m): ModuleProgress => {
    const own = records.filter((r) => r.moduleId === m.id);
    const attendedHours = round(own.filter((r) => r.kind === 'attendance').reduce((sum, r) => sum + (r.hours ?? 0), 0));
    // Hundredths of an hour, rounded up: a threshold is never lowered by rounding
    // (70% of 1.33 h is 0.931 h, so 0.94 h is needed, not 0.93).
    const requiredHours = Math.ceil(m.contactHours * rules.minAttendancePercent - 1e-9) / 100;
    const completedByTrainer = own.some((r) => r.kind === 'module_completion');
    const attendanceMet = completedByTrainer || attendedHours >= requiredHours;
    if (!attendanceMet) {
      unmet.push({
        code: 'attendance',
        module: m.code,
        requiredHours,
        attendedHours,
        detail: `Module ${m.code}: ${attendedHours} of the ${requiredHours} hours required attended.`,
      });
    }
    let assessment: ModuleProgress['assessment'] = null;
    let assessmentMet = true;
    if (m.assessed) {
      const latest = own
        .filter((r) => r.kind === 'assessment' && r.score !== null)
        .sort((a, b) => b.firstRecordedAt.getTime() - a.firstRecordedAt.getTime())[0];
      const score = latest?.score ?? null;
      const passed = score !== null && score >= m.passMark;
      assessment = { score, passMark: m.passMark, passed };
      assessmentMet = passed;
      if (score === null) {
        unmet.push({ code: 'assessment_missing', module: m.code, detail: `Module ${m.code}: no assessment result yet.` });
      } else if (!passed) {
        unmet.push({
          code: 'assessment_failed',
          module: m.code,
          score,
          passMark: m.passMark,
          detail: `Module ${m.code}: scored ${score}, the pass mark is ${m.passMark}.`,
        });
      }
    }
    return {
      code: m.code,
      contactHours: m.contactHours,
      requiredHours,
      attendedHours,
      completedByTrainer,
      done: attendanceMet && assessmentMet,
      assessment,
    };
  });
  const assessed = modules.filter((m) => m.assessment !== null);
  return {
    hoursRequired: round(rules.modules.reduce((sum, m) => sum + m.contactHours, 0)),
    hoursDone: round(modules.reduce((sum, m) => sum + Math.min(m.attendedHours, m.contactHours), 0)),
    modulesRequired: modules.length,
    modulesDone: modules.filter((m) => m.done).length,
    assessmentsRequired: assessed.length,
    assessmentsPassed: assessed.filter((m) => m.assessment!.passed).length,
    modules,
    eligible: unmet.length === 0,
    unmet,
  };
}
