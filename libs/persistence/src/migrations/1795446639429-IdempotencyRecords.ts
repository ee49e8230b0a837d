import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyRecords1795446639429 implements MigrationInterface {
  name = 'IdempotencyRecords1795446639429';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "idempotency_records" ("scope" text NOT NULL, "key" text NOT NULL, "fingerprint" text NOT NULL, "state" text NOT NULL, "response_status" smallint, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_ffa71473424e4069165cd29817" CHECK ("state" in (\'in_progress\', \'completed\')), CONSTRAINT "PK_9c03b6adebf385ca991d085063a" PRIMARY KEY ("scope", "key"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "idempotency_records"');
  }
}
