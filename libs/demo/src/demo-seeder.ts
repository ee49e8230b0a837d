import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@app/audit';
import { CatalogueWriter, Organisation } from '@app/catalogue';
import { AccountsService } from '@app/identity';
import { LearningService, RecordImporter } from '@app/learning';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_WORKSHOP_COHORT } from './demo-data.js';

const SEED_LOCK_KEY = 7_021_042_025;

@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private bootstrapped = false;
  private cohortPending = false;

  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly catalogue: CatalogueWriter,
    private readonly learning: LearningService,
    private readonly importer: RecordImporter,
  ) {}

  /**
   * Loads the demo organisations, programmes and accounts into an empty database, in one
   * transaction. Returns false (and changes nothing) when there is already an organisation.
   * `password` is given to every demo account.
   */
  async seedIfEmpty(password: string): Promise<boolean> {
    const seeded = await this.seedCatalogueAndAccounts(password);
    // Then a cohort with its classes and records, through the same services a trainer uses (so a
    // teacher becomes eligible and is issued a credential, as in real use). That needs every
    // module initialised (the issuance capability listens for eligibility), so on a database
    // prepared before the application starts it waits for the start. Separate transactions: a
    // start that stops half-way leaves the catalogue and accounts, and no cohort.
    if (seeded) {
      if (this.bootstrapped) await this.seedWorkshopCohort();
      else this.cohortPending = true;
    }
    return seeded;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bootstrapped = true;
    if (this.cohortPending) {
      this.cohortPending = false;
      await this.seedWorkshopCohort();
    }
  }

  private async seedWorkshopCohort(): Promise<void> {
    const demo = DEMO_WORKSHOP_COHORT;
    const idOf = async (table: 'accounts' | 'programmes', column: string, value: string) =>
      (await this.dataSource.query<Array<{ id: string }>>(`select id from ${table} where ${column} = $1`, [value]))[0].id;
    const admin = { accountId: await idOf('accounts', 'email', demo.adminEmail) };
    const trainer = { accountId: await idOf('accounts', 'email', demo.trainerEmail) };
    const cohort = await this.learning.createCohort(admin, {
      programmeId: await idOf('programmes', 'slug', demo.programmeSlug),
      name: demo.name,
      startsOn: demo.startsOn,
      endsOn: demo.endsOn,
      mode: 'in_person',
      place: demo.place,
      language: 'ar',
    });
    await this.learning.assignTrainer(admin, cohort.id, trainer.accountId);
    await this.learning.enrol(trainer, cohort.id, demo.participants);
    for (const session of demo.sessions) await this.learning.createSession(trainer, cohort.id, session);
    await this.importer.import(trainer, cohort.id, Buffer.from(demo.recordsCsv));
    this.logger.log(`demo cohort loaded: ${demo.name}`);
  }

  private seedCatalogueAndAccounts(password: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      // Serialises concurrent starters (API and worker) so only one seeds.
      await em.query('select pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      if ((await em.count(Organisation)) > 0) return false;
      const organisations = new Map<string, string>();
      for (const org of DEMO_ORGANISATIONS) {
        const { programmes, ...details } = org;
        const saved = await this.catalogue.createOrganisation(SYSTEM_ACTOR, details, em);
        organisations.set(org.slug, saved.id);
        const programmeIds = new Map<string, string>();
        for (const { slug, requiresTrainerCredentialOf, ...content } of programmes) {
          const version = await this.catalogue.createProgramme(
            SYSTEM_ACTOR,
            saved.id,
            slug,
            {
              ...content,
              requiredTrainerProgrammeId: requiresTrainerCredentialOf ? programmeIds.get(requiresTrainerCredentialOf)! : null,
            },
            em,
          );
          programmeIds.set(slug, version.programmeId);
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
}
