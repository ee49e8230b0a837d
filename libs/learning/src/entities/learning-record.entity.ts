import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { ProgrammeModule } from '@app/catalogue';
import { ClassSession } from './class-session.entity.js';
import { Enrolment } from './enrolment.entity.js';

export const RECORD_KINDS = ['attendance', 'module_completion', 'assessment', 'evidence'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/**
 * What a stored record may be: one of the kinds above, or a retraction, which withdraws the record
 * it supersedes (made by mistake: the wrong person, a module never completed) and states nothing.
 */
export const STORED_RECORD_KINDS = [...RECORD_KINDS, 'retraction'] as const;
export type StoredRecordKind = (typeof STORED_RECORD_KINDS)[number];

const numeric = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One fact about a participant, recorded by a trainer: attendance at a class (hours), a module
 * completed, an assessment result, a piece of evidence. Append-only: a correction is a new record
 * that supersedes the old one, with a reason; the old one stays, for the history.
 */
@Entity('learning_records')
@Index(['enrolmentId', 'kind'])
@Index(['supersedesId'], { unique: true, where: '"supersedes_id" is not null' })
@Check(`"kind" in ('attendance', 'module_completion', 'assessment', 'evidence', 'retraction')`)
@Check(`"kind" <> 'retraction' or "supersedes_id" is not null`)
@Check(`("kind" = 'attendance') = ("session_id" is not null and "hours" is not null)`)
@Check(`("kind" = 'assessment') = ("score" is not null)`)
@Check(`"kind" <> 'evidence' or "evidence_url" is not null or "evidence_sha256" is not null`)
@Check(`("supersedes_id" is null) = ("reason" is null)`)
@Check(`"score" is null or ("score" >= 0 and "score" <= 100)`)
@Check(`"hours" is null or ("hours" >= 0 and "hours" <= 24)`)
export class LearningRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Relation<Enrolment>;

  @Column('text')
  kind!: StoredRecordKind;

  @Column('uuid')
  moduleId!: string;

  @ManyToOne(() => ProgrammeModule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<ProgrammeModule>;

  @Column('uuid', { nullable: true })
  sessionId!: string | null;

  @ManyToOne(() => ClassSession, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id' })
  session?: Relation<ClassSession> | null;

  @Column('numeric', { precision: 5, scale: 2, nullable: true, transformer: numeric })
  hours!: number | null;

  @Column('numeric', { precision: 5, scale: 2, nullable: true, transformer: numeric })
  score!: number | null;

  /** Whether the score reached the pass mark in force when it was recorded. */
  @Column('boolean', { nullable: true })
  passed!: boolean | null;

  @Column('text', { nullable: true })
  evidenceUrl!: string | null;

  @Column('text', { nullable: true })
  evidenceSha256!: string | null;

  @Column('text', { nullable: true })
  evidenceName!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  /** The record this one corrects. */
  @Column('uuid', { nullable: true })
  supersedesId!: string | null;

  @ManyToOne(() => LearningRecord, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes_id' })
  supersedes?: Relation<LearningRecord> | null;

  /** Why the superseded record was wrong. */
  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid')
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;

  /** The CSV import that wrote it, if any. */
  @Column('uuid', { nullable: true })
  importId!: string | null;
}
