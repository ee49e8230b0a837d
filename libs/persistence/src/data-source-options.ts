import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface ConnectionSettings {
  readonly url: string;
  readonly poolSize: number;
  readonly ssl: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

/**
 * The one place TypeORM is configured. `synchronize` is off for good: the schema changes only
 * through the migration history in ./migrations, checked for drift by `npm run migration:check`.
 */
export function dataSourceOptions(settings: ConnectionSettings, entities: EntityList = []): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    ssl: settings.ssl ? { rejectUnauthorized: true } : false,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, and TypeORM must
    // not try to (it would need CREATE privileges outside the migration history).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: settings.poolSize, application_name: 'ai-cft-credentials' },
    // Failed queries surface as errors where they happen (and reach the log there); TypeORM's own
    // console logger would print query parameters, which can hold personal data.
    logging: false,
  };
}
