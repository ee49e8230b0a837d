import { DomainError } from '@app/core';

export const LEARNING_ERROR_CODES = [
  'trainer_not_qualified',
  'not_enrolled',
  'unknown_module',
  'unknown_session',
  'hours_exceed_session',
  'record_already_superseded',
  'csv_invalid',
  'cohort_closed',
  'own_record',
] as const;
export type LearningErrorCode = (typeof LEARNING_ERROR_CODES)[number];

export class LearningError extends DomainError<LearningErrorCode> {}
