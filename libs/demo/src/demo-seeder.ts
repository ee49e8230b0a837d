import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Competency,
  CompetencyFramework,
  ModuleAlignment,
  Organisation,
  Programme,
  ProgrammeModule,
  ProgrammeVersion,
  UNESCO_AI_CFT_SLUG,
} from '@app/catalogue';
import { AccountsService } from '@app/identity';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, type DemoProgramme } from './demo-data.js';

const SEED_LOCK_KEY = 7_021_042_025;

@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
  ) {}

  /**
   * Loads the demo organisations, programmes and accounts into an empty database, in one
   * transaction. Returns false (and changes nothing) when there is already an organisation.
   * `password` is given to every demo account.
   */
  async seedIfEmpty(password: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      // Serialises concurrent starters (API and worker) so only one seeds.
      await em.query('select pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      if ((await em.count(Organisation)) > 0) return false;
      const framework = await em.findOneByOrFail(CompetencyFramework, { slug: UNESCO_AI_CFT_SLUG });
      const competencies = new Map((await em.findBy(Competency, { frameworkId: framework.id })).map((c) => [c.code, c.id]));
      const organisations = new Map<string, string>();
      for (const org of DEMO_ORGANISATIONS) {
        const saved = await em.save(
          em.create(Organisation, {
            slug: org.slug,
            name: org.name,
            description: org.description,
            url: org.url,
            email: org.email,
          }),
        );
        organisations.set(org.slug, saved.id);
        const programmeIds = new Map<string, string>();
        for (const programme of org.programmes) {
          programmeIds.set(programme.slug, await this.saveProgramme(em, saved.id, programme, competencies, programmeIds));
        }
      }
      for (const account of DEMO_ACCOUNTS) {
        await this.accounts.create(
          {
            email: account.email,
            displayName: account.displayName,
            language: account.language,
            password,
            grants: account.grants.map((g) => ({
              role: g.role,
              organisationId: g.organisation ? organisations.get(g.organisation)! : null,
            })),
          },
          em,
        );
      }
      this.logger.log(`demo data loaded: ${DEMO_ORGANISATIONS.length} organisations, ${DEMO_ACCOUNTS.length} accounts`);
      return true;
    });
  }

  private async saveProgramme(
    em: EntityManager,
    organisationId: string,
    p: DemoProgramme,
    competencies: Map<string, string>,
    siblings: Map<string, string>,
  ): Promise<string> {
    const programme = await em.save(em.create(Programme, { organisationId, slug: p.slug, currentVersion: 1 }));
    const version = await em.save(
      em.create(ProgrammeVersion, {
        programmeId: programme.id,
        version: 1,
        name: p.name,
        description: p.description,
        criteria: p.criteria,
        achievementType: p.achievementType,
        minAttendancePercent: p.minAttendancePercent,
        passMark: p.passMark,
        validityMonths: p.validityMonths,
        issuanceMode: p.issuanceMode,
        requiredTrainerProgrammeId: p.requiresTrainerCredentialOf ? siblings.get(p.requiresTrainerCredentialOf)! : null,
      }),
    );
    for (const [index, m] of p.modules.entries()) {
      const saved = await em.save(
        em.create(ProgrammeModule, {
          programmeVersionId: version.id,
          code: m.code,
          position: index + 1,
          title: m.title,
          contactHours: m.contactHours,
          assessed: m.assessed ?? false,
          passMark: null,
        }),
      );
      if (m.competencies.length) {
        await em.insert(
          ModuleAlignment,
          m.competencies.map((code) => ({ moduleId: saved.id, competencyId: competencies.get(code)! })),
        );
      }
    }
    return programme.id;
  }
}
