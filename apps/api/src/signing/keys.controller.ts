import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Actor } from '@app/audit';
import { CoreError } from '@app/core';
import { extensionContext } from '@app/credentials';
import { CurrentPrincipal, Public, Roles, type Principal } from '@app/identity';
import { KeyStore, type DidDocument, type SigningKeyRecord } from '@app/signing';
import { CurrentActor } from '../http/actor.decorator.js';

export class CompromisedRequest {
  @ApiProperty({ example: 'Laptop with the backup stolen on 2026-11-20' }) @IsString() @Length(3, 500) reason!: string;
}

export class SigningKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The verification method id: <did>#<publicKeyMultibase>' }) verificationMethod!: string;
  @ApiProperty() publicKeyMultibase!: string;
  @ApiProperty({ enum: ['active', 'retired', 'compromised'] }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) retiredAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) compromisedAt!: string | null;

  static from(k: SigningKeyRecord): SigningKeyResponse {
    return {
      id: k.id,
      verificationMethod: k.verificationMethod,
      publicKeyMultibase: k.publicKeyMultibase,
      status: k.status,
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt?.toISOString() ?? null,
      compromisedAt: k.compromisedAt?.toISOString() ?? null,
    };
  }
}

/** Issuers' DIDs (did:web) and keys: public documents, and key management for their admins. */
@ApiTags('keys and DIDs')
@Controller()
export class KeysController {
  constructor(private readonly keys: KeyStore) {}

  @Get('contexts/ai-cft-credentials/v1.json')
  @Public()
  @Header('cache-control', 'public, max-age=86400, immutable')
  @Header('content-type', 'application/ld+json')
  @ApiOperation({ summary: 'The JSON-LD context of the service’s credential extension (contact hours, translations)' })
  context(): Record<string, unknown> {
    return extensionContext();
  }

  @Get('organisations/:slug/did.json')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @Header('content-type', 'application/did+json')
  @ApiOperation({ summary: "The organisation's DID document (did:web:<host>:organisations:<slug>)" })
  didDocument(@Param('slug') slug: string): Promise<DidDocument> {
    return this.keys.didDocument(slug);
  }

  @Get('organisations/:slug/jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @Header('content-type', 'application/jwk-set+json')
  @ApiOperation({ summary: "The organisation's public keys as a JWK Set (for its JWT credentials)" })
  jwks(@Param('slug') slug: string): Promise<{ keys: Array<Record<string, string>> }> {
    return this.keys.jwks(slug);
  }

  @Get('organisations/:id/keys')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The organisation's signing keys (public parts and status)" })
  @ApiOkResponse({ type: [SigningKeyResponse] })
  async list(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<SigningKeyResponse[]> {
    assertAdminOf(principal, id);
    return (await this.keys.listKeys(id)).map((k) => SigningKeyResponse.from(k));
  }

  @Post('organisations/:id/keys/rotation')
  @Roles('org_admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Rotate: a new key signs from now on; the old one stays in the DID document, so what it signed still verifies',
  })
  @ApiOkResponse({ type: SigningKeyResponse })
  @HttpCode(200)
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SigningKeyResponse> {
    assertAdminOf(principal, id);
    return SigningKeyResponse.from(await this.keys.rotate(actor, id));
  }

  @Post('signing-keys/:id/compromise')
  @Roles('org_admin')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a key compromised: it leaves the DID document, and what it signed stops verifying' })
  @ApiOkResponse({ type: SigningKeyResponse })
  async compromised(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompromisedRequest,
  ): Promise<SigningKeyResponse> {
    const key = await this.keys.keyOf(id);
    assertAdminOf(principal, key.organisationId);
    return SigningKeyResponse.from(await this.keys.markCompromised(actor, id, body.reason));
  }
}

function assertAdminOf(principal: Principal, organisationId: string): void {
  if (!principal.hasRoleIn('org_admin', organisationId))
    throw new CoreError('forbidden', 'Only the administrators of this organisation manage its keys.');
}
