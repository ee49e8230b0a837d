import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { pendingSchemaChanges, runPendingMigrations } from '@app/persistence';
import { withDomain, withScratchDatabase } from './context.js';

const MIGRATIONS_DIR = join('libs', 'persistence', 'src', 'migrations');

export async function migrationRun(config: AppConfig): Promise<void> {
  await withDomain(config, async (app) => {
    const applied = await runPendingMigrations(app.get<DataSource>(getDataSourceToken()));
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  });
}

/** The schema difference between the entities and an empty database brought up by the migrations. */
async function driftOnFreshDatabase(config: AppConfig): Promise<{ up: string[]; down: string[] }> {
  return withScratchDatabase(config, (settings) =>
    withDomain(
      config,
      async (app) => {
        const dataSource = app.get<DataSource>(getDataSourceToken());
        await runPendingMigrations(dataSource);
        return pendingSchemaChanges(dataSource);
      },
      settings,
    ),
  );
}

/** Exit code 1 when the entities and the migration history disagree. */
export async function migrationCheck(config: AppConfig): Promise<number> {
  const drift = await driftOnFreshDatabase(config);
  if (drift.up.length === 0) {
    console.log('Entities and migrations agree.');
    return 0;
  }
  console.error('The entities differ from the schema the migrations build. Missing SQL:\n');
  for (const q of drift.up) console.error(`  ${q};`);
  console.error('\nRun `npm run migration:generate -- <Name>` and commit the new migration.');
  return 1;
}

export async function migrationGenerate(config: AppConfig, name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('The migration name must be PascalCase, e.g. AddCohorts.');
  const drift = await driftOnFreshDatabase(config);
  if (drift.up.length === 0) {
    console.log('Nothing to generate: entities and migrations agree.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const fileBase = `${timestamp}-${name}`;
  const statements = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(drift.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements(drift.down)}
  }
}
`;
  writeFileSync(join(MIGRATIONS_DIR, `${fileBase}.ts`), source);
  const indexPath = join(MIGRATIONS_DIR, 'index.ts');
  const index = readFileSync(indexPath, 'utf8');
  const lines = index.split('\n');
  const lastImport = lines.reduce((last, line, i) => (line.startsWith('import ') ? i : last), 0);
  lines.splice(lastImport + 1, 0, `import { ${className} } from './${fileBase}.js';`);
  const updated = lines.join('\n').replace(/export const MIGRATIONS = \[([\s\S]*?)\];/, (_match, body: string) => {
    const entries = [
      ...body
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
      className,
    ];
    return `export const MIGRATIONS = [\n${entries.map((e) => `  ${e},`).join('\n')}\n];`;
  });
  if (!updated.includes(`  ${className},`)) throw new Error(`Could not add ${className} to ${indexPath}: add it by hand.`);
  writeFileSync(indexPath, updated);
  console.log(`Wrote ${join(MIGRATIONS_DIR, fileBase)}.ts (${drift.up.length} statements) and added it to the history.`);
}
