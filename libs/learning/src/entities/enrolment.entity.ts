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
import { Account } from '@app/identity';
import { Cohort } from './cohort.entity.js';

export const PARTICIPANT_ROLES = ['teacher', 'learner'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const ENROLMENT_STATUSES = ['enrolled', 'in_progress', 'completed', 'withdrawn'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** A teacher (in a training workshop) or a learner (in a course) taking part in a cohort. */
@Entity('enrolments')
@Index(['cohortId', 'accountId'], { unique: true })
@Check(`"role" in ('teacher', 'learner')`)
@Check(`"status" in ('enrolled', 'in_progress', 'completed', 'withdrawn')`)
export class Enrolment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @Index()
  @Column('uuid')
  accountId!: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<Account>;

  @Column('text')
  role!: ParticipantRole;

  @Column('text', { default: 'enrolled' })
  status!: EnrolmentStatus;

  /** When the programme's rules were first met (the credential is earned then). */
  @Column('timestamptz', { nullable: true })
  eligibleAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  enrolledAt!: Date;
}
