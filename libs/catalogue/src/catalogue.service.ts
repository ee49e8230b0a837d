import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { CompetencyFramework } from './entities/competency-framework.entity.js';
import { Competency } from './entities/competency.entity.js';
import { Organisation } from './entities/organisation.entity.js';
import { Programme } from './entities/programme.entity.js';
import { ProgrammeVersion } from './entities/programme-version.entity.js';

/** Read side of the catalogue: organisations, frameworks, programmes. */
@Injectable()
export class CatalogueService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listOrganisations(): Promise<Organisation[]> {
    return this.dataSource.getRepository(Organisation).find({ order: { slug: 'ASC' } });
  }

  async getOrganisation(idOrSlug: string): Promise<Organisation> {
    const repo = this.dataSource.getRepository(Organisation);
    const found = await repo.findOneBy(isUuid(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!found) throw notFound('The organisation');
    return found;
  }

  listFrameworks(): Promise<CompetencyFramework[]> {
    return this.dataSource.getRepository(CompetencyFramework).find({ order: { slug: 'ASC' } });
  }

  async getFramework(slug: string): Promise<CompetencyFramework & { competencies: Competency[] }> {
    const framework = await this.dataSource.getRepository(CompetencyFramework).findOneBy({ slug });
    if (!framework) throw notFound('The competency framework');
    const competencies = await this.dataSource
      .getRepository(Competency)
      .find({ where: { frameworkId: framework.id }, order: { aspect: 'ASC', level: 'ASC' } });
    return Object.assign(framework, { competencies });
  }

  async getCompetency(frameworkSlug: string, code: string): Promise<Competency & { framework: CompetencyFramework }> {
    const competency = await this.dataSource
      .getRepository(Competency)
      .findOne({ where: { code, framework: { slug: frameworkSlug } }, relations: { framework: true } });
    if (!competency?.framework) throw notFound('The competency');
    return competency as Competency & { framework: CompetencyFramework };
  }

  /** One programme with one of its versions (the current one by default), modules and alignments. */
  async getProgramme(id: string, versionNumber?: number): Promise<{ programme: Programme; version: ProgrammeVersion }> {
    const programme = await this.dataSource.getRepository(Programme).findOneBy({ id });
    if (!programme) throw notFound('The programme');
    const version = await this.dataSource.getRepository(ProgrammeVersion).findOne({
      where: { programmeId: id, version: versionNumber ?? programme.currentVersion },
      relations: { modules: { alignments: { competency: true } } },
      order: { modules: { position: 'ASC' } },
    });
    if (!version) throw notFound('That version of the programme');
    return { programme, version };
  }

  /** The version numbers of a programme, oldest first. */
  async listVersions(programmeId: string): Promise<Array<{ version: number; createdAt: Date }>> {
    if (!(await this.dataSource.getRepository(Programme).existsBy({ id: programmeId }))) throw notFound('The programme');
    return this.dataSource
      .getRepository(ProgrammeVersion)
      .find({ where: { programmeId }, select: { version: true, createdAt: true }, order: { version: 'ASC' } });
  }

  /** Programmes with their current version and its modules. */
  async listProgrammes(organisationId?: string): Promise<Array<{ programme: Programme; current: ProgrammeVersion }>> {
    const programmes = await this.dataSource.getRepository(Programme).find({
      where: organisationId ? { organisationId } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    // (An empty `where` list would make TypeORM load every version.)
    if (programmes.length === 0) return [];
    const versions = await this.dataSource.getRepository(ProgrammeVersion).find({
      where: programmes.map((p) => ({ programmeId: p.id, version: p.currentVersion })),
      relations: { modules: { alignments: { competency: true } } },
      order: { modules: { position: 'ASC' } },
    });
    const byProgramme = new Map(versions.map((v) => [v.programmeId, v]));
    return programmes.flatMap((programme) => {
      const current = byProgramme.get(programme.id);
      return current ? [{ programme, current }] : [];
    });
  }
}

const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
