import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Organisation } from '@app/catalogue';
import type { Role } from '../roles.js';
import { Account } from './account.entity.js';

/** An account holds a role, within one organisation for org_admin and trainer. */
@Entity('role_grants')
@Index(['accountId', 'role', 'organisationId'], { unique: true, where: '"organisation_id" is not null' })
@Index(['accountId', 'role'], { unique: true, where: '"organisation_id" is null' })
@Check(`"role" in ('platform_admin', 'org_admin', 'trainer', 'learner', 'monitor')`)
@Check(`("role" in ('org_admin', 'trainer')) = ("organisation_id" is not null)`)
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  accountId!: string;

  @ManyToOne(() => Account, (a) => a.grants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<Account>;

  @Column('text')
  role!: Role;

  @Column('uuid', { nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => Organisation, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
