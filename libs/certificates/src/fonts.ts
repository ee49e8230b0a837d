import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** The design's fonts: Latin, Greek, Cyrillic and Devanagari (Noto Sans), Arabic and Latin (Amiri). */
const DESIGN_FILES = {
  'amiri-regular': '@expo-google-fonts/amiri/400Regular/Amiri_400Regular.ttf',
  'amiri-bold': '@expo-google-fonts/amiri/700Bold/Amiri_700Bold.ttf',
  'noto-sans-regular': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'noto-sans-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
} as const;

/**
 * Fonts for the scripts the design's fonts lack (a learner's name in Chinese, Thai, Telugu or
 * Amharic, say), each with the Unicode script it draws. Noto Sans SC also draws Japanese kana and
 * Traditional Chinese characters. A font is read only when a text first has a letter of its script.
 */
const FALLBACK_FAMILIES = [
  ['sc', 'noto-sans-sc', 'NotoSansSC', /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Bopomofo}/u],
  ['kr', 'noto-sans-kr', 'NotoSansKR', /\p{Script=Hangul}/u],
  ['bengali', 'noto-sans-bengali', 'NotoSansBengali', /\p{Script=Bengali}/u],
  ['tamil', 'noto-sans-tamil', 'NotoSansTamil', /\p{Script=Tamil}/u],
  ['sinhala', 'noto-sans-sinhala', 'NotoSansSinhala', /\p{Script=Sinhala}/u],
  ['thai', 'noto-sans-thai', 'NotoSansThai', /\p{Script=Thai}/u],
  ['khmer', 'noto-sans-khmer', 'NotoSansKhmer', /\p{Script=Khmer}/u],
  ['myanmar', 'noto-sans-myanmar', 'NotoSansMyanmar', /\p{Script=Myanmar}/u],
  ['ethiopic', 'noto-sans-ethiopic', 'NotoSansEthiopic', /\p{Script=Ethiopic}/u],
  ['hebrew', 'noto-sans-hebrew', 'NotoSansHebrew', /\p{Script=Hebrew}/u],
  ['armenian', 'noto-sans-armenian', 'NotoSansArmenian', /\p{Script=Armenian}/u],
  ['georgian', 'noto-sans-georgian', 'NotoSansGeorgian', /\p{Script=Georgian}/u],
  ['telugu', 'noto-sans-telugu', 'NotoSansTelugu', /\p{Script=Telugu}/u],
  ['kannada', 'noto-sans-kannada', 'NotoSansKannada', /\p{Script=Kannada}/u],
  ['malayalam', 'noto-sans-malayalam', 'NotoSansMalayalam', /\p{Script=Malayalam}/u],
  ['gujarati', 'noto-sans-gujarati', 'NotoSansGujarati', /\p{Script=Gujarati}/u],
  ['gurmukhi', 'noto-sans-gurmukhi', 'NotoSansGurmukhi', /\p{Script=Gurmukhi}/u],
  ['oriya', 'noto-sans-oriya', 'NotoSansOriya', /\p{Script=Oriya}/u],
  ['lao', 'noto-sans-lao', 'NotoSansLao', /\p{Script=Lao}/u],
  // Google Fonts has no Noto Sans for Tibetan: the serif is Noto's one Tibetan face.
  ['tibetan', 'noto-serif-tibetan', 'NotoSerifTibetan', /\p{Script=Tibetan}/u],
  ['tifinagh', 'noto-sans-tifinagh', 'NotoSansTifinagh', /\p{Script=Tifinagh}/u],
  ['cherokee', 'noto-sans-cherokee', 'NotoSansCherokee', /\p{Script=Cherokee}/u],
  ['syllabics', 'noto-sans-canadian-aboriginal', 'NotoSansCanadianAboriginal', /\p{Script=Canadian_Aboriginal}/u],
] as const;

/** Fallbacks published in one weight only: their bold text is drawn in that weight. */
const REGULAR_ONLY: ReadonlySet<string> = new Set(['tifinagh']);

