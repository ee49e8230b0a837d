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
  /** The text handed to the shaper (see `piecesOf`). */
  readonly drawn: string;
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
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * A text cut into segments (words or grapheme clusters) that a line may break between: a segment
 * that begins with a mark or is closing punctuation (。，」) joins the one before, and opening
 * punctuation (「（) the one after, so that no line begins with a mark or a closing sign or ends
 * with an opening one.
 */
function unitsOf(segmenter: Intl.Segmenter, text: string): string[] {
  const units: string[] = [];
  let opening = '';
  for (const { segment } of segmenter.segment(text)) {
    if (units.length > 0 && !opening && (/^\p{M}/u.test(segment) || CLOSING.test(segment))) {
      units[units.length - 1] += segment;
    } else if (OPENING.test(segment)) {
      opening += segment;
    } else {
      units.push(opening + segment);
      opening = '';
    }
  }
  if (opening) {
    if (units.length > 0) units[units.length - 1] += opening;
    else units.push(opening);
  }
  return units;
}
const OPENING = /^[\p{Ps}\p{Pi}]+$/u;
const CLOSING = /^[\p{Pe}\p{Pf}。，、．！？：；,.!?:;]+$/u;

/** Letters of right-to-left scripts, and letters of any script but Common and Inherited. */
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const OF_A_SCRIPT = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;

/**
 * A part of a directional run cut into pieces that the shaper lays out in one direction each,
 * with the text to hand it. fontkit lays a text out right to left when the first character of a
 * particular script in it (not Common or Inherited) belongs to a right-to-left script, else left
 * to right, whatever the bidi level; so a piece ends where the direction of that script changes
 * (characters of no script stay with the piece before), and a piece whose direction differs from
 * its run's is handed over reversed, which fontkit reverses back. So a number in Arabic-Indic
 * digits (٢٠٢٤, Script Arabic) in a left-to-right run reads left to right, and spaces and brackets
 * between right-to-left runs are placed right to left. Pieces come in logical order.
 */
function piecesOf(text: string, rtl: boolean): Array<{ text: string; drawn: string }> {
  const pieces: Array<{ text: string; dir: boolean | undefined }> = [];
  for (const c of text) {
    const dir = OF_A_SCRIPT.test(c) ? RTL_SCRIPT.test(c) : undefined;
    const last = pieces[pieces.length - 1];
    if (last && (dir === undefined || last.dir === undefined || last.dir === dir)) {
      last.text += c;
      last.dir ??= dir;
    } else {
      pieces.push({ text: c, dir });
    }
  }
  return pieces.map(({ text: piece, dir }) => ({
    text: piece,
    drawn: (dir ?? false) !== rtl ? [...piece].reverse().join('') : piece,
  }));
}

/**
 * Characters that no design font has but a fallback may: CJK punctuation and symbols, full-width
 * forms, arrows and miscellaneous symbols (Noto Sans SC draws them). Checked only for characters
 * no design font has, so an emoji opens no fallback font.
 */
