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
import { credentialColumnOrder } from '@app/credentials';

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/**
 * One Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/) of an
 * organisation, for one purpose. Bit i (i = 0 is the most significant bit of the first byte) is 1
 * when the credential holding index i is revoked (or suspended). At least 131,072 entries, so
 * that a list says little about any one holder (herd privacy).
 */
@Entity('status_lists')
@Index(['organisationId', 'purpose'])
@Check(`"purpose" in ('revocation', 'suspension')`)
@Check(`"length" >= 131072 and "length" % 8 = 0`)
export class StatusList {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column('text')
  purpose!: StatusPurpose;

  /**
   * The DID that signs the list: null for the organisation's did:web; for a did:key issuer, the
   * did:key of the key whose credentials it holds (the list and its credentials must name the
   * same issuer).
   */
  @Column('text', { nullable: true })
  issuer!: string | null;

  @Column('integer')
  length!: number;

  /** The bitstring itself, `length / 8` bytes. */
  @Column('bytea', { select: false })
  bits!: Buffer;

  /** How many indices have been handed out. */
  @Column('integer', { default: 0 })
  allocated!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt!: Date;

  /**
   * The last signed BitstringStatusListCredential, as served (keys read back in the conventional
   * order: jsonb sorts them); stale when the revision moved on.
   */
  @Column('jsonb', { nullable: true, select: false, transformer: credentialColumnOrder })
  publishedCredential!: Record<string, unknown> | null;

  /** Incremented by every change of the bits. */
  @Column('integer', { default: 0 })
  revision!: number;

  /** The revision the published credential was signed over. */
  @Column('integer', { nullable: true })
  publishedRevision!: number | null;
}
