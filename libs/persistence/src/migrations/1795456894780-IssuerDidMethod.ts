import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IssuerDidMethod1795456894780 implements MigrationInterface {
  name = 'IssuerDidMethod1795456894780';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organisations" ADD "did_method" text NOT NULL DEFAULT \'web\'');
    await queryRunner.query('ALTER TABLE "status_lists" ADD "issuer" text');
    await queryRunner.query(
      'ALTER TABLE "organisations" ADD CONSTRAINT "CHK_ef8ecbea14d9e444a4ecc8d1e8" CHECK ("did_method" in (\'web\', \'key\'))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organisations" DROP CONSTRAINT "CHK_ef8ecbea14d9e444a4ecc8d1e8"');
    await queryRunner.query('ALTER TABLE "status_lists" DROP COLUMN "issuer"');
    await queryRunner.query('ALTER TABLE "organisations" DROP COLUMN "did_method"');
  }
}
