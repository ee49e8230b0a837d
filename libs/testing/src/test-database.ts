import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runPendingMigrations } from '@app/persistence';

/**
 * Test databases. The jest global setup prepares one template database with every migration
 * applied (on the server named by DATABASE_URL, or on an embedded server it starts) and puts
 * its coordinates in the environment; each test file then clones it, so files run in parallel
 * on real PostgreSQL, each on its own database, with the real migrations.
 */
export const TEST_ADMIN_URL_ENV = 'TEST_DATABASE_ADMIN_URL';
export const TEST_TEMPLATE_ENV = 'TEST_DATABASE_TEMPLATE';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const adminUrl = process.env[TEST_ADMIN_URL_ENV];
  if (!adminUrl) throw new Error(`${TEST_ADMIN_URL_ENV} is not set: run the tests through jest (npm test).`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let templateReady: Promise<void> | undefined;

/**
 * Applies the migration history to the run's template, once per test process (migrations
 * already applied by another process are skipped: the runner holds an advisory lock).
 */
function migrateTemplate(template: string): Promise<void> {
  return (templateReady ??= (async () => {
    const url = withDatabaseName(process.env[TEST_ADMIN_URL_ENV]!, template);
    const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 1, ssl: false }));
    await dataSource.initialize();
    try {
      await runPendingMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  })());
}

/**
 * A fresh database for one test file: a copy of the migrated template, or (with
 * `{ empty: true }`) an empty one, for tests of the migrations themselves.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const template = process.env[TEST_TEMPLATE_ENV];
  if (!template) throw new Error(`${TEST_TEMPLATE_ENV} is not set: run the tests through jest (npm test).`);
  // Named after the run's template, so the global teardown sweeps only this run's leftovers.
  const name = `${template}_f_${randomBytes(5).toString('hex')}`;
  if (!options.empty) await migrateTemplate(template);
  const source = options.empty ? 'template0' : template;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(source)}`);
      break;
    } catch (error) {
      // Two files cloning the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await sleep(100 + Math.random() * 200);
    }
  }
  const url = withDatabaseName(process.env[TEST_ADMIN_URL_ENV]!, name);
  return {
    url,
    name,
    drop: () => adminQuery(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
  };
}
