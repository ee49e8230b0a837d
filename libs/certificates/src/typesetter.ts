import { hasRtlLetters, visualRuns, type Direction } from './bidi.js';
import { fallbackFor, font as fontNamed, type FallbackFontName, type FontName, type Weight } from './fonts.js';

export type { Weight } from './fonts.js';
export type LatinFamily = 'amiri' | 'noto-sans';
export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  readonly size: number;
  readonly weight?: Weight;
  readonly colour?: string;
}

/** A directional run with the font that draws it and its width at the style's size. */
interface PlacedRun {
  readonly text: string;
  readonly rtl: boolean;
  readonly font: FontName;
  readonly width: number;
}

/** Bidi controls (isolates, embeddings, marks) steer the order; they have no glyphs to draw. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Without a feature list pdfkit lays a text out word by word, each word shaped on its own, which
 * puts right-to-left words in left-to-right order; with one (even empty) it shapes the whole run
 * at once, and the shaper still applies the features the script requires (Arabic joining forms,
 * ligatures such as lam-alef).
 */
const WHOLE_RUN: PDFKit.Mixins.OpenTypeFeatures[] = [];

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters that belong to the cluster before them: combining marks, joiners, variation selectors. */
const CLUSTER_PART = /^[\p{M}\p{Cf}]$/u;
/** Characters of no particular script: spaces, digits, punctuation, symbols, marks, joiners. */
const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}\p{M}\p{Cf}]$/u;

const ADVANCES = new Map<string, number>();
const MAX_ADVANCES = 20_000;

/**
 * The advance of a run at size 1, remembered per (font, text): OpenType layout (Amiri's tables
 * are large) is most of a certificate's cost, and fitting and wrapping measure the same texts
 * many times. The same shaping as pdfkit's with WHOLE_RUN, so measured and drawn widths agree.
 */
function advanceOf(font: FontName, text: string): number {
  const key = `${font}\u0000${text}`;
  let advance = ADVANCES.get(key);
  if (advance === undefined) {
    const f = fontNamed(font);
    advance = f.layout(text, WHOLE_RUN).advanceWidth / f.unitsPerEm;
    if (ADVANCES.size >= MAX_ADVANCES) ADVANCES.delete(ADVANCES.keys().next().value!);
    ADVANCES.set(key, advance);
  }
  return advance;
}

/** Wraps a text that must keep left-to-right order (a URL, an identifier) inside any line. */
export const isolateLtr = (text: string): string => `\u2066${text}\u2069`;

/**
 * Draws lines of text in any mix of directions with pdfkit. pdfkit shapes Arabic correctly but
 * lays out a line in logical order, word by word; so each line is split into bidi runs in visual
 * order (bidi.ts) and each run is drawn on its own at a computed x. A right-to-left run keeps its
 * letters in logical order so that the shaper (fontkit) joins them and lays them out right to
 * left itself. Each run gets the first of the design's fonts that has all of its characters; a
 * run with characters neither has (Chinese, Devanagari, Ethiopic, ...) takes them from the
 * fallback fonts (fonts.ts), character by character.
 */
