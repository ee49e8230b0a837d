import type { Language, LocalizedText } from '@app/core';

/** What a certificate shows, read from the signed credential alone. */
export interface CertificateView {
  readonly credentialId: string;
  readonly learnerName: string;
  readonly organisationName: string;
  readonly issuerId: string;
  readonly programme: Partial<Record<Language, string>> & { readonly default: string };
  readonly contactHours: number | null;
  readonly score: number | null;
  readonly competencies: ReadonlyArray<{
    readonly code: string;
    readonly name: Partial<Record<Language, string>> & { readonly default: string };
    /** 1 Acquire, 2 Deepen, 3 Create, for competencies of the UNESCO AI CFT. */
    readonly level: 1 | 2 | 3 | null;
  }>;
  readonly validFrom: Date | null;
  readonly validUntil: Date | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const date = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** The AI CFT codes competencies "{aspect}.{level}" (see @app/catalogue). */
const AI_CFT_URL = /\/frameworks\/unesco-ai-cft\/competencies\/[1-5]\.([1-3])$/;

/**
 * Reads what the certificate prints from a signed OpenBadgeCredential. Tolerant: a missing
 * optional field leaves its line out. `competencyNames` (by alignment targetUrl) give the
 * competency names in the languages the credential's single-language texts lack.
 */
export function certificateViewOf(
  credential: Json,
  competencyNames: ReadonlyMap<string, LocalizedText> = new Map(),
): CertificateView {
  const subject = obj(credential['credentialSubject']);
  const achievement = obj(subject['achievement']);
  const issuer = obj(credential['issuer']);
  const language = str(achievement['inLanguage']);
  const translations = obj(obj(achievement['translations'])['name']);
  const programme: Record<string, string> = { default: str(achievement['name']) || str(credential['name']) };
  if (language) programme[language] = programme['default']!;
  for (const [lang, text] of Object.entries(translations)) if (typeof text === 'string') programme[lang] = text;

  const nameIdentifier = arr(subject['identifier'])
    .map(obj)
    .find((i) => i['identityType'] === 'name' && i['hashed'] === false);
  const learnerName = str(nameIdentifier?.['identityHash']) || str(subject['name']);

  const competencies = arr(achievement['alignment'])
    .map(obj)
    .map((a) => {
      const url = str(a['targetUrl']);
      const names = competencyNames.get(url);
      const level = AI_CFT_URL.exec(url)?.[1];
      return {
        code: str(a['targetCode']),
        name: { ...(names ?? {}), default: str(a['targetName']) },
        level: level ? (Number(level) as 1 | 2 | 3) : null,
      };
    });
  const result = arr(subject['result']).map(obj)[0];
  return {
    credentialId: str(credential['id']),
    learnerName,
    organisationName: typeof credential['issuer'] === 'string' ? '' : str(issuer['name']),
    issuerId: typeof credential['issuer'] === 'string' ? credential['issuer'] : str(issuer['id']),
    programme: programme as CertificateView['programme'],
    contactHours: num(achievement['contactHours']),
    score: result ? num(result['value']) : null,
    competencies,
    validFrom: date(credential['validFrom']),
    validUntil: date(credential['validUntil']),
  };
}

/** A text of the view in a language, or its default (the credential's own language). */
export const inLanguage = (text: Partial<Record<Language, string>> & { readonly default: string }, language: Language): string =>
  text[language] ?? text.default;
