import { isRecordPhrase, RECORD_PHRASES, type RecordPhraseKey, type RecordPhraseValues } from '@app/learning';
import { PORTAL_MESSAGES, type PortalLanguage } from './portal-messages.js';

/** Every reason a record or a CSV row is refused for, in one language (the compiler checks each key). */
type RecordReasons = { readonly [K in RecordPhraseKey]: (v: RecordPhraseValues<K>) => string };

const kindIn = (lang: PortalLanguage, kind: string): string =>
  (PORTAL_MESSAGES[lang].recordKinds as Record<string, string>)[kind] ?? kind;

const FR: RecordReasons = {
  cellCount: (v) => `La ligne a ${v.cells} cellules ; l’en-tête en a ${v.columns}.`,
  repeatsLine: (v) => `Répète la ligne ${v.line}.`,
  otherValueInFile: (v) =>
    `La ligne ${v.line} enregistre déjà « ${kindIn('fr', v.kind)} » pour cette personne et ${
      v.of === 'class' ? 'cette séance' : 'ce module'
    }, avec une autre valeur : une seule ligne de ce type par fichier (une correction ultérieure est un import à part).`,
  attendanceRecorded: (v) =>
    `La présence à cette séance est déjà enregistrée pour ${v.hours} h ; corrigez-la avec un motif (la page des relevés du participant) plutôt que par un import.`,
  formula: (v) => `La colonne ${v.column} commence par « ${v.first} », que les tableurs exécutent comme une formule ; refusée.`,
  kindUnknown: (v) => `La colonne « kind » doit valoir l’un de : ${v.kinds}.`,
  emailInvalid: () => 'La colonne « email » n’est pas une adresse e-mail.',
  numberInvalid: (v) => `La colonne « ${v.column} » doit être un nombre comme 2 ou 1.5.`,
  numberRange: (v) => `La colonne « ${v.column} » doit être comprise entre ${v.min} et ${v.max}.`,
  dateInvalid: () => 'La colonne « date » doit être un jour comme 2026-03-02.',
  evidenceUrlInvalid: () => 'La colonne « evidence_url » doit être un lien http(s).',
  noteTooLong: () => 'La colonne « note » (commentaire) dépasse 500 caractères.',
  notEnrolledEmail: (v) => `${v.email} n’est pas inscrit·e à cette cohorte.`,
  notEnrolled: () => 'La ou le participant n’est pas inscrit·e à cette cohorte.',
  withdrawn: (v) => `${v.email} s’est retiré·e de cette cohorte.`,
  unknownModule: (v) => `Le programme n’a pas de module « ${v.module} » (modules : ${v.modules}).`,
  attendanceDate: () => 'Une présence a besoin de la date de la séance.',
  unknownSession: (v) => `Il n’y a pas de séance du module ${v.module} le ${v.date}.`,
  attendanceHours: () => 'Une présence a besoin des heures suivies.',
  hoursExceedSession: (v) =>
    `${v.hours} h, c’est plus que la durée de la séance de ${v.module} du ${v.date} (${v.sessionHours} h).`,
  scoreMissing: () => 'Un résultat d’évaluation a besoin d’une note.',
  notAssessed: (v) => `Le module ${v.module} n’a pas d’évaluation.`,
  evidenceLink: () => 'Une preuve a besoin d’un lien (ou d’un fichier envoyé).',
};

const AR: RecordReasons = {
  cellCount: (v) => `يحتوي السطر على ${v.cells} خلايا، ويحتوي سطر العناوين على ${v.columns}.`,
  repeatsLine: (v) => `يكرر السطر ${v.line}.`,
  otherValueInFile: (v) =>
    `السطر ${v.line} يسجّل بالفعل «${kindIn('ar', v.kind)}» لهذا الشخص ول${
      v.of === 'class' ? 'هذه الحصة' : 'هذه الوحدة'
    } بقيمة أخرى: سطر واحد فقط من هذا النوع في كل ملف (والتصحيح اللاحق استيراد مستقل).`,
  attendanceRecorded: (v) =>
    `الحضور في هذه الحصة مسجّل من قبل بـ ${v.hours} ساعة؛ صحّحه مع ذكر السبب (صفحة سجلات المشارك) لا بالاستيراد.`,
  formula: (v) => `العمود ${v.column} يبدأ بـ «${v.first}»، وتنفّذه جداول البيانات كصيغة؛ مرفوض.`,
  kindUnknown: (v) => `يجب أن يكون kind إحدى القيم التالية: ${v.kinds}.`,
  emailInvalid: () => 'قيمة email ليست عنوان بريد إلكتروني.',
  numberInvalid: (v) => `يجب أن يكون ${v.column} عددًا مثل 2 أو 1.5.`,
  numberRange: (v) => `يجب أن يكون ${v.column} بين ${v.min} و${v.max}.`,
  dateInvalid: () => 'يجب أن يكون date يومًا مثل 2026-03-02.',
  evidenceUrlInvalid: () => 'يجب أن يكون evidence_url رابط http(s).',
  noteTooLong: () => 'قيمة note أطول من 500 حرف.',
  notEnrolledEmail: (v) => `${v.email} غير مسجّل في هذه المجموعة.`,
  notEnrolled: () => 'المشارك غير مسجّل في هذه المجموعة.',
  withdrawn: (v) => `${v.email} انسحب من هذه المجموعة.`,
  unknownModule: (v) => `لا يحتوي البرنامج على وحدة «${v.module}» (الوحدات: ${v.modules}).`,
  attendanceDate: () => 'يحتاج الحضور إلى تاريخ الحصة.',
  unknownSession: (v) => `لا توجد حصة للوحدة ${v.module} في ${v.date}.`,
  attendanceHours: () => 'يحتاج الحضور إلى عدد الساعات.',
  hoursExceedSession: (v) => `${v.hours} ساعة تتجاوز مدة حصة ${v.module} في ${v.date} (${v.sessionHours} ساعة).`,
  scoreMissing: () => 'تحتاج نتيجة التقييم إلى درجة.',
  notAssessed: (v) => `الوحدة ${v.module} ليس لها تقييم.`,
  evidenceLink: () => 'يحتاج الدليل إلى رابط (أو ملف مرفوع).',
};

const REASONS: Record<PortalLanguage, RecordReasons> = { en: RECORD_PHRASES, fr: FR, ar: AR };

/** First strong isolate … pop directional isolate: a value keeps its own direction in the sentence. */
const isolated = (value: unknown): unknown => (typeof value === 'string' ? `\u2068${value}\u2069` : value);

/**
 * A refusal's reason in the reader's language, when it was made as a phrase this version knows
 * (a report stored by an older version has only its English reason: undefined then, and the page
 * shows that). In Arabic each text value (an email, a module's code, a column) is isolated, so
 * that its characters cannot reorder the right-to-left sentence around it.
 */
export function recordReason(lang: PortalLanguage, phrase: unknown): string | undefined {
  if (!isRecordPhrase(phrase)) return undefined;
  const say = REASONS[lang][phrase.key] as (v: Readonly<Record<string, unknown>>) => string;
  const values =
    lang === 'ar' ? Object.fromEntries(Object.entries(phrase.values).map(([k, v]) => [k, isolated(v)])) : phrase.values;
  try {
    const text = say(values);
    // A phrase without a value its sentence needs (not made by this version): the English reason instead.
    return /\bundefined\b/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}
