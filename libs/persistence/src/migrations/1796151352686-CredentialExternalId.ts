import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CredentialExternalId1796151352686 implements MigrationInterface {
  name = 'CredentialExternalId1796151352686';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" ADD "external_id" text');
    // Credentials issued through the API with an id of their client's: that id (when no other
    // credential has it).
    await queryRunner.query(`UPDATE credentials c SET external_id = c.document->>'id'
      WHERE c.source = 'api' AND c.document->>'id' IS NOT NULL
        AND c.document->>'id' !~ '/credentials/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        AND (SELECT count(*) FROM credentials d WHERE d.source = 'api' AND d.document->>'id' = c.document->>'id') = 1`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_2e9a31e2a45d4127b151cd4e61" ON "credentials"  ("external_id") WHERE "external_id" IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_2e9a31e2a45d4127b151cd4e61"');
    await queryRunner.query('ALTER TABLE "credentials" DROP COLUMN "external_id"');
  }
}
