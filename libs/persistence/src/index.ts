export { DatabaseModule } from './database.module.js';
export { dataSourceOptions } from './data-source-options.js';
export type { ConnectionSettings, EntityList } from './data-source-options.js';
export { SnakeNamingStrategy } from './snake-naming.strategy.js';
export { startEmbeddedDatabase, EMBEDDED_DATABASE_NAME } from './embedded-database.js';
export type { EmbeddedDatabaseHandle, EmbeddedDatabaseOptions } from './embedded-database.js';
export { runPendingMigrations, migrationsAreApplied, pendingSchemaChanges } from './migration-runner.js';
export { resolveDatabase } from './resolve-database.js';
export type { ResolvedDatabase } from './resolve-database.js';
