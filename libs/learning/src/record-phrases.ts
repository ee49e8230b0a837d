import { CoreError, type CoreErrorCode } from '@app/core';
import { LearningError, type LearningErrorCode } from './learning-errors.js';

/**
 * The reasons a learning record (or a CSV row) is refused, each as a key and its values, with its
 * English sentence. The English text is the error's message (the API's `detail`, a row's
 * `reason`); the key and values travel with it (`phrase`), so that the portal says the same in
 * the reader's language (apps/api/src/portal/views/record-reasons.ts translates every key: the
 * compiler checks that none is missing).
 */
export const RECORD_PHRASES = {
  cellCount: (v: { cells: number; columns: number }) => `The row has ${v.cells} cells; the header has ${v.columns}.`,
  repeatsLine: (v: { line: number }) => `Repeats line ${v.line}.`,
  otherValueInFile: (v: { line: number; kind: string; of: 'class' | 'module' }) =>
    `Line ${v.line} already records ${v.kind.replace('_', ' ')} for this person and ${v.of}, with another value: one row each in a file (a later correction is its own import).`,
  attendanceRecorded: (v: { hours: string }) =>
    `Attendance at this class is already recorded as ${v.hours} hours; correct it with a reason (the participant’s records page in the portal, or POST /cohorts/{id}/records with supersedes) rather than by import.`,
  formula: (v: { column: string; first: string }) =>
    `Column ${v.column} starts with "${v.first}", which spreadsheets run as a formula; refused.`,
  kindUnknown: (v: { kinds: string }) => `kind must be one of ${v.kinds}.`,
  emailInvalid: () => 'email is not an email address.',
  numberInvalid: (v: { column: string }) => `${v.column} must be a number such as 2 or 1.5.`,
  numberRange: (v: { column: string; min: number; max: number }) => `${v.column} must be from ${v.min} to ${v.max}.`,
  dateInvalid: () => 'date must be a day such as 2026-03-02.',
  evidenceUrlInvalid: () => 'evidence_url must be an http(s) link.',
  noteTooLong: () => 'note is longer than 500 characters.',
  notEnrolledEmail: (v: { email: string }) => `${v.email} is not enrolled in this cohort.`,
  notEnrolled: () => 'The participant is not enrolled in this cohort.',
  withdrawn: (v: { email: string }) => `${v.email} has withdrawn from this cohort.`,
  unknownModule: (v: { module: string; modules: string }) => `The programme has no module "${v.module}" (modules: ${v.modules}).`,
  attendanceDate: () => 'Attendance needs the date of the class.',
  unknownSession: (v: { module: string; date: string }) => `There is no class of module ${v.module} on ${v.date}.`,
  attendanceHours: () => 'Attendance needs the hours attended.',
  hoursExceedSession: (v: { hours: number; module: string; date: string; sessionHours: number }) =>
    `${v.hours} hours is more than the class of ${v.module} on ${v.date} lasted (${v.sessionHours} hours).`,
  scoreMissing: () => 'An assessment result needs a score.',
  notAssessed: (v: { module: string }) => `Module ${v.module} has no assessment.`,
  evidenceLink: () => 'Evidence needs a link (or an uploaded file).',
} as const;

export type RecordPhraseKey = keyof typeof RECORD_PHRASES;
export type RecordPhraseValues<K extends RecordPhraseKey> =
  Parameters<(typeof RECORD_PHRASES)[K]> extends [infer V] ? V : Record<string, never>;

/** A reason as a key and its values, for a reader in another language (one member per key). */
export type RecordPhrase = {
  [K in RecordPhraseKey]: { readonly key: K; readonly values: RecordPhraseValues<K> };
}[RecordPhraseKey];

/** Whether a value (a stored report's row, an error's phrase) is a phrase this version knows. */
export function isRecordPhrase(value: unknown): value is RecordPhrase {
  if (typeof value !== 'object' || value === null) return false;
  const { key, values } = value as { key?: unknown; values?: unknown };
  return typeof key === 'string' && Object.hasOwn(RECORD_PHRASES, key) && typeof values === 'object' && values !== null;
}

const englishOf = <K extends RecordPhraseKey>(key: K, values: RecordPhraseValues<K>): string =>
  (RECORD_PHRASES[key] as (v: RecordPhraseValues<K>) => string)(values);

/**
 * A refusal of a record: the error with its English message; its phrase is kept beside it
 * (phraseOf), not in the error's extensions, so problem documents are as before.
 */
export function recordRefusal<K extends RecordPhraseKey>(
  code: LearningErrorCode | Extract<CoreErrorCode, 'validation_failed'>,
  key: K,
  ...[values]: RecordPhraseValues<K> extends Record<string, never> ? [] : [RecordPhraseValues<K>]
): LearningError | CoreError {
  const v = (values ?? {}) as RecordPhraseValues<K>;
  const message = englishOf(key, v);
  const error = code === 'validation_failed' ? new CoreError(code, message) : new LearningError(code, message);
  PHRASES.set(error, { key, values: v } as RecordPhrase);
  return error;
}

const PHRASES = new WeakMap<object, RecordPhrase>();

/** The phrase a refusal was made with, if it was made by recordRefusal. */
export const phraseOf = (error: unknown): RecordPhrase | undefined =>
  typeof error === 'object' && error !== null ? PHRASES.get(error) : undefined;
