import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning records are append-only in the database itself: a correction is a new record that
 * supersedes the old one, never an UPDATE or a DELETE.
 */
export class AppendOnlyLearningRecords1795448203967 implements MigrationInterface {
  name = 'AppendOnlyLearningRecords1795448203967';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE FUNCTION learning_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'learning_records is append-only: supersede a record instead'; END $$",
    );
    await queryRunner.query(
      'CREATE TRIGGER learning_records_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "learning_records" FOR EACH STATEMENT EXECUTE FUNCTION learning_records_append_only()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER learning_records_append_only ON "learning_records"');
    await queryRunner.query('DROP FUNCTION learning_records_append_only()');
  }
}
