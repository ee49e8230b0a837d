import { Body, Controller, Get, Param, ParseIntPipe, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/audit';
import { CatalogueService, CatalogueWriter } from '@app/catalogue';
import { CoreError } from '@app/core';
import { CurrentPrincipal, Public, Roles, type Principal } from '@app/identity';
import { CurrentActor } from '../http/actor.decorator.js';
import { Idempotent } from '../http/idempotency.interceptor.js';
import { OrganisationResponse, ProgrammeResponse } from './catalogue.dto.js';
import {
  CreateOrganisationRequest,
  CreateProgrammeRequest,
  ProgrammeContentRequest,
  UpdateOrganisationRequest,
} from './catalogue-write.dto.js';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retry safely: the same key and request get the first answer again',
};

/** Catalogue changes: organisations (platform admins), programmes (their organisation's admins). */
@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class CatalogueAdminController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly writer: CatalogueWriter,
  ) {}

  @Post('organisations')
  @Roles('platform_admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Create an issuing organisation' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  async createOrganisation(@CurrentActor() actor: Actor, @Body() body: CreateOrganisationRequest): Promise<OrganisationResponse> {
    return OrganisationResponse.from(await this.writer.createOrganisation(actor, body));
  }

  @Patch('organisations/:id')
  @Roles('org_admin')
  @ApiOperation({ summary: "Change an organisation's details (its admins, or a platform admin)" })
  @ApiOkResponse({ type: OrganisationResponse })
  async updateOrganisation(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateOrganisationRequest,
  ): Promise<OrganisationResponse> {
    assertAdminOf(principal, id);
    return OrganisationResponse.from(await this.writer.updateOrganisation(actor, id, body));
  }

  @Post('organisations/:id/programmes')
  @Roles('org_admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Create a programme (version 1) with its modules, hours, rules and competency alignments',
    description: 'Module competencies are codes of the UNESCO AI CFT: "2.1" is aspect 2 (Ethics of AI) at level 1 (Acquire).',
  })
  @ApiCreatedResponse({ type: ProgrammeResponse })
  async createProgramme(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) organisationId: string,
    @Body() body: CreateProgrammeRequest,
  ): Promise<ProgrammeResponse> {
    assertAdminOf(principal, organisationId);
    const { slug, ...content } = body;
    const version = await this.writer.createProgramme(actor, organisationId, slug, content);
    const { programme, version: stored } = await this.catalogue.getProgramme(version.programmeId, version.version);
    return ProgrammeResponse.from(programme, stored);
  }

  @Put('programmes/:id')
  @Roles('org_admin')
  @Idempotent()
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Change a programme: records a new version and makes it current',
    description: 'Earlier versions stay as they were, with the cohorts and credentials that point at them.',
  })
  @ApiOkResponse({ type: ProgrammeResponse })
  async reviseProgramme(
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ProgrammeContentRequest,
  ): Promise<ProgrammeResponse> {
    const { programme } = await this.catalogue.getProgramme(id);
    assertAdminOf(principal, programme.organisationId);
    const version = await this.writer.reviseProgramme(actor, id, body);
    const current = await this.catalogue.getProgramme(id, version.version);
    return ProgrammeResponse.from(current.programme, current.version);
  }

  @Get('programmes/:id')
  @Public()
  @ApiOperation({ summary: 'A programme, in its current version' })
  @ApiOkResponse({ type: ProgrammeResponse })
  async programme(@Param('id', ParseUUIDPipe) id: string): Promise<ProgrammeResponse> {
    const { programme, version } = await this.catalogue.getProgramme(id);
    return ProgrammeResponse.from(programme, version);
  }

  @Get('programmes/:id/versions/:version')
  @Public()
  @ApiOperation({ summary: 'One version of a programme, as it was' })
  @ApiOkResponse({ type: ProgrammeResponse })
  async programmeVersion(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('version', ParseIntPipe) versionNumber: number,
  ): Promise<ProgrammeResponse> {
    const { programme, version } = await this.catalogue.getProgramme(id, versionNumber);
    return ProgrammeResponse.from(programme, version);
  }
}

function assertAdminOf(principal: Principal, organisationId: string): void {
  if (!principal.hasRoleIn('org_admin', organisationId)) {
    throw new CoreError('forbidden', 'Only the administrators of this organisation may change it.');
  }
}
