import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '@app/audit';
import { CatalogueWriter, Organisation } from '@app/catalogue';
import { AccountsService } from '@app/identity';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS } from './demo-data.js';

const SEED_LOCK_KEY = 7_021_042_025;

@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly catalogue: CatalogueWriter,
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
