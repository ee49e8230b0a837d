import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { PinoNestLogger, createRootLogger } from '@app/core';
import { prepareDatabase } from '@app/domain';
import { IssuanceWorker } from '@app/issuance';
import { resolveDatabase } from '@app/persistence';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createRootLogger(config.logLevel, 'worker');
  const database = await resolveDatabase(config, (m) => logger.info(m));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, database.settings), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  await prepareDatabase(app, config);
  await app.get(IssuanceWorker).start();
  // The job queue's polling keeps the process up until SIGTERM/SIGINT; the shutdown hooks let
  // the batch in hand finish, then stop the queue and the signing threads.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => logger.info({ signal }, 'worker stopping'));
  }
  logger.info({ signingThreads: config.signing.threads }, 'worker ready');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
