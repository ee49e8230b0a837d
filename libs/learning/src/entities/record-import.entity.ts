import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A CSV file imported into a cohort. The same file (by SHA-256) imported again changes nothing,
 * but for the rows it had refused (a partial import), which are tried again.
 */
@Entity('record_imports')
@Index(['cohortId', 'sha256'], { unique: true })
export class RecordImport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  cohortId!: string;

  @Column('text')
  sha256!: string;

  @Column('uuid')
  importedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt!: Date;

  /** The report given when the file was last imported. */
  @Column('jsonb')
  report!: unknown;
}
