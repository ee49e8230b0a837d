import { ClassSession } from './class-session.entity.js';
import { CohortTrainer } from './cohort-trainer.entity.js';
import { Cohort } from './cohort.entity.js';
import { Enrolment } from './enrolment.entity.js';
import { EvidenceFile } from './evidence-file.entity.js';
import { LearningRecord } from './learning-record.entity.js';
import { RecordImport } from './record-import.entity.js';

export { ClassSession, CohortTrainer, Cohort, Enrolment, EvidenceFile, LearningRecord, RecordImport };
export { DELIVERY_MODES } from './cohort.entity.js';
export type { DeliveryMode } from './cohort.entity.js';
export { PARTICIPANT_ROLES, ENROLMENT_STATUSES } from './enrolment.entity.js';
export type { ParticipantRole, EnrolmentStatus } from './enrolment.entity.js';
export { RECORD_KINDS, STORED_RECORD_KINDS } from './learning-record.entity.js';
export type { RecordKind } from './learning-record.entity.js';

export const LEARNING_ENTITIES = [
  Cohort,
  CohortTrainer,
  Enrolment,
  ClassSession,
  LearningRecord,
  RecordImport,
  EvidenceFile,
] as const;
