import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Issuance1795452533691 implements MigrationInterface {
  name = 'Issuance1795452533691';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "credentials" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "source" text NOT NULL, "enrolment_id" uuid, "account_id" uuid, "programme_version_id" uuid, "state" text NOT NULL, "state_reason" text, "state_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "suspension_list_id" uuid, "suspension_index" integer, "revocation_list_id" uuid, "revocation_index" integer, "jwt_profile" text, "request" jsonb, "document" jsonb, "jwt" text, "verification_method" text, "issued_at" TIMESTAMP WITH TIME ZONE, "valid_from" TIMESTAMP WITH TIME ZONE, "valid_until" TIMESTAMP WITH TIME ZONE, "replaces_id" uuid, "replaced_by_id" uuid, "attempts" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_00fcfffc39681ea0120ec3e684" CHECK ("state" not in (\'active\', \'suspended\', \'revoked\') or "document" is not null), CONSTRAINT "CHK_5e9f4201dd470908efe11dc6c3" CHECK ("source" in (\'programme\', \'api\')), CONSTRAINT "CHK_949f51b023b3372a6e0b4762a9" CHECK ("state" in (\'awaiting_approval\', \'queued\', \'active\', \'suspended\', \'revoked\', \'rejected\', \'cancelled\', \'failed\')), CONSTRAINT "PK_1e38bc43be6697cdda548ad27a6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_ff3346f6dd2705e17d65e5cf78" ON "credentials"  ("account_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_2ba558c628486af6e4189ce789" ON "credentials"  ("revocation_list_id", "revocation_index") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_838150e618bd63a399f8890d2a" ON "credentials"  ("suspension_list_id", "suspension_index") ',
    );
    await queryRunner.query('CREATE INDEX "IDX_aad8d1f2d88e7633a3eecf1ca1" ON "credentials"  ("organisation_id", "state") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "credentials_one_live_per_enrolment" ON "credentials"  ("enrolment_id") WHERE "state" in (\'awaiting_approval\', \'queued\', \'active\', \'suspended\') and "enrolment_id" is not null',
    );
    await queryRunner.query('ALTER TABLE "programme_versions" ADD "jwt_profile" text NOT NULL DEFAULT \'vc+jwt\'');
    await queryRunner.query('ALTER TABLE "status_lists" ADD "published_credential" jsonb');
    await queryRunner.query('ALTER TABLE "status_lists" ADD "revision" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "status_lists" ADD "published_revision" integer');
    await queryRunner.query(
      'ALTER TABLE "programme_versions" ADD CONSTRAINT "CHK_a6ee17a6301dc303c3be6b0c9f" CHECK ("jwt_profile" in (\'vc+jwt\', \'ob3\'))',
    );
    await queryRunner.query(
      'ALTER TABLE "credentials" ADD CONSTRAINT "FK_8615c21d15936901eafda0db73d" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "credentials" ADD CONSTRAINT "FK_6db8e5ffcb4fb47a2bbd4a003b1" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "credentials" ADD CONSTRAINT "FK_ff3346f6dd2705e17d65e5cf78c" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "credentials" ADD CONSTRAINT "FK_d1a429835ae29bbf2625a8ae2c5" FOREIGN KEY ("programme_version_id") REFERENCES "programme_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "credentials" ADD CONSTRAINT "FK_09075bd5e8311e00624c0b75fe9" FOREIGN KEY ("replaces_id") REFERENCES "credentials"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "credentials" ADD CONSTRAINT "FK_691c2b5c9f5d54c9f0e2e6222ce" FOREIGN KEY ("replaced_by_id") REFERENCES "credentials"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" DROP CONSTRAINT "FK_691c2b5c9f5d54c9f0e2e6222ce"');
    await queryRunner.query('ALTER TABLE "credentials" DROP CONSTRAINT "FK_09075bd5e8311e00624c0b75fe9"');
    await queryRunner.query('ALTER TABLE "credentials" DROP CONSTRAINT "FK_d1a429835ae29bbf2625a8ae2c5"');
    await queryRunner.query('ALTER TABLE "credentials" DROP CONSTRAINT "FK_ff3346f6dd2705e17d65e5cf78c"');
    await queryRunner.query('ALTER TABLE "credentials" DROP CONSTRAINT "FK_6db8e5ffcb4fb47a2bbd4a003b1"');
    await queryRunner.query('ALTER TABLE "credentials" DROP CONSTRAINT "FK_8615c21d15936901eafda0db73d"');
    await queryRunner.query('ALTER TABLE "programme_versions" DROP CONSTRAINT "CHK_a6ee17a6301dc303c3be6b0c9f"');
    await queryRunner.query('ALTER TABLE "status_lists" DROP COLUMN "published_revision"');
    await queryRunner.query('ALTER TABLE "status_lists" DROP COLUMN "revision"');
    await queryRunner.query('ALTER TABLE "status_lists" DROP COLUMN "published_credential"');
    await queryRunner.query('ALTER TABLE "programme_versions" DROP COLUMN "jwt_profile"');
    await queryRunner.query('DROP INDEX "public"."credentials_one_live_per_enrolment"');
    await queryRunner.query('DROP INDEX "public"."IDX_aad8d1f2d88e7633a3eecf1ca1"');
    await queryRunner.query('DROP INDEX "public"."IDX_838150e618bd63a399f8890d2a"');
    await queryRunner.query('DROP INDEX "public"."IDX_2ba558c628486af6e4189ce789"');
    await queryRunner.query('DROP INDEX "public"."IDX_ff3346f6dd2705e17d65e5cf78"');
    await queryRunner.query('DROP TABLE "credentials"');
  }
}
