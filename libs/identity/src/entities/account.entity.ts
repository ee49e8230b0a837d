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

  @OneToMany('RoleGrant', (g: RoleGrant) => g.account)
  grants?: Relation<RoleGrant[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
