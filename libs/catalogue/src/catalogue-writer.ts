import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditLog, type Actor } from '@app/audit';
import { CoreError, notFound, type LocalizedText } from '@app/core';
import { CatalogueError } from './catalogue-errors.js';
import { CompetencyFramework } from './entities/competency-framework.entity.js';
import { Competency } from './entities/competency.entity.js';
import { ModuleAlignment } from './entities/module-alignment.entity.js';
import { Organisation, type DidMethod } from './entities/organisation.entity.js';
import { ProgrammeModule } from './entities/programme-module.entity.js';
import {
  ProgrammeVersion,
  type AchievementType,
  type CredentialJwtProfile,
  type IssuanceMode,
} from './entities/programme-version.entity.js';
import { Programme } from './entities/programme.entity.js';
import { UNESCO_AI_CFT_SLUG } from './unesco-ai-cft.js';

export interface OrganisationInput {
  readonly slug: string;
  readonly name: LocalizedText;
  readonly description?: LocalizedText | null;
  readonly url?: string | null;
  readonly email?: string | null;
  readonly logoUrl?: string | null;
  readonly parentId?: string | null;
  /** Chosen at creation only (`web` by default). */
  readonly didMethod?: DidMethod;
}

export interface ModuleInput {
  readonly code: string;
  readonly title: LocalizedText;
  readonly contactHours: number;
  readonly assessed?: boolean;
  readonly passMark?: number | null;
  /** Competency codes of the framework, e.g. "2.1" (aspect 2, level 1). */
  readonly competencies?: readonly string[];
}

/** The content of one programme version. */
export interface ProgrammeContent {
  readonly name: LocalizedText;
  readonly description: LocalizedText;
  readonly criteria: LocalizedText;
  readonly achievementType: AchievementType;
  readonly minAttendancePercent: number;
  readonly passMark: number;
  readonly validityMonths?: number | null;
  readonly requiredTrainerProgrammeId?: string | null;
  readonly issuanceMode: IssuanceMode;
  /** The JWT form of its credentials; `vc+jwt` by default. */
  readonly jwtProfile?: CredentialJwtProfile;
  /** The framework the module competencies are codes of; the UNESCO AI CFT by default. */
  readonly framework?: string;
  readonly modules: readonly ModuleInput[];
}

/**
 * The write side of the catalogue. Every change runs in one transaction with its audit event.
 * A programme's content is never edited in place: a change is a new version, and cohorts (and
 * the credentials earned in them) keep the version they were offered under.
 */
