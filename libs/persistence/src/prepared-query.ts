import type { DataSource } from 'typeorm';

/** The part of pg's Pool a prepared query needs (TypeORM's PostgresDriver keeps one as `master`). */
interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a read the hot paths make thousands of times a second as a named prepared statement: each
 * pooled connection parses and plans it once, instead of on every call (TypeORM's `query()` sends
 * unnamed statements). For a read of a few subqueries that is most of what PostgreSQL spends on it
 * (measured in docs/verification.md#speed-and-freshness). `name` must be unique to `text` across the service.
 * Outside a transaction only: it takes a connection of its own from the pool.
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return dataSource.query<T[]>(text, values);
  return (await pool.query({ name, text, values })).rows as T[];
}
