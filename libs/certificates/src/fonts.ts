import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** The TTF files the certificates use, from npm packages (SIL Open Font License 1.1; see the README). */
const FILES = {
  'amiri-regular': '@expo-google-fonts/amiri/400Regular/Amiri_400Regular.ttf',
  'amiri-bold': '@expo-google-fonts/amiri/700Bold/Amiri_700Bold.ttf',
  'noto-sans-regular': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'noto-sans-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
} as const;

export type FontName = keyof typeof FILES;
export type Font = fontkit.Font;

let parsed: Record<FontName, Font> | undefined;

/**
 * The fonts, parsed once per process (or thread): pdfkit given a parsed font object renders
 * about five times faster than when it parses the file for every document.
 */
export function fonts(): Record<FontName, Font> {
  parsed ??= Object.fromEntries(
    Object.entries(FILES).map(([name, file]) => {
      const font = fontkit.create(readFileSync(require.resolve(file)));
      if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font.`);
      return [name, font];
    }),
  ) as Record<FontName, Font>;
  return parsed;
}
