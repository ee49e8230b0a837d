import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LANGUAGES } from '@app/core';
import { ROLES, type Account, type ApiKey, type Role } from '@app/identity';

export class SignInRequest {
  @ApiProperty({ example: 'admin@demo.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 1024)
  password!: string;
}

export class TokenResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 900 }) expiresIn!: number;
}

export class GrantDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for org_admin and trainer; absent for the others', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class CreateAccountRequest {
  @ApiProperty({ example: 'rana.haddad@example.edu.lb' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Rana Haddad' })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiPropertyOptional({ description: 'At least 12 characters; omit to create an account that cannot sign in yet' })
  @IsOptional()
  @IsString()
  @Length(12, 1024)
  password?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;

  @ApiPropertyOptional({ type: [GrantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  grants?: GrantDto[];
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ type: [GrantDto] }) grants!: GrantDto[];
  @ApiPropertyOptional({ description: 'The DID linked to the account (see /me/holder-did)' }) holderDid?: string;
  @ApiProperty() createdAt!: string;

  static from(account: Account): AccountResponse {
    return {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      language: account.language,
      grants: (account.grants ?? []).map((g) => ({
        role: g.role,
        ...(g.organisationId ? { organisationId: g.organisationId } : {}),
      })),
      ...(account.holderDid ? { holderDid: account.holderDid } : {}),
      createdAt: account.createdAt.toISOString(),
    };
  }
}

export class HolderDidResponse {
  @ApiPropertyOptional({ description: 'The linked DID (a did:key); absent when none is linked', example: 'did:key:z6Mk...' })
  holderDid?: string;
  @ApiPropertyOptional() linkedAt?: string;

  static from(account: Account): HolderDidResponse {
    return account.holderDid
      ? {
          holderDid: account.holderDid,
          ...(account.holderDidBoundAt ? { linkedAt: account.holderDidBoundAt.toISOString() } : {}),
        }
      : {};
  }
}

export class HolderChallengeResponse {
  @ApiProperty({ description: "The proof's challenge" }) challenge!: string;
  @ApiProperty({ description: "The proof's domain (this service's host)" }) domain!: string;
  @ApiProperty() expiresAt!: string;
}

/** Documents the body of PUT /me/holder-did; it is read by hand (any JSON, bounded before it is walked). */
export class LinkHolderDidRequest {
  @ApiProperty({
    description:
      'A VerifiablePresentation (Data Integrity eddsa-rdfc-2022, proofPurpose authentication) with holder your did:key, no credentials, and the challenge and domain of POST /me/holder-did/challenge',
  })
  presentation!: Record<string, unknown>;
}

export class AccountPage {
  @ApiProperty({ type: [AccountResponse] }) items!: AccountResponse[];
  @ApiProperty() total!: number;
}

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'ministry SIS integration' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: '2027-12-31T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Public part of the key, to tell keys apart' }) prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;

  static from(key: ApiKey): ApiKeyResponse {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself. Shown once: it is not stored and cannot be shown again.' })
  key!: string;
}
