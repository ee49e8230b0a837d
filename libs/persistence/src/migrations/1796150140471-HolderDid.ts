import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HolderDid1796150140471 implements MigrationInterface {
  name = 'HolderDid1796150140471';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "accounts" ADD "holder_did" text');
    await queryRunner.query('ALTER TABLE "accounts" ADD "holder_did_bound_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_b216127df3237290b176f96d93" ON "accounts"  ("holder_did") WHERE "holder_did" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_b216127df3237290b176f96d93"');
    await queryRunner.query('ALTER TABLE "accounts" DROP COLUMN "holder_did_bound_at"');
    await queryRunner.query('ALTER TABLE "accounts" DROP COLUMN "holder_did"');
  }
}
