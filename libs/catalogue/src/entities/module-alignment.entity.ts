import { Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Column, type Relation } from 'typeorm';
import { Competency } from './competency.entity.js';
import { ProgrammeModule } from './programme-module.entity.js';

/** A module develops a competency (one aspect at one level) of a framework. */
@Entity('module_alignments')
@Index(['moduleId', 'competencyId'], { unique: true })
export class ModuleAlignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  moduleId!: string;

  @ManyToOne(() => ProgrammeModule, (m) => m.alignments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<ProgrammeModule>;

  @Column('uuid')
  competencyId!: string;

  @ManyToOne(() => Competency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'competency_id' })
  competency?: Relation<Competency>;
}
