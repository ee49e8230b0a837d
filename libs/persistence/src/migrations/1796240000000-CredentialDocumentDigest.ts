import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The digest of each signed credential's text as the service gives it out (documentDigest in
 * @app/credentials). Credentials signed before have none and are compared with the stored
 * document in full, as before: their digest cannot be worked out in SQL (it covers the
 * credential's JSON text with its keys in this service's order, which `jsonb` does not keep).
 */
export class CredentialDocumentDigest1796240000000 implements MigrationInterface {
  name = 'CredentialDocumentDigest1796240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" ADD "document_digest" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" DROP COLUMN "document_digest"');
  }
}
