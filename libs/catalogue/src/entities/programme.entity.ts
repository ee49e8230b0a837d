import {
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
import { Organisation } from './organisation.entity.js';
import type { ProgrammeVersion } from './programme-version.entity.js';

/**
 * A programme: what an organisation certifies (an Open Badges Achievement). Its content lives in
 * immutable versions, so a credential always points at the version it was earned under.
 */
@Entity('programmes')
@Index(['organisationId', 'slug'], { unique: true })
export class Programme {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column('text')
  slug!: string;

  /** The version new cohorts are offered under. */
  @Column('integer', { default: 1 })
  currentVersion!: number;

  @OneToMany('ProgrammeVersion', (v: ProgrammeVersion) => v.programme)
  versions?: Relation<ProgrammeVersion[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  archivedAt!: Date | null;
}
