import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { RoleGrant } from './role-grant.entity.js';

/** A person (or a machine client's owner) who signs in. */
@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased and trimmed; unique. */
  @Index({ unique: true })
  @Column('text')
  email!: string;

  @Column('text')
  displayName!: string;

  /** argon2id PHC string; null for accounts that cannot sign in with a password yet. */
  @Column('text', { nullable: true, select: false })
  passwordHash!: string | null;

  @Column('text', { default: 'en' })
  language!: string;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  /**
   * A DID the person proved they control (a signed DIDAuth presentation): credentials issued to
   * them afterwards name it as their subject, so they can present them with that DID's key.
   * One account per DID.
   */
  @Index({ unique: true, where: '"holder_did" IS NOT NULL' })
  @Column('text', { nullable: true })
  holderDid!: string | null;

  /** When the DID was linked, or (none linked) last unlinked: challenges given before are spent. */
  @Column('timestamptz', { nullable: true })
  holderDidBoundAt!: Date | null;

  @OneToMany('RoleGrant', (g: RoleGrant) => g.account)
  grants?: Relation<RoleGrant[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
