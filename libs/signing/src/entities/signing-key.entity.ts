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

export const KEY_STATUSES = ['active', 'retired', 'compromised'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/**
 * An organisation's Ed25519 signing key. One is active (it signs); retired ones stay in the DID
 * document so that what they signed still verifies; compromised ones are withdrawn from it, so
 * that what they signed no longer does. The private key is stored sealed (AES-256-GCM).
 */
@Entity('signing_keys')
@Index(['organisationId'], { unique: true, where: `"status" = 'active'` })
@Check(`"status" in ('active', 'retired', 'compromised')`)
export class SigningKeyRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** The verification method id: `<did>#<publicKeyMultibase>`. */
  @Index({ unique: true })
  @Column('text')
  verificationMethod!: string;

  @Column('text')
  publicKeyMultibase!: string;

  @Column('text', { select: false })
  sealedSecret!: string;

  @Column('text')
  status!: KeyStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  retiredAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  compromisedAt!: Date | null;

  @Column('text', { nullable: true })
  compromiseReason!: string | null;
}
