import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, EXIT_CONFIG, loadConfig, type AppConfig } from '@app/config';
import { DomainError } from '@app/core';
import { adminCreate } from './admin.js';
import { importRecords } from './import-records.js';
import { migrationCheck, migrationGenerate, migrationRun } from './migrations.js';

const config = (): AppConfig => loadConfig(process.env);

const email = (value: string): string => {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new InvalidArgumentError('not an email address');
  return value;
};

const program = new Command()
  .name('cli')
  .description('Admin commands for the AI-CFT credentials service (use DATABASE_URL, or the embedded database under DATA_DIR)')
  .showHelpAfterError();

program
  .command('migration:run')
  .description('Apply pending migrations')
  .action(async () => migrationRun(config()));

program
  .command('migration:check')
  .description('Fail when the entities and the migration history disagree (checked on a scratch database)')
  .action(async () => {
    process.exitCode = await migrationCheck(config());
  });

program
  .command('migration:generate')
  .argument('<name>', 'PascalCase name, e.g. AddCohorts')
  .description('Write a migration with the SQL that brings the schema in line with the entities')
  .action(async (name: string) => migrationGenerate(config(), name));

program
  .command('admin:create')
  .description('Create a platform admin (or promote an existing account) and print an access token')
  .requiredOption('--email <email>', 'the admin account email', email)
  .option('--name <name>', 'display name')
  .option('--password <password>', 'password (at least 12 characters); generated and shown once when left out')
  .action(async (options: { email: string; name?: string; password?: string }) => {
    if (options.password !== undefined && options.password.length < 12) {
      throw new InvalidArgumentError('the password needs at least 12 characters');
    }
    await adminCreate(config(), options);
  });

program
  .command('records:import')
  .description(
    "Import a cohort's learning records from a CSV file (columns: email, module, kind, date, hours, score, evidence_url, note)",
  )
  .requiredOption('--cohort <id>', 'the cohort id', (value: string) => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
      throw new InvalidArgumentError('not a cohort id (a UUID)');
    return value;
  })
  .requiredOption('--file <path>', 'the CSV file (UTF-8)')
  .requiredOption('--as <email>', 'the trainer who records them (a trainer of the cohort)', email)
  .option('--partial', 'apply the valid rows and report the others (default: refuse the whole file if a row is bad)')
  .action(async (options: { cohort: string; file: string; as: string; partial?: boolean }) => {
    process.exitCode = await importRecords(config(), options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DomainError || error instanceof InvalidArgumentError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? EXIT_CONFIG : 2);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
