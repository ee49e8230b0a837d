import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Actor } from '@app/audit';
import { CoreError, notFound } from '@app/core';
import { AccessTokens, AccountsService, ApiKeysService, CurrentPrincipal, Public, SignedIn, type Principal } from '@app/identity';
import {
  AccountResponse,
  ApiKeyResponse,
  CreateApiKeyRequest,
  CreatedApiKeyResponse,
  SignInRequest,
  TokenResponse,
} from './identity.dto.js';
import { CurrentActor } from '../http/actor.decorator.js';
import { RATE_LIMIT_GROUPS, signInLimit } from '../http/rate-limits.js';

@ApiTags('identity')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: AccessTokens,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Post('auth/token')
  @Public()
  @HttpCode(200)
  @RouteConfig({ rateLimit: { max: signInLimit, timeWindow: '1 minute', groupId: RATE_LIMIT_GROUPS.signIn } })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-in attempts from this address; see Retry-After' })
  @ApiOperation({ summary: 'Sign in with email and password; returns a short-lived access token' })
  @ApiOkResponse({ type: TokenResponse })
  async signIn(@Body() body: SignInRequest): Promise<TokenResponse> {
    const account = await this.accounts.checkPassword(body.email, body.password);
    return this.tokens.issue(account.id);
  }

  @Get('me')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in account and its roles' })
  @ApiOkResponse({ type: AccountResponse })
  async me(@CurrentPrincipal() principal: Principal): Promise<AccountResponse> {
    const account = await this.accounts.findById(principal.accountId);
    if (!account) throw notFound('The account');
    return AccountResponse.from(account);
  }

  @Post('api-keys')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an API key that acts as the signed-in account; the key is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async createApiKey(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() body: CreateApiKeyRequest,
  ): Promise<CreatedApiKeyResponse> {
    const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
      throw new CoreError('validation_failed', 'expiresAt must be a date and time in the future.', {
        errors: [{ pointer: '/expiresAt', detail: 'must be a date and time in the future, e.g. 2027-12-31T00:00:00Z' }],
      });
    }
    const { key, secret } = await this.apiKeys.create(principal.accountId, body.name, expiresAt, actor);
    return { ...ApiKeyResponse.from(key), key: secret };
  }

  @Get('api-keys')
  @SignedIn()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The signed-in account's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  async listApiKeys(@CurrentPrincipal() principal: Principal): Promise<ApiKeyResponse[]> {
    return (await this.apiKeys.list(principal.accountId)).map((k) => ApiKeyResponse.from(k));
  }

  @Delete('api-keys/:id')
  @SignedIn()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke one of your API keys' })
  async revokeApiKey(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.apiKeys.revoke(principal.accountId, id, actor);
  }
}
