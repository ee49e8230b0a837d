import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { LocalizedText } from '@app/core';

/** An issuer: a ministry, university or training centre. Each will own its DID and signing keys. */
@Entity('organisations')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable, URL-safe handle; part of the organisation's did:web. */
  @Index({ unique: true })
  @Column('text')
  slug!: string;

  @Column('jsonb')
  name!: LocalizedText;

  @Column('jsonb', { nullable: true })
  description!: LocalizedText | null;

  @Column('text', { nullable: true })
  url!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  logoUrl!: string | null;

  @Column('uuid', { nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Organisation> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
