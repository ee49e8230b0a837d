import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CatalogueService } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Public } from '@app/identity';
import { CompetencyResponse, FrameworkResponse, OrganisationResponse, ProgrammeResponse } from './catalogue.dto.js';

/** The public catalogue: who issues, what they certify, and the frameworks it is aligned to. */
@ApiTags('catalogue')
@Controller()
export class CatalogueController {
  private readonly baseUrl: string;
  constructor(
    private readonly catalogue: CatalogueService,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  @Get('organisations')
  @Public()
  @ApiOperation({ summary: 'Issuing organisations' })
  @ApiOkResponse({ type: [OrganisationResponse] })
  async organisations(): Promise<OrganisationResponse[]> {
    return (await this.catalogue.listOrganisations()).map((o) => OrganisationResponse.from(o));
  }

  @Get('organisations/:idOrSlug')
  @Public()
  @ApiOperation({ summary: 'One organisation, by id or slug' })
  @ApiOkResponse({ type: OrganisationResponse })
  async organisation(@Param('idOrSlug') idOrSlug: string): Promise<OrganisationResponse> {
    return OrganisationResponse.from(await this.catalogue.getOrganisation(idOrSlug));
  }

  @Get('frameworks')
  @Public()
  @ApiOperation({ summary: 'Competency frameworks' })
  @ApiOkResponse({ type: [FrameworkResponse] })
  async frameworks(): Promise<FrameworkResponse[]> {
    return (await this.catalogue.listFrameworks()).map((f) => FrameworkResponse.from(f, this.baseUrl));
  }

  @Get('frameworks/:slug')
  @Public()
  @ApiOperation({ summary: 'A framework with its competencies (its stable URI)' })
  @ApiOkResponse({ type: FrameworkResponse })
  async framework(@Param('slug') slug: string): Promise<FrameworkResponse> {
    const framework = await this.catalogue.getFramework(slug);
    return FrameworkResponse.from(framework, this.baseUrl, framework.competencies);
  }

  @Get('frameworks/:slug/competencies/:code')
  @Public()
  @ApiOperation({ summary: 'One competency (its stable URI, the targetUrl of credential alignments)' })
  @ApiOkResponse({ type: CompetencyResponse })
  async competency(@Param('slug') slug: string, @Param('code') code: string): Promise<CompetencyResponse> {
    const competency = await this.catalogue.getCompetency(slug, code);
    return CompetencyResponse.from(competency, competency.framework.slug, this.baseUrl);
  }

  @Get('programmes')
  @Public()
  @ApiOperation({ summary: 'Programmes (current versions), optionally of one organisation' })
  @ApiQuery({ name: 'organisationId', required: false, format: 'uuid' })
  @ApiOkResponse({ type: [ProgrammeResponse] })
  async programmes(
    @Query('organisationId', new ParseUUIDPipe({ optional: true })) organisationId?: string,
  ): Promise<ProgrammeResponse[]> {
    return (await this.catalogue.listProgrammes(organisationId)).map(({ programme, current }) =>
      ProgrammeResponse.from(programme, current),
    );
  }
}
