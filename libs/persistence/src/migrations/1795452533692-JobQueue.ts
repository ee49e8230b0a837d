import type { MigrationInterface, QueryRunner } from 'typeorm';
import PgBoss from 'pg-boss';

/**
 * The job queue's tables (pg-boss 10, schema `pgboss`), created from pg-boss's own construction
 * plan so that they arrive with the rest of the schema, and the issuance queue. Later pg-boss
 * versions upgrade their schema themselves when they start (their own versioned migrations).
 * Queue options: a job not completed within its expiry is retried, up to 10 times, with backoff.
 */
export class JobQueue1795452533692 implements MigrationInterface {
  name = 'JobQueue1795452533692';

  async up(queryRunner: QueryRunner): Promise<void> {
    const installed = (await queryRunner.query(
      "select 1 from information_schema.tables where table_schema = 'pgboss' and table_name = 'version'",
    )) as unknown[];
    if (installed.length === 0) {
      // The plan wraps itself in BEGIN/COMMIT; here it runs inside the migration's transaction.
      const plan = PgBoss.getConstructionPlans('pgboss')
        .replace(/^\s*BEGIN;\s*$/m, '')
        .replace(/^\s*COMMIT;\s*$/m, '');
      await queryRunner.query(plan);
    }
    await queryRunner.query('select pgboss.create_queue($1, $2)', [
      'credentials.issue',
      JSON.stringify({ policy: 'standard', retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop schema if exists pgboss cascade');
  }
}
