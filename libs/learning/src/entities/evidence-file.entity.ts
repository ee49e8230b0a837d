import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The bytes of an uploaded piece of evidence, addressed by their SHA-256. */
@Entity('evidence_files')
export class EvidenceFile {
  @PrimaryColumn('text')
  sha256!: string;

  @Column('text')
  mediaType!: string;

  @Column('integer')
  size!: number;

  @Column('bytea', { select: false })
  content!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
