import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Organisation } from '@app/catalogue';
import type { Design } from '../certificate-template.js';

/** A signatory as stored: the signature image, if any, in base64. */
export interface StoredSignatory {
  readonly name: string;
  readonly title: string;
  readonly signature: string | null;
}

/** An organisation's certificate template (one per organisation; the default when there is none). */
@Entity('certificate_templates')
@Check(`"design" in ('classic', 'modern')`)
@Check(`"primary_colour" ~ '^#[0-9a-fA-F]{6}$' and "accent_colour" ~ '^#[0-9a-fA-F]{6}$'`)
@Check(`"version" > 0`)
export class CertificateTemplateRecord {
  @PrimaryColumn('uuid')
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column('text')
  design!: Design;

  @Column('text')
  primaryColour!: string;

  @Column('text')
  accentColour!: string;

  /** PNG or JPEG. */
  @Column('bytea', { nullable: true })
  logo!: Buffer | null;

  @Column('jsonb')
  signatories!: StoredSignatory[];

  /** Goes up with every change; part of a rendered certificate's identity (ETag). */
  @Column('int')
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
