import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CoreError } from '@app/core';
import { AccountsService, CurrentPrincipal, Roles, type Grant, type Principal } from '@app/identity';
import { Idempotent } from '../http/idempotency.interceptor.js';
import type { Actor } from '@app/audit';
import { CurrentActor } from '../http/actor.decorator.js';
import { PageQuery } from '../http/page-query.js';
import { AccountPage, AccountResponse, CreateAccountRequest } from './identity.dto.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Roles('org_admin')
  @Idempotent()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retry safely: the same key and request get the first answer again',
  })
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Platform admins may grant any role. Organisation admins may create learners, and trainers or admins of their own organisations.',
  })
  @ApiCreatedResponse({ type: AccountResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() body: CreateAccountRequest,
  ): Promise<AccountResponse> {
    const grants: Grant[] = (body.grants ?? []).map((g) => ({ role: g.role, organisationId: g.organisationId ?? null }));
    for (const grant of grants) assertMayGrant(principal, grant);
    const account = await this.accounts.create({ ...body, grants }, undefined, actor);
    return AccountResponse.from(account);
  }

  @Delete(':id/holder-did')
  @Roles('platform_admin')
  @HttpCode(204)
  @ApiOperation({
    summary: "Unlink an account's DID (a platform admin's recovery, e.g. a DID linked by someone who tricked its owner's wallet)",
    description: 'Audited with the acting admin; credentials issued before keep naming the DID. None linked: nothing changes.',
  })
  async unlinkHolderDid(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.accounts.unlinkHolderDid(id, actor);
  }

  @Get()
  @Roles('platform_admin')
  @ApiOperation({ summary: 'All accounts, oldest first' })
  @ApiOkResponse({ type: AccountPage })
  async list(@Query() query: PageQuery): Promise<AccountPage> {
    const page = await this.accounts.list(query);
    return { items: page.items.map((a) => AccountResponse.from(a)), total: page.total };
  }
}

function assertMayGrant(principal: Principal, grant: Grant): void {
  if (principal.isPlatformAdmin || grant.role === 'learner') return;
  if (
    grant.organisationId &&
    ['org_admin', 'trainer'].includes(grant.role) &&
    principal.hasRoleIn('org_admin', grant.organisationId)
  ) {
    return;
  }
  throw new CoreError(
    'forbidden',
    `You may not grant the role ${grant.role}${grant.organisationId ? ' in that organisation' : ''}.`,
  );
}
