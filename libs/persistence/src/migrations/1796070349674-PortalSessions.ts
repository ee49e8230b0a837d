import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalSessions1796070349674 implements MigrationInterface {
  name = 'PortalSessions1796070349674';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "sign_in_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "secret_hash" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2097ee1b62272fac6526b35398e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_9d2e5d85b40bcb93e90a72a61b" ON "sign_in_links"  ("secret_hash") ');
    await queryRunner.query(
      'CREATE TABLE "web_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "token_hash" text NOT NULL, "csrf_token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3ae6bbf6cb5ac95b7f617d395d3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_6959865ff07869ea46a236b221" ON "web_sessions"  ("token_hash") ');
    await queryRunner.query(
      'ALTER TABLE "sign_in_links" ADD CONSTRAINT "FK_3307ff237864b31031cbe607234" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "web_sessions" ADD CONSTRAINT "FK_4d3288feadd2e7ab6d5319b71d4" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "web_sessions" DROP CONSTRAINT "FK_4d3288feadd2e7ab6d5319b71d4"');
    await queryRunner.query('ALTER TABLE "sign_in_links" DROP CONSTRAINT "FK_3307ff237864b31031cbe607234"');
    await queryRunner.query('DROP INDEX "public"."IDX_6959865ff07869ea46a236b221"');
    await queryRunner.query('DROP TABLE "web_sessions"');
    await queryRunner.query('DROP INDEX "public"."IDX_9d2e5d85b40bcb93e90a72a61b"');
    await queryRunner.query('DROP TABLE "sign_in_links"');
  }
}
