/** Languages the service writes its pages, certificates and texts in. */
export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** A text in several languages; English is always present as the fallback. */
export type LocalizedText = { en: string } & Partial<Record<Exclude<Language, 'en'>, string>>;

export const pickText = (text: LocalizedText, language: Language): string => text[language] ?? text.en;
