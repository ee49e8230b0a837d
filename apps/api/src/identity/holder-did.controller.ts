import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/audit';
import { CoreError, notFound } from '@app/core';
import { AccountsService, CurrentPrincipal, SignedIn, type Principal } from '@app/identity';
import { CurrentActor } from '../http/actor.decorator.js';
import { RATE_LIMIT_GROUPS, verifyLimit } from '../http/rate-limits.js';
import { HolderDidLinking } from './holder-did-linking.js';
import { HolderChallengeResponse, HolderDidResponse, LinkHolderDidRequest } from './identity.dto.js';

/**
 * The signed-in person's DID: a wallet proves control of it (DID Authentication) and credentials
 * issued afterwards name it as their subject, so the person can present them, signed with that
 * DID's key, to anyone who asks for proof that the credential is theirs.
 */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('me/holder-did')
export class HolderDidController {
  constructor(
    private readonly linking: HolderDidLinking,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'The DID linked to your account, if any' })
  @ApiOkResponse({ type: HolderDidResponse })
  async get(@CurrentPrincipal() principal: Principal): Promise<HolderDidResponse> {
    const account = await this.accounts.findById(principal.accountId);
    if (!account) throw notFound('The account');
    return HolderDidResponse.from(account);
  }

  @Post('challenge')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A challenge for your wallet to sign (valid 15 minutes)',
    description:
      'Sign a VerifiablePresentation with no credentials, holder your did:key, proof eddsa-rdfc-2022 with proofPurpose authentication, this challenge and this domain; then PUT it to /me/holder-did.',
  })
  @ApiOkResponse({ type: HolderChallengeResponse })
  challenge(@CurrentPrincipal() principal: Principal): Promise<HolderChallengeResponse> {
    assertPerson(principal);
    return this.linking.challenge(principal.accountId);
  }

  @Put()
  @SignedIn()
  @RouteConfig({ rateLimit: { max: verifyLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.verification } })
  @ApiOperation({
    summary: 'Link a DID you control to your account (its signed presentation answering a challenge)',
    description:
      'Credentials issued afterwards name the DID as credentialSubject.id (and as sub in an OB 3.0 JWT). 422 holder_proof_invalid when the presentation does not prove control; 409 did_taken when another account has linked it. Linking the same DID again changes nothing.',
  })
  @ApiBody({ type: LinkHolderDidRequest })
  @ApiOkResponse({ type: HolderDidResponse })
  async link(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
  ): Promise<HolderDidResponse> {
    assertPerson(principal);
    // Read by hand, not by the validation pipe (which would walk a hostile nesting before the
    // verification's bounds do).
    const presentation = isObject(body) ? body['presentation'] : undefined;
    if (!isObject(presentation)) {
      throw new CoreError('malformed_request', 'The body must be a JSON object with "presentation", a presentation object.');
    }
    return HolderDidResponse.from(await this.linking.link(principal.accountId, presentation, actor));
  }

  @Delete()
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'Unlink your DID: credentials issued afterwards name none (those issued already keep it)' })
  async unlink(@CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor): Promise<void> {
    await this.linking.unlink(principal.accountId, actor);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Linking a DID binds every later credential to a key: a person signed in does it (an access
 * token or the portal), not a long-lived API key, which a leak would let bind another's DID.
 */
function assertPerson(principal: Principal): void {
  if (principal.via === 'api_key') {
    throw new CoreError(
      'forbidden',
      'A DID is linked by the person signed in (an access token or the portal), not with an API key.',
    );
  }
}
