import { describe, expect, it } from '@jest/globals';
import { evaluate, type ActiveRecord, type RuleSet } from './eligibility.js';

const rules = (): RuleSet => ({
  minAttendancePercent: 80,
  modules: [
    { id: 'm1', code: 'W1', contactHours: 5, assessed: false, passMark: 70 },
    { id: 'm2', code: 'W2', contactHours: 10, assessed: true, passMark: 70 },
  ],
});
let clock = 0;
const at = (kind: ActiveRecord['kind'], moduleId: string, values: { hours?: number; score?: number } = {}): ActiveRecord => ({
  kind,
  moduleId,
  hours: values.hours ?? null,
  score: values.score ?? null,
  firstRecordedAt: new Date(++clock * 1000),
});

describe('eligibility', () => {
  it('is eligible when every module has its attendance and every assessed module is passed', () => {
    const p = evaluate(rules(), [
      at('attendance', 'm1', { hours: 4 }),
      at('attendance', 'm2', { hours: 8 }),
      at('assessment', 'm2', { score: 70 }),
    ]);
    expect(p).toMatchObject({
      eligible: true,
      unmet: [],
      hoursRequired: 15,
      hoursDone: 12,
      modulesDone: 2,
      assessmentsPassed: 1,
    });
  });

  it('names the module whose hours are short (80% of 5 is 4)', () => {
    const p = evaluate(rules(), [
      at('attendance', 'm1', { hours: 3.75 }),
      at('attendance', 'm2', { hours: 10 }),
      at('assessment', 'm2', { score: 90 }),
    ]);
    expect(p.eligible).toBe(false);
    expect(p.unmet).toEqual([
      expect.objectContaining({ code: 'attendance', module: 'W1', requiredHours: 4, attendedHours: 3.75 }),
    ]);
  });

  it('counts a module completed by a trainer whatever the hours', () => {
    const p = evaluate(rules(), [
      at('module_completion', 'm1'),
      at('attendance', 'm2', { hours: 8 }),
      at('assessment', 'm2', { score: 70 }),
    ]);
    expect(p.eligible).toBe(true);
  });

  it('names a missing and a failed assessment; the latest score counts', () => {
    const base = [at('attendance', 'm1', { hours: 5 }), at('attendance', 'm2', { hours: 10 })];
    expect(evaluate(rules(), base).unmet).toEqual([expect.objectContaining({ code: 'assessment_missing', module: 'W2' })]);
    const failed = evaluate(rules(), [...base, at('assessment', 'm2', { score: 90 }), at('assessment', 'm2', { score: 69.5 })]);
    expect(failed.unmet).toEqual([
      expect.objectContaining({ code: 'assessment_failed', module: 'W2', score: 69.5, passMark: 70 }),
    ]);
    const retaken = evaluate(rules(), [...base, at('assessment', 'm2', { score: 40 }), at('assessment', 'm2', { score: 75 })]);
    expect(retaken.eligible).toBe(true);
  });

  it('caps hours done at each module’s contact hours and ignores records of other modules', () => {
    const p = evaluate(rules(), [at('attendance', 'm1', { hours: 9 }), at('attendance', 'other', { hours: 20 })]);
    expect(p.hoursDone).toBe(5);
    expect(p.modules[1].attendedHours).toBe(0);
  });

  it('never lowers a threshold by rounding: 70% of 1.33 h needs 0.94 h', () => {
    const tight: RuleSet = {
      minAttendancePercent: 70,
      modules: [{ id: 'm', code: 'T', contactHours: 1.33, assessed: false, passMark: 0 }],
    };
    expect(evaluate(tight, [at('attendance', 'm', { hours: 0.93 })]).unmet).toEqual([
      expect.objectContaining({ code: 'attendance', requiredHours: 0.94, attendedHours: 0.93 }),
    ]);
    expect(evaluate(tight, [at('attendance', 'm', { hours: 0.94 })]).eligible).toBe(true);
    // And exact products stay exact: 80% of 5 h is 4 h, not 4.01.
    expect(evaluate(rules(), [at('attendance', 'm1', { hours: 4 })]).modules[0].done).toBe(true);
  });

  it('has nothing to attend when the rule asks 0%, but assessments still count', () => {
    const p = evaluate({ ...rules(), minAttendancePercent: 0 }, []);
    expect(p.unmet.map((u) => u.code)).toEqual(['assessment_missing']);
  });
});
