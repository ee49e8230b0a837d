import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyRecordsExpiryIndex1795447162762 implements MigrationInterface {
  name = 'IdempotencyRecordsExpiryIndex1795447162762';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_9fffc35246eae9c6bd1de1a699" ON "idempotency_records"  ("created_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_9fffc35246eae9c6bd1de1a699"');
  }
}
