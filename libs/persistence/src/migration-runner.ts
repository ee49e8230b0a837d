import { MigrationExecutor, type DataSource } from 'typeorm';

// Any fixed 64-bit number: the key of the advisory lock taken while migrating.
const MIGRATION_LOCK_KEY = 7_021_042_024;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so that the API and the worker
 * starting together do not both try to apply the same migration. Each migration runs in its own
 * transaction; a failing one rolls back and stops the start.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // The same connection holds the lock and runs the migrations (a pool of one must not deadlock).
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * True when every migration of the history has been applied to this database. Read-only (unlike
 * TypeORM's showMigrations, which creates the migrations table): a readiness probe may call it
 * many times at once.
 */
export async function migrationsAreApplied(dataSource: DataSource): Promise<boolean> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ exists }] = await dataSource.query<Array<{ exists: boolean }>>('select to_regclass($1) is not null as exists', [
    table,
  ]);
  if (!exists) return false;
  const rows = await dataSource.query<Array<{ name: string }>>(`select name from ${dataSource.driver.escape(table)}`);
  const applied = new Set(rows.map((r) => r.name));
  return dataSource.migrations.every((m) => m.name !== undefined && applied.has(m.name));
}

/**
 * The SQL that would bring the database schema in line with the entities. Empty when entities
 * and migrations agree; `migration:check` fails otherwise and `migration:generate` writes it out.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}
