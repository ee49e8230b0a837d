import type { Language } from '@app/core';

/** The certificate's own wording, in each language it is printed in. */
export interface Messages {
  readonly title: string;
  readonly certifies: string;
  readonly completed: string;
  readonly hours: (hours: string) => string;
  readonly score: (score: string) => string;
  readonly competencies: string;
  readonly more: (count: number) => string;
  readonly levels: readonly [string, string, string];
  readonly issuedBy: string;
  readonly issuedOn: (date: string) => string;
  readonly validUntil: (date: string) => string;
  readonly noExpiry: string;
  readonly verify: string;
  readonly credentialId: string;
  readonly locale: string;
}

export const MESSAGES: Record<Language, Messages> = {
  en: {
    title: 'Certificate of Completion',
    certifies: 'This certifies that',
    completed: 'has successfully completed',
    hours: (h) => `${h} contact hours`,
    score: (s) => `Final assessment: ${s}%`,
    competencies: 'Competencies (UNESCO AI Competency Framework for Teachers)',
    more: (n) => `and ${n} more, listed in the digital credential`,
    levels: ['Acquire', 'Deepen', 'Create'],
    issuedBy: 'Issued by',
    issuedOn: (d) => `Issued on ${d}`,
    validUntil: (d) => `Valid until ${d}`,
    noExpiry: 'No expiry date',
    verify: 'Scan to verify, or visit',
    credentialId: 'Credential',
    locale: 'en-GB',
  },
  fr: {
    title: 'Certificat de réussite',
    certifies: 'Nous certifions que',
    completed: 'a suivi avec succès',
    hours: (h) => `${h} heures de formation`,
    score: (s) => `Évaluation finale : ${s} %`,
    competencies: 'Compétences (référentiel IA de l’UNESCO pour les enseignants)',
    more: (n) => `et ${n} autres, énumérées dans l’attestation numérique`,
    levels: ['Acquérir', 'Approfondir', 'Créer'],
    issuedBy: 'Délivré par',
    issuedOn: (d) => `Délivré le ${d}`,
    validUntil: (d) => `Valable jusqu’au ${d}`,
    noExpiry: 'Sans date d’expiration',
    verify: 'Scannez pour vérifier, ou rendez-vous sur',
    credentialId: 'Attestation',
    locale: 'fr-FR',
  },
  ar: {
    title: 'شهادة إتمام',
    certifies: 'نشهد بأنّ',
    completed: 'قد أتمّ بنجاح',
    hours: (h) => `${h} ساعة تدريبية`,
    score: (s) => `التقييم النهائي: ${s}٪`,
    competencies: 'الكفاءات (إطار كفاءات الذكاء الاصطناعي للمعلمين، اليونسكو)',
    more: (n) => `و${n} أخرى مدرجة في الشهادة الرقمية`,
    levels: ['الاكتساب', 'التعمق', 'الابتكار'],
    issuedBy: 'صادرة عن',
    issuedOn: (d) => `صدرت في ${d}`,
    validUntil: (d) => `صالحة حتى ${d}`,
    noExpiry: 'غير محددة المدة',
    verify: 'امسح الرمز للتحقق، أو زر',
    credentialId: 'الشهادة',
    // Western digits, as Lebanese and Maghreb usage and the credential's own data have them.
    locale: 'ar-u-nu-latn',
  },
};

/** A date as people of the language write it (in UTC, as the credential states it). */
export const formatDate = (date: Date, language: Language): string =>
  new Intl.DateTimeFormat(MESSAGES[language].locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);

export const formatNumber = (value: number, language: Language): string =>
  new Intl.NumberFormat(MESSAGES[language].locale, { maximumFractionDigits: 1 }).format(value);
