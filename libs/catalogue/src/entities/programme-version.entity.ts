import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { LocalizedText } from '@app/core';
import { Programme } from './programme.entity.js';
import type { ProgrammeModule } from './programme-module.entity.js';

/** Open Badges 3.0 achievement types this service issues (a subset of the spec's vocabulary). */
export const ACHIEVEMENT_TYPES = [
  'MicroCredential',
  'Certificate',
  'CertificateOfCompletion',
  'Course',
  'Badge',
  'Competency',
] as const;
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number];

export const ISSUANCE_MODES = ['automatic', 'approval'] as const;
export type IssuanceMode = (typeof ISSUANCE_MODES)[number];

/** The JWT form issued beside the Data Integrity one: W3C VC-JOSE-COSE, or the OB 3.0 JWT profile. */
export const CREDENTIAL_JWT_PROFILES = ['vc+jwt', 'ob3'] as const;
export type CredentialJwtProfile = (typeof CREDENTIAL_JWT_PROFILES)[number];

/**
 * One immutable version of a programme: texts, modules, rules. Changing a programme that already
 * has credentials makes a new version; the credentials keep pointing at theirs.
 */
@Entity('programme_versions')
@Index(['programmeId', 'version'], { unique: true })
@Check('"min_attendance_percent" between 0 and 100')
@Check('"pass_mark" between 0 and 100')
@Check(`"jwt_profile" in ('vc+jwt', 'ob3')`)
export class ProgrammeVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  programmeId!: string;

  @ManyToOne(() => Programme, (p) => p.versions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Relation<Programme>;

  @Column('integer')
  version!: number;

  @Column('jsonb')
  name!: LocalizedText;

  @Column('jsonb')
  description!: LocalizedText;

  /** Narrative criteria (OB 3.0 Criteria.narrative), per language. */
  @Column('jsonb')
  criteria!: LocalizedText;

  @Column('text')
  achievementType!: AchievementType;

  /** Share of each module's contact hours a participant must attend. */
  @Column('smallint', { default: 80 })
  minAttendancePercent!: number;

  /** Score (0 to 100) needed to pass an assessed module, unless the module sets its own. */
  @Column('smallint', { default: 60 })
  passMark!: number;

  /** Credentials expire this many months after issue; null: they do not expire. */
  @Column('integer', { nullable: true })
  validityMonths!: number | null;

  /** Train-the-trainer cascade: trainers of this programme must hold a credential of that one. */
  @Column('uuid', { nullable: true })
  requiredTrainerProgrammeId!: string | null;

  @ManyToOne(() => Programme, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'required_trainer_programme_id' })
  requiredTrainerProgramme?: Relation<Programme> | null;

  @Column('text', { default: 'automatic' })
  issuanceMode!: IssuanceMode;

  @Column('text', { default: 'vc+jwt' })
  jwtProfile!: CredentialJwtProfile;

  @OneToMany('ProgrammeModule', (m: ProgrammeModule) => m.programmeVersion)
  modules?: Relation<ProgrammeModule[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
