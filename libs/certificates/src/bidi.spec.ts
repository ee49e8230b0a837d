import { describe, expect, it } from '@jest/globals';
import { visualRuns } from './bidi.js';
import { fonts } from './fonts.js';
import { isolateLtr } from './typesetter.js';

/** Runs in visual order, left to right: "R:" right-to-left, "L:" left-to-right; bidi controls hidden. */
const runs = (line: string, base: 'ltr' | 'rtl' = 'rtl'): string[] =>
  visualRuns(line, base)
    .map((r) => `${r.rtl ? 'R' : 'L'}:${r.text.replace(/[\u2066-\u2069]/g, '')}`)
    .filter((r) => r.length > 2);

/**
 * The Arabic golden test: the visual order of runs the layout draws, for fixed lines. A
 * right-to-left run is drawn right to left by the shaper, so the line reads, from the right:
 * the last run of each array first.
 */
describe('Arabic and mixed lines, in visual order (UAX #9)', () => {
  it('pure Arabic is one right-to-left run', () => {
    expect(runs('شهادة إتمام')).toEqual(['R:شهادة إتمام']);
  });

  it('a name with lam-alef stays one run, and the font draws lam-alef with its joined forms, right to left', () => {
    expect(runs('علاء الأمين')).toEqual(['R:علاء الأمين']);
    const amiri = fonts()['amiri-regular'];
    const isolated = (letter: string): number => amiri.layout(letter, []).glyphs[0].id;
    const lamAlef = amiri.layout('لا', []).glyphs.map((g) => g.id);
    // Amiri draws lam-alef as two special glyphs, neither the isolated lam nor the isolated alef.
    expect(lamAlef).toHaveLength(2);
    expect(lamAlef).not.toContain(isolated('ل'));
    expect(lamAlef).not.toContain(isolated('ا'));
    // Separated by a space, they are isolated letters, laid out right to left (alef first from the left).
    expect(amiri.layout('ل ا', []).glyphs.map((g) => g.id)).toEqual([
      isolated('ا'),
      amiri.layout(' ', []).glyphs[0].id,
      isolated('ل'),
    ]);
  });

  it('digits, Western or Arabic-Indic, keep left-to-right order between the Arabic words', () => {
    expect(runs('أكمل 40 ساعة تدريبية')).toEqual(['R: ساعة تدريبية', 'L:40', 'R:أكمل ']);
    expect(runs('أكمل ٤٠ ساعة تدريبية')).toEqual(['R: ساعة تدريبية', 'L:٤٠', 'R:أكمل ']);
  });

  it('a mixed Arabic and Latin line with a date puts each run in its place', () => {
    expect(runs('صدرت في 20 نوفمبر 2026 عن UNESCO')).toEqual([
      'L:UNESCO',
      'R: عن ',
      'L:2026',
      'R: نوفمبر ',
      'L:20',
      'R:صدرت في ',
    ]);
    // An ISO date is isolated, so its hyphens do not reverse its parts.
    expect(runs(`صدرت في ${isolateLtr('2026-11-23')}`)).toEqual(['L:2026-11-23', 'R:صدرت في ']);
  });

  it('brackets in right-to-left runs are mirrored, so a phrase in brackets reads right', () => {
    // Drawn right to left, "الكفاءة )" shows ")" at its left end, facing 3.1: "(3.1)" on the page.
    expect(runs('الكفاءة (3.1) أساسيات')).toEqual(['R:( أساسيات', 'L:3.1', 'R:الكفاءة )']);
    expect(runs('اسم (Jean Dupont) هنا')).toEqual(['R:( هنا', 'L:Jean Dupont', 'R:اسم )']);
    expect(runs('(الذكاء الاصطناعي)')).toEqual(['R:)الذكاء الاصطناعي(']);
  });

  it('a left-to-right line keeps an Arabic word as a run of its own, brackets unmirrored', () => {
    expect(runs('Certificat de مرحبا (ABC) fin', 'ltr')).toEqual(['L:Certificat de ', 'R:مرحبا', 'L: (ABC) fin']);
    expect(runs('Certificate (AI) of 40 hours', 'ltr')).toEqual(['L:Certificate (AI) of 40 hours']);
  });
});
