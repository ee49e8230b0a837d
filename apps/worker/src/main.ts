import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { PinoNestLogger, createRootLogger } from '@app/core';
import { prepareDatabase } from '@app/domain';
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
  // Keeps the process up until SIGTERM/SIGINT; job consumers attach to the context here.
  const keepAlive = setInterval(() => undefined, 60_000);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      clearInterval(keepAlive);
      logger.info({ signal }, 'worker stopping');
    });
  }
  logger.info('worker ready');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
