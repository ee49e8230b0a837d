import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificates1795461261590 implements MigrationInterface {
  name = 'Certificates1795461261590';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "certificate_templates" ("organisation_id" uuid NOT NULL, "design" text NOT NULL, "primary_colour" text NOT NULL, "accent_colour" text NOT NULL, "logo" bytea, "signatories" jsonb NOT NULL, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_d1231ed5bf902d2c14d2a9f80c" CHECK ("version" > 0), CONSTRAINT "CHK_a94121416889ea7e7f9c357c52" CHECK ("primary_colour" ~ \'^#[0-9a-fA-F]{6}$\' and "accent_colour" ~ \'^#[0-9a-fA-F]{6}$\'), CONSTRAINT "CHK_e644e26e41418986168b12913f" CHECK ("design" in (\'classic\', \'modern\')), CONSTRAINT "PK_57262621cc5b95bca22345e3131" PRIMARY KEY ("organisation_id"))',
    );
    await queryRunner.query('ALTER TABLE "cohorts" ADD "certificate_languages" text');
    await queryRunner.query(
      'ALTER TABLE "cohorts" ADD CONSTRAINT "CHK_c74ac3f4b1c47058efbce947a6" CHECK ("certificate_languages" ~ \'^(en|fr|ar)(-(en|fr|ar))?$\' and split_part("certificate_languages", \'-\', 1) <> split_part("certificate_languages", \'-\', 2))',
    );
    await queryRunner.query(
      'ALTER TABLE "certificate_templates" ADD CONSTRAINT "FK_57262621cc5b95bca22345e3131" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "certificate_templates" DROP CONSTRAINT "FK_57262621cc5b95bca22345e3131"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP CONSTRAINT "CHK_c74ac3f4b1c47058efbce947a6"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP COLUMN "certificate_languages"');
    await queryRunner.query('DROP TABLE "certificate_templates"');
  }
}
