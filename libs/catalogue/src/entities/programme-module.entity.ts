import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '@app/core';
import { ProgrammeVersion } from './programme-version.entity.js';
import type { ModuleAlignment } from './module-alignment.entity.js';

/** A course module with its contact hours, optionally assessed. */
@Entity('programme_modules')
@Index(['programmeVersionId', 'code'], { unique: true })
@Check('"contact_hours" > 0')
export class ProgrammeModule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  programmeVersionId!: string;

  @ManyToOne(() => ProgrammeVersion, (v) => v.modules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_version_id' })
  programmeVersion?: Relation<ProgrammeVersion>;

  /** Short code, unique within the version (used in CSV imports), e.g. "M1". */
  @Column('text')
  code!: string;

  @Column('smallint')
  position!: number;

  @Column('jsonb')
  title!: LocalizedText;

  @Column('numeric', { precision: 6, scale: 2, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  contactHours!: number;

  /** Whether the module ends with an assessment that must be passed. */
  @Column('boolean', { default: false })
  assessed!: boolean;

  /** Overrides the version's pass mark for this module. */
  @Column('smallint', { nullable: true })
  passMark!: number | null;

  @OneToMany('ModuleAlignment', (a: ModuleAlignment) => a.module)
  alignments?: Relation<ModuleAlignment[]>;
}