export class Typesetter {
  /** The fonts registered with this document (pdfkit embeds, as a subset, only those drawn with). */
  private readonly registered = new Set<FontName>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly latin: LatinFamily,
  ) {}

  /** The width of one line. */
  width(text: string, direction: Direction, style: TextStyle): number {
    return this.place(text, direction, style).reduce((sum, run) => sum + run.width, 0);
  }

  /** The runs a line is drawn as, left to right, each with the font that draws it. */
  runs(text: string, direction: Direction, style: TextStyle): Array<{ readonly text: string; readonly font: FontName }> {
    return this.place(text, direction, style).map((run) => ({ text: run.text, font: run.font }));
  }

  /** Draws one line with its baseline at y, aligned within [x, x + width]. */
  line(text: string, x: number, y: number, width: number, align: Align, direction: Direction, style: TextStyle): void {
    const runs = this.place(text, direction, style);
    const total = runs.reduce((sum, run) => sum + run.width, 0);
    let at = align === 'left' ? x : align === 'right' ? x + width - total : x + (width - total) / 2;
    for (const run of runs) {
      // A right-to-left run without letters of a right-to-left script (spaces, brackets and
      // punctuation between runs) is not reversed by the shaper: reverse it here.
      const drawn = run.rtl && !hasRtlLetters(run.text) ? [...run.text].reverse().join('') : run.text;
      if (!this.registered.has(run.font)) {
        // pdfkit accepts a parsed (fontkit) font wherever it takes a font file; its types do not say so.
        this.doc.registerFont(run.font, fontNamed(run.font) as unknown as string);
        this.registered.add(run.font);
      }
      this.doc
        .font(run.font)
        .fontSize(style.size)
        .fillColor(style.colour ?? '#000000')
        .text(drawn, at, y, { lineBreak: false, baseline: 'alphabetic', features: WHOLE_RUN });
      at += run.width;
    }
  }

  /**
   * Breaks a text into lines no wider than `width` (between words; a word longer than a line is
   * cut). With more lines than `maxLines`, the last kept line ends with an ellipsis.
   */
  wrap(text: string, width: number, direction: Direction, style: TextStyle, maxLines: number): string[] {
    const words = text.split(/\s+/u).filter(Boolean);
    const lines: string[] = [];
    let current = '';
    for (const word of words) {
      const candidate = current ? `${current} ${word}` : word;
      if (this.width(candidate, direction, style) <= width) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      current = word;
      // A single word wider than the line (a very long name, or a text written without spaces,
      // as Chinese or Thai are): cut it between user-perceived characters (grapheme clusters, so
      // that a letter keeps its marks), as many on a line as fit (found by bisection).
      while (this.width(current, direction, style) > width) {
        const clusters = [...GRAPHEMES.segment(current)].map((g) => g.segment);
        if (clusters.length <= 1) break;
        let fits = 1;
        let over = clusters.length;
        while (over - fits > 1) {
          const mid = (fits + over) >> 1;
          if (this.width(clusters.slice(0, mid).join(''), direction, style) <= width) fits = mid;
          else over = mid;
        }
        lines.push(clusters.slice(0, fits).join(''));
        current = clusters.slice(fits).join('');
      }
    }
    if (current) lines.push(current);
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    let last = `${kept[maxLines - 1]}…`;
    while (this.width(last, direction, style) > width && last.length > 1) {
      last = `${[...GRAPHEMES.segment(last)]
        .map((g) => g.segment)
        .slice(0, -2)
        .join('')}…`;
    }
    kept[maxLines - 1] = last;
    return kept;
  }

  /**
   * The largest size, from `style.size` down to `minSize`, at which the text fits in `maxLines`
   * lines; at the smallest size it is wrapped (and cut with an ellipsis if it still overflows).
   */
  fit(
    text: string,
    width: number,
    direction: Direction,
    style: TextStyle,
    minSize: number,
    maxLines: number,
  ): { size: number; lines: string[] } {
    for (let size = style.size; size > minSize; size -= 2) {
      if (this.width(text, direction, { ...style, size }) <= width) return { size, lines: [text] };
    }
    return { size: minSize, lines: this.wrap(text, width, direction, { ...style, size: minSize }, maxLines) };
  }

  private place(text: string, direction: Direction, style: TextStyle): PlacedRun[] {
    const weight = style.weight ?? 'regular';
    return visualRuns(text, direction).flatMap((run) => {
      const clean = run.text.replace(BIDI_CONTROLS, '');
      if (!clean) return [];
      const parts = this.fontRuns(clean, weight);
      // A right-to-left run's parts are in logical order: placed from the right.
      if (run.rtl) parts.reverse();
      return parts.map(({ text: part, font }) => ({
        text: part,
        rtl: run.rtl,
        font,
        width: advanceOf(font, part) * style.size,
      }));
    });
  }

  /**
   * The fonts a directional run is drawn with, as parts in logical order. Letters of a script the
   * design's fonts lack (Chinese, Thai, Hebrew, ...) take that script's fallback font; spaces,
   * digits, punctuation, combining marks and joiners stay with the letters before them (or, at
   * the start, with those after them) when that font has them, so that a cluster is shaped by one
   * font; everything else is drawn in the design's fonts: the Latin one or the Arabic one (which
   * also has Latin letters), the first that has every character of the part, as before fallbacks
   * existed. A character no font has (an emoji) prints as an empty box.
   */
  private fontRuns(text: string, weight: Weight): Array<{ text: string; font: FontName }> {
    const has = (name: FontName, c: string): boolean => fontNamed(name).hasGlyphForCodePoint(c.codePointAt(0)!);
    const parts: Array<{ text: string; fallback?: FallbackFontName }> = [];
    for (const c of text) {
      const last = parts[parts.length - 1];
      const script = fallbackFor(c, weight);
      const fallback = script && has(script, c) ? script : undefined;
      if (fallback) {
        if (last?.fallback === fallback) last.text += c;
        else parts.push({ text: c, fallback });
      } else if (last && (!last.fallback || (NEUTRAL.test(c) && (CLUSTER_PART.test(c) || has(last.fallback, c))))) {
        last.text += c;
      } else {
        parts.push({ text: c });
      }
    }
    // Neutral characters before the first letters (an opening bracket or quote) go with them.
    const [first, second] = parts;
    if (
      first &&
      !first.fallback &&
      second?.fallback &&
      [...first.text].every((c) => NEUTRAL.test(c) && has(second.fallback!, c))
    ) {
      parts.splice(0, 2, { text: first.text + second.text, fallback: second.fallback });
    }
    return parts.map((part) => ({ text: part.text, font: part.fallback ?? this.designFont(part.text, weight) }));
  }

  /** The design's Latin font, or the Arabic one, whichever has every character (else the most). */
  private designFont(text: string, weight: Weight): FontName {
    const candidates: FontName[] = hasRtlLetters(text)
      ? [`amiri-${weight}`]
      : this.latin === 'amiri'
        ? [`amiri-${weight}`, `noto-sans-${weight}`]
        : [`noto-sans-${weight}`, `amiri-${weight}`];
    const points = [...text].map((c) => c.codePointAt(0)!).filter((p) => p > 0x20);
    let best = candidates[0];
    let bestCovered = -1;
    for (const name of candidates) {
      const covered = points.filter((p) => fontNamed(name).hasGlyphForCodePoint(p)).length;
      if (covered === points.length) return name;
      if (covered > bestCovered) [best, bestCovered] = [name, covered];
    }
    return best;
  }
}
