import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import type { IssuedCredential } from '@app/issuance';

export class ReasonRequest {
  @ApiProperty({ example: 'Name misspelt on the certificate' }) @IsString() @Length(3, 500) reason!: string;
}

export class IssueRequest {
  @ApiProperty({ description: 'An unsigned VC 2.0 credential whose issuer is one of the caller’s organisations' })
  @IsObject()
  credential!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'VC-API issue options (none are needed: the status entries are assigned)' })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}

export class VerifyCredentialRequest {
  @ApiProperty({
    description: 'A signed credential (Data Integrity), a JWT credential as a string, or an EnvelopedVerifiableCredential',
    oneOf: [{ type: 'object' }, { type: 'string' }],
  })
  @Allow()
  verifiableCredential!: Record<string, unknown> | string;

  @ApiPropertyOptional() @IsOptional() @IsObject() options?: Record<string, unknown>;
}

export class PresentationOptions {
  @ApiPropertyOptional() @IsOptional() @IsString() challenge?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() domain?: string;
  @ApiPropertyOptional({ description: 'Accept a presentation without proof (its credentials are still verified)' })
  @IsOptional()
  @IsBoolean()
  unsignedPresentation?: boolean;
}

export class VerifyPresentationRequest {
  @ApiProperty({ description: 'A verifiable presentation (Data Integrity)' })
  @IsObject()
  verifiablePresentation!: Record<string, unknown>;

  @ApiPropertyOptional({ type: PresentationOptions })
  @IsOptional()
  @ValidateNested()
  @Type(() => PresentationOptions)
  options?: PresentationOptions;
}

export class StatusChange {
  @ApiProperty({ enum: ['BitstringStatusListEntry'] }) @IsIn(['BitstringStatusListEntry']) type!: string;
  @ApiProperty({ enum: ['revocation', 'suspension'] }) @IsIn(['revocation', 'suspension']) statusPurpose!: string;
  @ApiProperty({ description: 'true sets the status (revokes, suspends); false clears it (reinstates a suspension)' })
  @IsBoolean()
  status!: boolean;
}

export class UpdateStatusRequest {
  @ApiProperty({ description: 'The credential id as in the credential (this service’s URL, or the id its API client gave it)' })
  @IsString()
  credentialId!: string;

  @ApiProperty({ type: [StatusChange], description: 'One change at a time' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ValidateNested({ each: true })
  @Type(() => StatusChange)
  credentialStatus!: StatusChange[];

  @ApiProperty({ example: 'Assessment found to be plagiarised' }) @IsString() @Length(3, 500) reason!: string;
}

export class SharingRequest {
  @ApiProperty({ description: 'true: the public page shows the credential; false: it does not' })
  @IsBoolean()
  shared!: boolean;
}

export class SharingState {
  @ApiProperty() shared!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) sharedAt!: string | null;
  @ApiProperty({ description: 'The public page (what the certificate’s QR code holds)' }) verificationUrl!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'LinkedIn "add to profile" (certification) link: only while shared and active',
  })
  linkedInUrl!: string | null;
}

export class CredentialSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The credential id: a URL of this service, or the id the API client gave it' })
  credentialId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ['programme', 'api'] }) source!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) enrolmentId!: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) accountId!: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) programmeVersionId!: string | null;
  @ApiProperty({ enum: ['awaiting_approval', 'queued', 'active', 'suspended', 'revoked', 'rejected', 'cancelled', 'failed'] })
  state!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) stateReason!: string | null;
  @ApiProperty() stateChangedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) jwtProfile!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) issuedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) validUntil!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) replacesId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) replacedById!: string | null;
  @ApiProperty({ description: 'Whether the holder shares it (its public page shows it)' }) shared!: boolean;
  @ApiProperty({
    description:
      "Issued (active or suspended), but the holder's records were corrected since and no longer meet the programme's rules: revoke it, or correct the records",
  })
  needsReview!: boolean;
  @ApiProperty({ description: 'Its public verification page' }) verificationUrl!: string;
  @ApiProperty() createdAt!: string;

  static from(c: IssuedCredential, baseUrl: string, needsReview = false): CredentialSummary {
    return {
      id: c.id,
      credentialId: c.externalId ?? `${baseUrl}/credentials/${c.id}`,
      organisationId: c.organisationId,
      source: c.source,
      enrolmentId: c.enrolmentId,
      accountId: c.accountId,
      programmeVersionId: c.programmeVersionId,
      state: c.state,
      stateReason: c.stateReason,
      stateChangedAt: c.stateChangedAt.toISOString(),
      jwtProfile: c.jwtProfile,
      issuedAt: c.issuedAt?.toISOString() ?? null,
      validUntil: c.validUntil?.toISOString() ?? null,
      replacesId: c.replacesId,
      replacedById: c.replacedById,
      shared: c.sharedAt !== null,
      needsReview,
      verificationUrl: `${baseUrl}/verify/${c.id}`,
      createdAt: c.createdAt.toISOString(),
    };
  }
}