const SYMBOL_FALLBACK =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}\u2190-\u2BFF\u3000-\u303F\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;

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

  /**
   * The runs a line is drawn as, left to right, each with the font that draws it and the text
   * handed to the shaper (`drawn`: see `piecesOf`).
   */
  runs(
    text: string,
    direction: Direction,
    style: TextStyle,
  ): Array<{ readonly text: string; readonly font: FontName; readonly drawn: string }> {
    return this.place(text, direction, style).map((run) => ({ text: run.text, font: run.font, drawn: run.drawn }));
  }

  /** Draws one line with its baseline at y, aligned within [x, x + width]. */
  line(text: string, x: number, y: number, width: number, align: Align, direction: Direction, style: TextStyle): void {
    const runs = this.place(text, direction, style);
    const total = runs.reduce((sum, run) => sum + run.width, 0);
    let at = align === 'left' ? x : align === 'right' ? x + width - total : x + (width - total) / 2;
    for (const run of runs) {
      const drawn = run.drawn;
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
      // A single word wider than the line (a text written without spaces, as Chinese, Thai or
      // Burmese are, or a very long name): cut it where a word ends (ICU's dictionaries know the
      // words of those scripts), as many words on a line as fit; a word wider than the line alone
      // is cut between user-perceived characters (grapheme clusters). Never before a mark.
      while (this.width(current, direction, style) > width) {
        let units = unitsOf(WORDS, current);
        let fits = this.fitting(units, width, direction, style);
        if (fits === 0) {
          units = unitsOf(GRAPHEMES, current);
          fits = Math.max(1, this.fitting(units, width, direction, style));
        }
        if (units.length <= 1) break;
        lines.push(units.slice(0, fits).join(''));
        current = units.slice(fits).join('');
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

  /** How many of the units, from the first, fit in `width` on one line (by bisection; 0 if not even one). */
  private fitting(units: string[], width: number, direction: Direction, style: TextStyle): number {
    let fits = 0;
    let over = units.length + 1;
    while (over - fits > 1) {
      const mid = (fits + over) >> 1;
      if (this.width(units.slice(0, mid).join(''), direction, style) <= width) fits = mid;
      else over = mid;
    }
    return fits;
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
      const pieces = this.fontRuns(clean, weight).flatMap(({ text: part, font }) =>
        piecesOf(part, run.rtl).map((piece) => ({ ...piece, font, width: advanceOf(font, piece.drawn) * style.size })),
      );
      // A right-to-left run's pieces are in logical order: placed from the right.
      return run.rtl ? pieces.reverse() : pieces;
    });
  }

  /**
   * The fonts a directional run is drawn with, as parts in logical order. Letters of a script the
   * design's fonts lack (Chinese, Thai, Hebrew, ...) take that script's fallback font; spaces,
   * digits, punctuation, combining marks and joiners stay with the letters before them (or, at
   * the start, with those after them) when that font has them, so that a cluster is shaped by one
   * font; everything the design's fonts have is drawn in them, the Latin one or the Arabic one
   * (which also has Latin letters), the first that has every character of the part, as before
   * fallbacks existed. A character none of these has (「, ３, →) takes a fallback that has it: one
   * the text uses, else Noto Sans SC for CJK punctuation, full-width forms and symbols. A
   * character no font has (an emoji) prints as an empty box.
   */
  private fontRuns(text: string, weight: Weight): Array<{ text: string; font: FontName }> {
    const has = (name: FontName, c: string): boolean => fontNamed(name).hasGlyphForCodePoint(c.codePointAt(0)!);
    const inDesign = (c: string): boolean =>
      c.codePointAt(0)! <= 0x20 || CLUSTER_PART.test(c) || has(`noto-sans-${weight}`, c) || has(`amiri-${weight}`, c);
    const chars = [...text];
    // The fallback fonts the text's letters use (only those of scripts it has are read).
    const used = [...new Set(chars.map((c) => fallbackFor(c, weight)).filter((f): f is FallbackFontName => f !== undefined))];
    const parts: Array<{ text: string; fallback?: FallbackFontName }> = [];
    for (const c of chars) {
      const last = parts[parts.length - 1];
      const script = fallbackFor(c, weight);
      let fallback = script && has(script, c) ? script : undefined;
      if (!fallback && last?.fallback && NEUTRAL.test(c) && (CLUSTER_PART.test(c) || has(last.fallback, c))) {
        fallback = last.fallback;
      } else if (!fallback && !inDesign(c)) {
        const candidates = [last?.fallback, ...used, SYMBOL_FALLBACK.test(c) ? (`sc-${weight}` as const) : undefined];
        fallback = candidates.find((f): f is FallbackFontName => f !== undefined && has(f, c));
      }
      if (last && last.fallback === fallback) last.text += c;
      else parts.push({ text: c, ...(fallback ? { fallback } : {}) });
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
