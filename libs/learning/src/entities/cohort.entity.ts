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
import { Organisation, Programme, ProgrammeVersion } from '@app/catalogue';

export const DELIVERY_MODES = ['in_person', 'online', 'blended'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** An offering of a programme: one version of it, taught on given dates, in one language. */
@Entity('cohorts')
@Check(`"ends_on" >= "starts_on"`)
@Check(`"language" in ('en', 'fr', 'ar')`)
@Check(
  `"certificate_languages" ~ '^(en|fr|ar)(-(en|fr|ar))?$' and split_part("certificate_languages", '-', 1) <> split_part("certificate_languages", '-', 2)`,
)
@Check(`"mode" in ('in_person', 'online', 'blended')`)
export class Cohort {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column('uuid')
  programmeId!: string;

  @ManyToOne(() => Programme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Relation<Programme>;

  /** The version the cohort is taught under, pinned when the cohort is created. */
  @Column('uuid')
  programmeVersionId!: string;

  @ManyToOne(() => ProgrammeVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_version_id' })
  programmeVersion?: Relation<ProgrammeVersion>;

  @Column('text')
  name!: string;

  @Column('date')
  startsOn!: string;

  @Column('date')
  endsOn!: string;

  @Column('text')
  mode!: DeliveryMode;

  /** Where, for in-person and blended cohorts. */
  @Column('text', { nullable: true })
  place!: string | null;

  /** The language of teaching, and of the certificates by default. */
  @Column('text')
  language!: 'en' | 'fr' | 'ar';

  /**
   * The languages its certificates are printed in, when not only the teaching language: one
   * language or a bilingual pair such as "ar-en" (the first leads).
   */
  @Column('text', { nullable: true })
  certificateLanguages!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
