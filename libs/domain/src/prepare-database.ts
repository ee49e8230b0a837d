import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LocalSecrets, type AppConfig } from '@app/config';
import { runPendingMigrations } from '@app/persistence';
import { DemoSeeder } from '@app/demo';

export interface PreparedDatabase {
  readonly appliedMigrations: string[];
  readonly seeded: boolean;
  /** The password of the demo accounts, when demo data is on. */
  readonly demoPassword?: string;
}

/**
 * What every process does before it serves: apply pending migrations (unless MIGRATIONS_RUN is
 * false) and, on a demo install, load the demo data into an empty database.
 */
export async function prepareDatabase(app: INestApplicationContext, config: AppConfig): Promise<PreparedDatabase> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const appliedMigrations = config.database.migrationsRun ? await runPendingMigrations(dataSource) : [];
  if (!config.demo.seed) return { appliedMigrations, seeded: false };
  const demoPassword = new LocalSecrets(config.dataDir).get('demoPassword').reveal();
  const seeded = await app.get(DemoSeeder).seedIfEmpty(demoPassword);
  return { appliedMigrations, seeded, demoPassword };
}
