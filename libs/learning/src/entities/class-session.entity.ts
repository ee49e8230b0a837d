import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ProgrammeModule } from '@app/catalogue';
import { Cohort } from './cohort.entity.js';

/** A class of a cohort: one module, on one day, for so many hours. Attendance is recorded against it. */
@Entity('class_sessions')
@Index(['cohortId', 'moduleId', 'heldOn'], { unique: true })
@Check(`"hours" > 0 and "hours" <= 24`)
export class ClassSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @Column('uuid')
  moduleId!: string;

  @ManyToOne(() => ProgrammeModule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<ProgrammeModule>;

  @Column('date')
  heldOn!: string;

  @Column('numeric', { precision: 5, scale: 2, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  hours!: number;
}
