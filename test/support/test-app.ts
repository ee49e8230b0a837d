import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { validateEnv, type AppConfig } from '@app/config';
import { Secret } from '@app/core';
import { AccessTokens, AccountsService, type Grant, type Role } from '@app/identity';
import { IssuanceWorker } from '@app/issuance';
import { createTestDatabase, testEnv, type TestDatabase } from '@app/testing';
import { createApiApp } from '../../apps/api/src/create-api-app.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  /** A new account holding these grants, and a bearer header for it. */
  signedIn(grants: Grant[] | Role, email?: string): Promise<{ accountId: string; headers: { authorization: string } }>;
  /**
   * Sends a request as `who` (or anonymously) and returns the parsed body; throws, with the
   * problem document, when the status is not the expected one.
   */
  call<T = unknown>(
    method: string,
    url: string,
    who: { headers: { authorization: string } } | undefined,
    payload?: unknown,
    status?: number,
  ): Promise<T>;
  /** A bearer header for an existing account. */
  tokenFor(accountId: string): Promise<{ headers: { authorization: string } }>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * The real API (same factory as production) on a fresh copy of the migrated test database.
 * `env` overrides the test environment (for example MIGRATIONS_RUN or DEMO_DATA).
 */
export async function createTestApp(options: { env?: Record<string, string>; db?: TestDatabase } = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const env = testEnv(db.url, options.env);
  const config = validateEnv(env, () => new Secret('unused: the test environment sets every secret'));
  const app = await createApiApp(config, { url: db.url, poolSize: 4, ssl: false }, pino({ level: 'silent' }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  if (config.jobs.runInProcess) await app.get(IssuanceWorker).start();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    config,
    db,
    dataSource,
    async signedIn(grants, email) {
      const list: Grant[] = typeof grants === 'string' ? [{ role: grants, organisationId: null }] : grants;
      const account = await app.get(AccountsService).create({
        email: email ?? `user${++counter}.${process.pid}.${Date.now()}@test.example`,
        displayName: `Test User ${counter}`,
        grants: list,
      });
      const token = await app.get(AccessTokens).issue(account.id);
      return { accountId: account.id, headers: { authorization: `Bearer ${token.accessToken}` } };
    },
    async call<T>(
      method: string,
      url: string,
      who: { headers: { authorization: string } } | undefined,
      payload?: unknown,
      status = 200,
    ) {
      const res = await app.inject({ method: method as 'GET', url, headers: who?.headers, payload: payload as object });
      if (res.statusCode !== status) throw new Error(`${method} ${url} -> ${res.statusCode} (expected ${status}): ${res.body}`);
      return (res.body ? res.json() : undefined) as T;
    },
    async tokenFor(accountId) {
      const token = await app.get(AccessTokens).issue(accountId);
      return { headers: { authorization: `Bearer ${token.accessToken}` } };
    },
    async close() {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