@Injectable()
export class CatalogueWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  createOrganisation(actor: Actor, input: OrganisationInput, manager?: EntityManager): Promise<Organisation> {
    return this.inTransaction(manager, async (em) => {
      if (await em.existsBy(Organisation, { slug: input.slug })) {
        throw new CatalogueError('slug_taken', `An organisation with the slug "${input.slug}" exists already.`);
      }
      if (input.parentId && !(await em.existsBy(Organisation, { id: input.parentId }))) {
        throw new CatalogueError('unknown_reference', 'The parent organisation does not exist.');
      }
      const saved = await em.save(em.create(Organisation, { ...input }));
      await this.audit.record(em, actor, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: saved.id,
        organisationId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  updateOrganisation(
    actor: Actor,
    id: string,
    patch: Partial<Omit<OrganisationInput, 'slug' | 'didMethod'>>,
  ): Promise<Organisation> {
    return this.dataSource.transaction(async (em) => {
      const before = await em.findOne(Organisation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound('The organisation');
      if (patch.parentId) {
        if (patch.parentId === id) throw new CatalogueError('unknown_reference', 'An organisation cannot be its own parent.');
        if (!(await em.existsBy(Organisation, { id: patch.parentId }))) {
          throw new CatalogueError('unknown_reference', 'The parent organisation does not exist.');
        }
      }
      const after = await em.save(Organisation, { ...before, ...patch });
      await this.audit.record(em, actor, {
        action: 'organisation.updated',
        entityType: 'organisation',
        entityId: id,
        organisationId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** A new programme with its first version. */
  createProgramme(
    actor: Actor,
    organisationId: string,
    slug: string,
    content: ProgrammeContent,
    manager?: EntityManager,
  ): Promise<ProgrammeVersion> {
    return this.inTransaction(manager, async (em) => {
      if (!(await em.existsBy(Organisation, { id: organisationId }))) throw notFound('The organisation');
      if (await em.existsBy(Programme, { organisationId, slug })) {
        throw new CatalogueError('slug_taken', `This organisation already has a programme with the slug "${slug}".`);
      }
      const programme = await em.save(em.create(Programme, { organisationId, slug, currentVersion: 1 }));
      const version = await this.saveVersion(em, programme, 1, content);
      await this.audit.record(em, actor, {
        action: 'programme.created',
        entityType: 'programme',
        entityId: programme.id,
        organisationId,
        after: { slug, version: 1, ...content },
      });
      return version;
    });
  }

  /** Records a new version of the programme and makes it the current one. */
  reviseProgramme(actor: Actor, programmeId: string, content: ProgrammeContent): Promise<ProgrammeVersion> {
    return this.dataSource.transaction(async (em) => {
      // Locked, so two revisions at once get versions n+1 and n+2, not the same number twice.
      const programme = await em.findOne(Programme, { where: { id: programmeId }, lock: { mode: 'pessimistic_write' } });
      if (!programme) throw notFound('The programme');
      const previous = programme.currentVersion;
      const next = previous + 1;
      const version = await this.saveVersion(em, programme, next, content);
      await em.update(Programme, { id: programme.id }, { currentVersion: next });
      await this.audit.record(em, actor, {
        action: 'programme.revised',
        entityType: 'programme',
        entityId: programme.id,
        organisationId: programme.organisationId,
        before: { version: previous },
        after: { version: next, ...content },
      });
      return version;
    });
  }

  /** The caller's transaction when it has one (the demo seeder), a new one otherwise. */
  private inTransaction<T>(manager: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  private async saveVersion(
    em: EntityManager,
    programme: Programme,
    number: number,
    content: ProgrammeContent,
  ): Promise<ProgrammeVersion> {
    if (content.requiredTrainerProgrammeId) {
      if (content.requiredTrainerProgrammeId === programme.id) {
        throw new CatalogueError('unknown_reference', 'A programme cannot require its own credential of its trainers.');
      }
      if (!(await em.existsBy(Programme, { id: content.requiredTrainerProgrammeId }))) {
        throw new CatalogueError('unknown_reference', 'The programme required of trainers does not exist.');
      }
    }
    const codes = content.modules.map((m) => m.code);
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    if (repeated.length) {
      throw new CoreError(
        'unprocessable',
        `Module codes must be unique within a programme: ${[...new Set(repeated)].join(', ')}.`,
      );
    }
    const competencyIds = await this.resolveCompetencies(em, content);
    const version = await em.save(
      em.create(ProgrammeVersion, {
        programmeId: programme.id,
        version: number,
        name: content.name,
        description: content.description,
        criteria: content.criteria,
        achievementType: content.achievementType,
        minAttendancePercent: content.minAttendancePercent,
        passMark: content.passMark,
        validityMonths: content.validityMonths ?? null,
        requiredTrainerProgrammeId: content.requiredTrainerProgrammeId ?? null,
        issuanceMode: content.issuanceMode,
        jwtProfile: content.jwtProfile ?? 'vc+jwt',
      }),
    );
    const modules: ProgrammeModule[] = [];
    for (const [index, m] of content.modules.entries()) {
      const saved = await em.save(
        em.create(ProgrammeModule, {
          programmeVersionId: version.id,
          code: m.code,
          position: index + 1,
          title: m.title,
          contactHours: m.contactHours,
          assessed: m.assessed ?? false,
          passMark: m.passMark ?? null,
        }),
      );
      const codes = [...new Set(m.competencies ?? [])];
      if (codes.length) {
        await em.insert(
          ModuleAlignment,
          codes.map((code) => ({ moduleId: saved.id, competencyId: competencyIds.get(code)! })),
        );
      }
      modules.push(saved);
    }
    return Object.assign(version, { modules });
  }

  private async resolveCompetencies(em: EntityManager, content: ProgrammeContent): Promise<Map<string, string>> {
    const codes = [...new Set(content.modules.flatMap((m) => m.competencies ?? []))];
    if (codes.length === 0) return new Map();
    const slug = content.framework ?? UNESCO_AI_CFT_SLUG;
    const framework = await em.findOneBy(CompetencyFramework, { slug });
    if (!framework) throw new CatalogueError('unknown_competency', `There is no competency framework "${slug}".`);
    const found = await em.findBy(Competency, { frameworkId: framework.id, code: In(codes) });
    const byCode = new Map(found.map((c) => [c.code, c.id]));
    const missing = codes.filter((c) => !byCode.has(c));
    if (missing.length) {
      throw new CatalogueError('unknown_competency', `Not competencies of ${slug}: ${missing.join(', ')}.`, { unknown: missing });
    }
    return byCode;
  }
}
