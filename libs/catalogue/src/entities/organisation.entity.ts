import {
  Check,
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

/** How an organisation is identified as an issuer. */
export const DID_METHODS = ['web', 'key'] as const;
export type DidMethod = (typeof DID_METHODS)[number];

/** An issuer: a ministry, university or training centre. Each owns its DID and signing keys. */
@Entity('organisations')
@Check(`"did_method" in ('web', 'key')`)
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

  /**
   * `web` (default): did:web:<host>:organisations:<slug>, one DID across key rotations, its DID
   * document served here. `key`: the issuer is the did:key of its active key (no domain needed;
   * a rotation gives a new DID). Chosen at creation, never changed.
   */
  @Column('text', { default: 'web' })
  didMethod!: DidMethod;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Organisation> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