type FallbackFamily = (typeof FALLBACK_FAMILIES)[number][0];
export type Weight = 'regular' | 'bold';
export type DesignFontName = keyof typeof DESIGN_FILES;
export type FallbackFontName = `${FallbackFamily}-${Weight}`;
export type FontName = DesignFontName | FallbackFontName;
export type Font = fontkit.Font;

const FILES: Record<FontName, string> = {
  ...DESIGN_FILES,
  ...(Object.fromEntries(
    FALLBACK_FAMILIES.flatMap(([family, pkg, file]) => [
      [`${family}-regular`, `@expo-google-fonts/${pkg}/400Regular/${file}_400Regular.ttf`],
      [
        `${family}-bold`,
        REGULAR_ONLY.has(family)
          ? `@expo-google-fonts/${pkg}/400Regular/${file}_400Regular.ttf`
          : `@expo-google-fonts/${pkg}/700Bold/${file}_700Bold.ttf`,
      ],
    ]),
  ) as Record<FallbackFontName, string>),
};

/** The fallback font for a character's script (undefined for the design's scripts, and for
 * characters of no particular script: spaces, digits, punctuation, marks, emoji). */
export function fallbackFor(character: string, weight: Weight): FallbackFontName | undefined {
  const family = FALLBACK_FAMILIES.find(([, , , script]) => script.test(character));
  return family ? `${family[0]}-${weight}` : undefined;
}

/** Parsed fonts by file: a family published in one weight is parsed once for both. */
const parsed = new Map<string, Font>();

/**
 * A font, parsed once per process (or thread) when first asked for: pdfkit given a parsed font
 * object renders about five times faster than when it parses the file for every document, and a
 * fallback (the Chinese ones are 10 MB each) is never read by a thread that draws no such text.
 */
export function font(name: FontName): Font {
  const file = FILES[name];
  let found = parsed.get(file);
  if (!found) {
    const created = fontkit.create(readFileSync(require.resolve(file)));
    if (!('layout' in created)) throw new Error(`${file} is a font collection, not a font.`);
    found = created;
    guardNullAnchors(found);
    parsed.set(file, found);
  }
  return found;
}

/** The design's four fonts. */
export function fonts(): Record<DesignFontName, Font> {
  return Object.fromEntries(Object.keys(DESIGN_FILES).map((name) => [name, font(name as DesignFontName)])) as Record<
    DesignFontName,
    Font
  >;
}

let anchorsGuarded = false;

/**
 * fontkit 2.0.4 throws on a mark-to-base attachment whose anchor is NULL in the font's GPOS table
 * (foliojs/fontkit issue #367, fix proposed in pull request #374, not released): Noto Sans Khmer
 * has such anchors, so a common name like សំណាង could not be laid out, and the certificate
 * failed. OpenType says a NULL anchor means the mark does not attach to that base (HarfBuzz skips
 * the attachment); the guard does the same. It is installed on fontkit's GPOS processor class,
 * reached through the first font that has a GPOS table, and only if that class still has the
 * method it guards (otherwise fontkit changed, and the Khmer test tells).
 */
function guardNullAnchors(f: Font): void {
  if (anchorsGuarded) return;
  const layout = (f as unknown as { _layoutEngine?: { engine?: { GPOSProcessor?: object | null } } })._layoutEngine;
  const processor = layout?.engine?.GPOSProcessor;
  if (!processor) return;
  const proto = Object.getPrototypeOf(processor) as {
    applyAnchor?: (this: unknown, markRecord: { markAnchor?: unknown } | null, baseAnchor: unknown, index: number) => void;
  };
  const original = proto.applyAnchor;
  if (typeof original !== 'function') return;
  proto.applyAnchor = function (markRecord, baseAnchor, index) {
    if (baseAnchor == null || markRecord?.markAnchor == null) return;
    original.call(this, markRecord, baseAnchor, index);
  };
  anchorsGuarded = true;
}
