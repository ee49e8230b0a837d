import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** A run of text at one bidi level, in logical order, with its brackets already mirrored. */
export interface VisualRun {
  readonly text: string;
  readonly rtl: boolean;
}

export type Direction = 'ltr' | 'rtl';

/** Letters of right-to-left scripts (Hebrew, Arabic and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
export const hasRtlLetters = (text: string): boolean => RTL_LETTER.test(text);

/**
 * Splits one line into directional runs in visual order, left to right (Unicode Bidirectional
 * Algorithm, UAX #9, through bidi-js): levels resolved for the given base direction, runs reordered
 * by rule L2, and mirrored characters (brackets) swapped in right-to-left runs (rule L4).
 *
 * Each run keeps its characters in logical order, because a shaper needs them so to join Arabic
 * letters; the renderer lays out a right-to-left run right to left.
 * https://www.unicode.org/reports/tr9/#Reordering_Resolved_Levels
 */
export function visualRuns(line: string, base: Direction): VisualRun[] {
  if (line === '') return [];
  const levels = bidi.getEmbeddingLevels(line, base);
  // The library takes the levels array here (its README shows the whole result).
  const mirrored = bidi.getMirroredCharactersMap(line, levels.levels);
  const chars = [...line].length === line.length ? line.split('') : null;
  const at = (i: number): string => mirrored.get(i) ?? (chars ? chars[i] : line[i]);
  // Trailing whitespace takes the paragraph level (rule L1), so it never lands mid-line.
  const level = Array.from(levels.levels);
  const baseLevel = base === 'rtl' ? 1 : 0;
  for (let i = line.length - 1; i >= 0 && /\s/.test(line[i]); i--) level[i] = baseLevel;

  const runs: Array<{ text: string; level: number }> = [];
  for (let i = 0; i < line.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.level === level[i]) last.text += at(i);
    else runs.push({ text: at(i), level: level[i] });
  }
  // L2: from the highest level down to the lowest odd one, reverse every maximal sequence of
  // runs at that level or above.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 ? r.level : r.level + 1)));
  for (let l = highest; l >= lowestOdd; l--) {
    for (let i = 0; i < runs.length; i++) {
      if (runs[i].level < l) continue;
      let j = i;
      while (j + 1 < runs.length && runs[j + 1].level >= l) j++;
      runs.splice(i, j - i + 1, ...runs.slice(i, j + 1).reverse());
      i = j;
    }
  }
  return runs.map((r) => ({ text: r.text, rtl: r.level % 2 === 1 }));
}

/** The base direction of a language's texts. */
export const directionOf = (language: string): Direction => (language === 'ar' ? 'rtl' : 'ltr');
