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
import { Organisation, ProgrammeVersion } from '@app/catalogue';
import { credentialColumnOrder } from '@app/credentials';
import { Account } from '@app/identity';
import { Enrolment } from '@app/learning';

export const CREDENTIAL_STATES = [
  'awaiting_approval',
  'queued',
  'active',
  'suspended',
  'revoked',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

/** States in which a credential counts for its enrolment: at most one per enrolment. */
export const LIVE_STATES: readonly CredentialState[] = ['awaiting_approval', 'queued', 'active', 'suspended'];

/**
 * The record of truth of a credential: why it exists (an enrolment that met its programme's
 * rules, or a VC-API client's request), where it stands, its status list entries, and once
 * signed, the signed documents (Data Integrity JSON-LD and JWT) exactly as handed out.
 */
@Entity('credentials')
@Index('credentials_one_live_per_enrolment', ['enrolmentId'], {
  unique: true,
  where: `"state" in ('awaiting_approval', 'queued', 'active', 'suspended') and "enrolment_id" is not null`,
})
@Index(['organisationId', 'state'])
@Index(['suspensionListId', 'suspensionIndex'], { unique: true })
@Index(['revocationListId', 'revocationIndex'], { unique: true })
@Check(`"state" in ('awaiting_approval', 'queued', 'active', 'suspended', 'revoked', 'rejected', 'cancelled', 'failed')`)
@Check(`"source" in ('programme', 'api')`)
@Check(`"state" not in ('active', 'suspended', 'revoked') or "document" is not null`)
export class IssuedCredential {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** `programme`: earned in a cohort; `api`: issued for a client through POST /credentials/issue. */
  @Column('text')
  source!: 'programme' | 'api';

  @Column('uuid', { nullable: true })
  enrolmentId!: string | null;

  @ManyToOne(() => Enrolment, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Relation<Enrolment> | null;

  /** The holder (teacher or learner), for credentials earned in a cohort. */
  @Index()
  @Column('uuid', { nullable: true })
  accountId!: string | null;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<Account> | null;

  @Column('uuid', { nullable: true })
  programmeVersionId!: string | null;

  @ManyToOne(() => ProgrammeVersion, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'programme_version_id' })
  programmeVersion?: Relation<ProgrammeVersion> | null;

  @Column('text')
  state!: CredentialState;

  /** Why it is in its state (a revocation reason, the error of a failed signature). */
  @Column('text', { nullable: true })
  stateReason!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  stateChangedAt!: Date;

  /** The one `credentialStatus` entry (statusPurpose suspension) every credential carries. */
  @Column('uuid', { nullable: true })
  suspensionListId!: string | null;

  @Column('integer', { nullable: true })
  suspensionIndex!: number | null;

  /** A second entry (statusPurpose revocation), for VC-API credentials, which may carry two. */
  @Column('uuid', { nullable: true })
  revocationListId!: string | null;

  @Column('integer', { nullable: true })
  revocationIndex!: number | null;

  /** The JWT form issued beside the Data Integrity one, or null for none. */
  @Column('text', { nullable: true })
  jwtProfile!: 'vc+jwt' | 'ob3' | null;

  /**
   * For `api` credentials whose client gave their own id (a `urn:uuid:`, say): that id, by which
   * the credential is managed and found; null when the id is this service's URL. One credential
   * per id.
   */
  @Index({ unique: true, where: '"external_id" IS NOT NULL' })
  @Column('text', { nullable: true })
  externalId!: string | null;

  /** For `api` credentials, the unsigned credential as the client sent it (completed). */
  @Column('jsonb', { nullable: true, select: false })
  request!: Record<string, unknown> | null;

  /**
   * The signed credential (Data Integrity, eddsa-rdfc-2022). `jsonb` sorts an object's keys, so
   * it is read back with them in the order credentials are written (`@context` first, `proof`
   * last); the order of keys changes nothing a proof covers.
   */
  @Column('jsonb', {
    nullable: true,
    select: false,
    transformer: credentialColumnOrder,
  })
  document!: Record<string, unknown> | null;

  /**
   * The SHA-256 of the signed credential's text as this service gives it out (`documentDigest`):
   * a verifier sent exactly that text knows it is the stored document without comparing the two.
   * Set for credentials signed before it was kept by the migration that added it; a credential
   * sent in another text is compared with the document in content (as jsonb).
   */
  @Column('text', { nullable: true, select: false })
  documentDigest!: string | null;

  @Column('text', { nullable: true, select: false })
  jwt!: string | null;

  /** The verification method that signed it. */
  @Column('text', { nullable: true })
  verificationMethod!: string | null;

  @Column('timestamptz', { nullable: true })
  issuedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  validFrom!: Date | null;

  @Column('timestamptz', { nullable: true })
  validUntil!: Date | null;

  /** Re-issue: the credential this one replaces (revoked when this one was queued). */
  @Column('uuid', { nullable: true })
  replacesId!: string | null;

  @ManyToOne(() => IssuedCredential, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'replaces_id' })
  replaces?: Relation<IssuedCredential> | null;

  @Column('uuid', { nullable: true })
  replacedById!: string | null;

  @ManyToOne(() => IssuedCredential, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'replaced_by_id' })
  replacedBy?: Relation<IssuedCredential> | null;

  /**
   * While set, the holder shares the credential: its public page (/verify/{id}, the QR code's
   * link) shows it to anyone with the link. Unset (the default), the page says only that the
   * holder does not share it; a credential someone presents is verified all the same.
   */
  @Column('timestamptz', { nullable: true })
  sharedAt!: Date | null;

  /** Signing attempts that failed (the job queue retries). */
  @Column('integer', { default: 0 })
  attempts!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
