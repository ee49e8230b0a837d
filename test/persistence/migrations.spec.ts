import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { validateEnv } from '@app/config';
import { Secret } from '@app/core';
import { DomainModule } from '@app/domain';
import { dataSourceOptions, migrationsAreApplied, pendingSchemaChanges, runPendingMigrations } from '@app/persistence';
import { createTestDatabase, testEnv, type TestDatabase } from '@app/testing';

@Entity('drift_probes')
class DriftProbe {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') note!: string;
}

describe('the migration history', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    // The real set of entities: the domain as every process loads it.
    const config = validateEnv(testEnv(db.url), () => new Secret('unused'));
    app = await NestFactory.createApplicationContext(DomainModule.forRoot(config, { url: db.url, poolSize: 2, ssl: false }), {
      logger: false,
    });
    dataSource = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('applies to an empty database, once', async () => {
    expect(await migrationsAreApplied(dataSource)).toBe(false);
    const applied = await runPendingMigrations(dataSource);
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(await migrationsAreApplied(dataSource)).toBe(true);
    expect(await runPendingMigrations(dataSource)).toEqual([]);
  });

  it('loads the UNESCO AI CFT: 5 aspects x 3 levels, coded aspect.level, in three languages', async () => {
    const rows = await dataSource.query<
      Array<{ code: string; aspect: number; level: number; name: { en: string; fr: string; ar: string } }>
    >(
      "select c.code, c.aspect, c.level, c.name from competencies c join competency_frameworks f on f.id = c.framework_id where f.slug = 'unesco-ai-cft' order by c.aspect, c.level",
    );
    expect(rows).toHaveLength(15);
    expect(rows.map((r) => r.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '3.1',
      '3.2',
      '3.3',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
      '5.3',
    ]);
    expect(rows[3].name.en).toBe('Ethical principles');
    expect(rows[14].name.en).toBe('AI to support professional transformation');
    expect(rows.every((r) => r.name.fr && r.name.ar)).toBe(true);
  });

  it('matches the entities exactly (what migration:check asserts)', async () => {
    expect(await pendingSchemaChanges(dataSource)).toEqual({ up: [], down: [] });
  });

  it('reports drift when an entity has no migration', async () => {
    const entities = dataSource.entityMetadatas.map((m) => m.target as new () => unknown);
    const drifted = new DataSource(dataSourceOptions({ url: db.url, poolSize: 1, ssl: false }, [...entities, DriftProbe]));
    await drifted.initialize();
    try {
      const changes = await pendingSchemaChanges(drifted);
      expect(changes.up.join('\n')).toContain('CREATE TABLE "drift_probes"');
    } finally {
      await drifted.destroy();
    }
  });

  it('reports drift when the schema was changed by hand', async () => {
    await dataSource.query('alter table accounts drop column language');
    const changes = await pendingSchemaChanges(dataSource);
    expect(changes.up.join('\n')).toMatch(/ALTER TABLE "accounts" ADD "language"/);
  });

  it('keeps the audit log append-only in the database itself', async () => {
    await dataSource.query("insert into audit_events (action, entity_type, entity_id) values ('probe.created', 'probe', '1')");
    await expect(dataSource.query("update audit_events set action = 'probe.hidden'")).rejects.toThrow(/append-only/);
    await expect(dataSource.query('delete from audit_events')).rejects.toThrow(/append-only/);
  });

  it('keeps learning records append-only in the database itself', async () => {
    await expect(dataSource.query("update learning_records set note = 'rewritten'")).rejects.toThrow(/append-only/);
    await expect(dataSource.query('delete from learning_records')).rejects.toThrow(/append-only/);
    await expect(dataSource.query('truncate learning_records cascade')).rejects.toThrow(/append-only/);
  });

  it('enforces the rules the entities declare, in the database itself', async () => {
    const [account] = await dataSource.query<Array<{ id: string }>>(
      "insert into accounts (email, display_name) values ('rules@test.example', 'R') returning id",
    );
    await expect(
      dataSource.query(`insert into role_grants (account_id, role) values ($1, 'wizard')`, [account.id]),
    ).rejects.toThrow(/check constraint/);
    // A trainer must belong to an organisation.
    await expect(
      dataSource.query(`insert into role_grants (account_id, role) values ($1, 'trainer')`, [account.id]),
    ).rejects.toThrow(/check constraint/);
    await expect(
      dataSource.query(`insert into role_grants (account_id, role) values ($1, 'learner')`, [account.id]),
    ).resolves.toBeDefined();
    const [fw] = await dataSource.query<Array<{ id: string }>>(
      "select id from competency_frameworks where slug = 'unesco-ai-cft'",
    );
    await expect(
      dataSource.query(
        `insert into competencies (framework_id, code, aspect, aspect_name, level, level_name, name) values ($1, '9.9', 9, '{}', 4, '{}', '{}')`,
        [fw.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
