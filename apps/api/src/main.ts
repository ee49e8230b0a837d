import 'reflect-metadata';
import { AccessTokens, AccountsService } from '@app/identity';
import { loadConfigOrExit } from '@app/config';
import { DEMO_ADMIN_EMAIL } from '@app/demo';
import { prepareDatabase } from '@app/domain';
import { IssuanceWorker } from '@app/issuance';
import { resolveDatabase } from '@app/persistence';
import { OPENAPI_JSON_PATH, OPENAPI_UI_PATH, createApiApp } from './create-api-app.js';
import { createRootLogger } from '@app/core';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createRootLogger(config.logLevel, 'api');
  const database = await resolveDatabase(config, (m) => logger.info(m));
  const app = await createApiApp(config, database.settings, logger);
  const prepared = await prepareDatabase(app, config);
  if (prepared.appliedMigrations.length) logger.info({ migrations: prepared.appliedMigrations }, 'migrations applied');
  // Issuance runs here too unless JOBS_IN_PROCESS=false (then `npm run start:worker` does it).
  if (config.jobs.runInProcess) await app.get(IssuanceWorker).start();
  await app.listen({ port: config.http.port, host: config.http.host });

  const base = config.http.publicBaseUrl;
  const lines = [
    '',
    `  AI-CFT Credentials API is up${database.embedded ? ` (embedded PostgreSQL, data in ${config.dataDir})` : ''}`,
    `  Portal (sign in):       ${base}/portal`,
    `  Verify a credential:    ${base}/verify`,
    `  API docs (OpenAPI UI):  ${base}/${OPENAPI_UI_PATH}`,
    `  OpenAPI JSON:           ${base}${OPENAPI_JSON_PATH}`,
    `  Health:                 ${base}/health/ready`,
  ];
  // The demo password and a ready token are printed for a demo install, never in production.
  if (prepared.demoPassword && !config.isProduction) {
    const admin = await app.get(AccountsService).findByEmail(DEMO_ADMIN_EMAIL);
    if (admin) {
      const token = await app.get(AccessTokens).issue(admin.id);
      lines.push(
        `  Demo admin:             ${DEMO_ADMIN_EMAIL} / ${prepared.demoPassword} (every demo account has this password)`,
        `  Demo admin token (${token.expiresIn / 60} min): ${token.accessToken}`,
        `  Try: curl -H "Authorization: Bearer <token>" ${base}/me`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`The API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
