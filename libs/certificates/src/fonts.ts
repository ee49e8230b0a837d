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
 * Fonts for the scripts the design's fonts lack, tried in this order for a character neither
 * has (a learner's name in Chinese, Thai or Amharic, say). Noto Sans SC also draws Japanese kana
 * and Traditional Chinese characters. Each is read only when a certificate first needs it.
 */
const FALLBACK_FAMILIES = [
  ['sc', 'noto-sans-sc', 'NotoSansSC'],
  ['kr', 'noto-sans-kr', 'NotoSansKR'],
  ['bengali', 'noto-sans-bengali', 'NotoSansBengali'],
  ['tamil', 'noto-sans-tamil', 'NotoSansTamil'],
  ['sinhala', 'noto-sans-sinhala', 'NotoSansSinhala'],
  ['thai', 'noto-sans-thai', 'NotoSansThai'],
  ['khmer', 'noto-sans-khmer', 'NotoSansKhmer'],
  ['myanmar', 'noto-sans-myanmar', 'NotoSansMyanmar'],
  ['ethiopic', 'noto-sans-ethiopic', 'NotoSansEthiopic'],
  ['hebrew', 'noto-sans-hebrew', 'NotoSansHebrew'],
  ['armenian', 'noto-sans-armenian', 'NotoSansArmenian'],
  ['georgian', 'noto-sans-georgian', 'NotoSansGeorgian'],
] as const;

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
      [`${family}-bold`, `@expo-google-fonts/${pkg}/700Bold/${file}_700Bold.ttf`],
    ]),
  ) as Record<FallbackFontName, string>),
};

/** The fallback fonts of a weight, in the order they are tried. */
export const FALLBACKS: Record<Weight, readonly FallbackFontName[]> = {
  regular: FALLBACK_FAMILIES.map(([family]) => `${family}-regular` as const),
  bold: FALLBACK_FAMILIES.map(([family]) => `${family}-bold` as const),
};

const parsed = new Map<FontName, Font>();

/**
 * A font, parsed once per process (or thread) when first asked for: pdfkit given a parsed font
 * object renders about five times faster than when it parses the file for every document, and a
 * fallback (the Chinese ones are 10 MB each) is never read by a thread that draws no such text.
 */
export function font(name: FontName): Font {
  let found = parsed.get(name);
  if (!found) {
    const file = FILES[name];
    const created = fontkit.create(readFileSync(require.resolve(file)));
    if (!('layout' in created)) throw new Error(`${file} is a font collection, not a font.`);
    found = created;
    parsed.set(name, found);
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
