import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CredentialSharing1796064926198 implements MigrationInterface {
  name = 'CredentialSharing1796064926198';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" ADD "shared_at" TIMESTAMP WITH TIME ZONE');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" DROP COLUMN "shared_at"');
  }
}
