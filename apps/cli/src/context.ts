import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '@app/config';
import { DomainModule } from '@app/domain';
import { resolveDatabase, type ConnectionSettings } from '@app/persistence';

/** Runs `work` inside the domain (no HTTP) on the configured database, then shuts down. */
export async function withDomain<T>(
  config: AppConfig,
  work: (app: INestApplicationContext, settings: ConnectionSettings) => Promise<T>,
  settingsOverride?: ConnectionSettings,
): Promise<T> {
  const database = settingsOverride ? undefined : await resolveDatabase(config);
  const settings = settingsOverride ?? database!.settings;
  const app = await NestFactory.createApplicationContext(DomainModule.forRoot(config, settings), { logger: ['error', 'warn'] });
  try {
    return await work(app, settings);
  } finally {
    await app.close();
    await database?.close();
  }
}

/**
 * Runs `work` against a new, empty database on the same server (created and dropped here), so
 * that migration checks do not depend on the state of anybody's working database.
 */
export async function withScratchDatabase<T>(config: AppConfig, work: (settings: ConnectionSettings) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(config);
  const name = `migration_scratch_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({
    connectionString: database.settings.url,
    ssl: database.settings.ssl ? { rejectUnauthorized: true } : undefined,
  });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    const url = new URL(database.settings.url);
    url.pathname = `/${name}`;
    try {
      return await work({ ...database.settings, url: url.toString(), poolSize: 2 });
    } finally {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    }
  } finally {
    await admin.end();
    await database.close();
  }
}
