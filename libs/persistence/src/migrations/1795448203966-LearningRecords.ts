import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LearningRecords1795448203966 implements MigrationInterface {
  name = 'LearningRecords1795448203966';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "cohorts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "programme_version_id" uuid NOT NULL, "name" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "mode" text NOT NULL, "place" text, "language" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_ebb30970060623443685bdcff3" CHECK ("mode" in (\'in_person\', \'online\', \'blended\')), CONSTRAINT "CHK_043f3b3a73eb70a78508d0951d" CHECK ("language" in (\'en\', \'fr\', \'ar\')), CONSTRAINT "CHK_e027cd46330164382cf11d0ace" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "PK_fd38f76b135e907b834fda1e752" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_17311a575dd46cd8b6df1d73f4" ON "cohorts"  ("organisation_id") ');
    await queryRunner.query(
      'CREATE TABLE "class_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "module_id" uuid NOT NULL, "held_on" date NOT NULL, "hours" numeric(5,2) NOT NULL, CONSTRAINT "CHK_a6b29037318f30474d9cbe9a73" CHECK ("hours" > 0 and "hours" <= 24), CONSTRAINT "PK_dc034da48c6e0cf95c51f606c4e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_7b2f1bd49167026c6b6c7a4f4c" ON "class_sessions"  ("cohort_id", "module_id", "held_on") ',
    );
    await queryRunner.query(
      'CREATE TABLE "cohort_trainers" ("cohort_id" uuid NOT NULL, "account_id" uuid NOT NULL, "assigned_by" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1f5414b8fa307a9c890a4a404ef" PRIMARY KEY ("cohort_id", "account_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "account_id" uuid NOT NULL, "role" text NOT NULL, "status" text NOT NULL DEFAULT \'enrolled\', "eligible_at" TIMESTAMP WITH TIME ZONE, "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_c2167f25b6f0411dedd63d5418" CHECK ("status" in (\'enrolled\', \'in_progress\', \'completed\', \'withdrawn\')), CONSTRAINT "CHK_f756e704a094ee27a6a9f6c321" CHECK ("role" in (\'teacher\', \'learner\')), CONSTRAINT "PK_6e79971fbd26967c4da9ed52770" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_d867d09e8c03c118b8a0a602bc" ON "enrolments"  ("account_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_281869b348d93b3e34fcead641" ON "enrolments"  ("cohort_id", "account_id") ');
    await queryRunner.query(
      'CREATE TABLE "evidence_files" ("sha256" text NOT NULL, "media_type" text NOT NULL, "size" integer NOT NULL, "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bfd442f998d0b03872c64de9630" PRIMARY KEY ("sha256"))',
    );
    await queryRunner.query(
      'CREATE TABLE "learning_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enrolment_id" uuid NOT NULL, "kind" text NOT NULL, "module_id" uuid NOT NULL, "session_id" uuid, "hours" numeric(5,2), "score" numeric(5,2), "passed" boolean, "evidence_url" text, "evidence_sha256" text, "evidence_name" text, "note" text, "supersedes_id" uuid, "reason" text, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "import_id" uuid, CONSTRAINT "CHK_01f83072a4fabede71949a86fa" CHECK ("hours" is null or ("hours" >= 0 and "hours" <= 24)), CONSTRAINT "CHK_6fdee9620ed90801bd86fb9174" CHECK ("score" is null or ("score" >= 0 and "score" <= 100)), CONSTRAINT "CHK_91db7353e7d4ea63936683fa84" CHECK (("supersedes_id" is null) = ("reason" is null)), CONSTRAINT "CHK_f16e682b1a9d826aaf64c3c497" CHECK ("kind" <> \'evidence\' or "evidence_url" is not null or "evidence_sha256" is not null), CONSTRAINT "CHK_5ea638972a49fca724fc3e34c5" CHECK (("kind" = \'assessment\') = ("score" is not null)), CONSTRAINT "CHK_dd52895745897cf480df09caaa" CHECK (("kind" = \'attendance\') = ("session_id" is not null and "hours" is not null)), CONSTRAINT "CHK_8938aa7dce1b33804284e1763d" CHECK ("kind" in (\'attendance\', \'module_completion\', \'assessment\', \'evidence\')), CONSTRAINT "PK_3060e4316a49c5f57e21a02f8b1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_89b153b69cb7aeb1bcbdc821dd" ON "learning_records"  ("supersedes_id") WHERE "supersedes_id" is not null',
    );
    await queryRunner.query('CREATE INDEX "IDX_fb2a60f525c5f6c397ec9ad316" ON "learning_records"  ("enrolment_id", "kind") ');
    await queryRunner.query(
      'CREATE TABLE "record_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cohort_id" uuid NOT NULL, "sha256" text NOT NULL, "imported_by" uuid NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "report" jsonb NOT NULL, CONSTRAINT "PK_ef0996161b7f3c29cd49fb1a09f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_d86d7aebab00bc2704fd378535" ON "record_imports"  ("cohort_id", "sha256") ');
    await queryRunner.query(
      'ALTER TABLE "cohorts" ADD CONSTRAINT "FK_17311a575dd46cd8b6df1d73f4c" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cohorts" ADD CONSTRAINT "FK_741206cb885eb1016401af41b4e" FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cohorts" ADD CONSTRAINT "FK_d0377691f241180fab71701fc0e" FOREIGN KEY ("programme_version_id") REFERENCES "programme_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "class_sessions" ADD CONSTRAINT "FK_0bbee0e6aa48adac55de1f12cc3" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "class_sessions" ADD CONSTRAINT "FK_b9c51d8c8cc6162141b89a817de" FOREIGN KEY ("module_id") REFERENCES "programme_modules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cohort_trainers" ADD CONSTRAINT "FK_46d6d1e6b2480f4c902d75aaed6" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cohort_trainers" ADD CONSTRAINT "FK_a2f648ad56e2b8c75cbcdb80be2" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "enrolments" ADD CONSTRAINT "FK_0e675e00a0c3497c936092fdbb6" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "enrolments" ADD CONSTRAINT "FK_d867d09e8c03c118b8a0a602bc3" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "learning_records" ADD CONSTRAINT "FK_dc4140ee15a51b6298a01dcddaa" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "learning_records" ADD CONSTRAINT "FK_77d32f24000e9e02066d9cf6d73" FOREIGN KEY ("module_id") REFERENCES "programme_modules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "learning_records" ADD CONSTRAINT "FK_cf9f52e61272d1a62a22e63522b" FOREIGN KEY ("session_id") REFERENCES "class_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "learning_records" ADD CONSTRAINT "FK_193b9d3a4b01608b8cb56d12c92" FOREIGN KEY ("supersedes_id") REFERENCES "learning_records"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "FK_193b9d3a4b01608b8cb56d12c92"');
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "FK_cf9f52e61272d1a62a22e63522b"');
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "FK_77d32f24000e9e02066d9cf6d73"');
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "FK_dc4140ee15a51b6298a01dcddaa"');
    await queryRunner.query('ALTER TABLE "enrolments" DROP CONSTRAINT "FK_d867d09e8c03c118b8a0a602bc3"');
    await queryRunner.query('ALTER TABLE "enrolments" DROP CONSTRAINT "FK_0e675e00a0c3497c936092fdbb6"');
    await queryRunner.query('ALTER TABLE "cohort_trainers" DROP CONSTRAINT "FK_a2f648ad56e2b8c75cbcdb80be2"');
    await queryRunner.query('ALTER TABLE "cohort_trainers" DROP CONSTRAINT "FK_46d6d1e6b2480f4c902d75aaed6"');
    await queryRunner.query('ALTER TABLE "class_sessions" DROP CONSTRAINT "FK_b9c51d8c8cc6162141b89a817de"');
    await queryRunner.query('ALTER TABLE "class_sessions" DROP CONSTRAINT "FK_0bbee0e6aa48adac55de1f12cc3"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP CONSTRAINT "FK_d0377691f241180fab71701fc0e"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP CONSTRAINT "FK_741206cb885eb1016401af41b4e"');
    await queryRunner.query('ALTER TABLE "cohorts" DROP CONSTRAINT "FK_17311a575dd46cd8b6df1d73f4c"');
    await queryRunner.query('DROP INDEX "public"."IDX_d86d7aebab00bc2704fd378535"');
    await queryRunner.query('DROP TABLE "record_imports"');
    await queryRunner.query('DROP INDEX "public"."IDX_fb2a60f525c5f6c397ec9ad316"');
    await queryRunner.query('DROP INDEX "public"."IDX_89b153b69cb7aeb1bcbdc821dd"');
    await queryRunner.query('DROP TABLE "learning_records"');
    await queryRunner.query('DROP TABLE "evidence_files"');
    await queryRunner.query('DROP INDEX "public"."IDX_281869b348d93b3e34fcead641"');
    await queryRunner.query('DROP INDEX "public"."IDX_d867d09e8c03c118b8a0a602bc"');
    await queryRunner.query('DROP TABLE "enrolments"');
    await queryRunner.query('DROP TABLE "cohort_trainers"');
    await queryRunner.query('DROP INDEX "public"."IDX_7b2f1bd49167026c6b6c7a4f4c"');
    await queryRunner.query('DROP TABLE "class_sessions"');
    await queryRunner.query('DROP INDEX "public"."IDX_17311a575dd46cd8b6df1d73f4"');
    await queryRunner.query('DROP TABLE "cohorts"');
  }
}
