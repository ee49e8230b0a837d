import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Column, type Relation } from 'typeorm';
import { Account } from '@app/identity';
import { Cohort } from './cohort.entity.js';

/** A trainer of a cohort: may record attendance, results and evidence for it. */
@Entity('cohort_trainers')
export class CohortTrainer {
  @PrimaryColumn('uuid')
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @PrimaryColumn('uuid')
  accountId!: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<Account>;

  @Column('uuid', { nullable: true })
  assignedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  assignedAt!: Date;
}
