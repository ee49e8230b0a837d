import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordRetraction1796161088093 implements MigrationInterface {
  name = 'RecordRetraction1796161088093';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "CHK_8938aa7dce1b33804284e1763d"');
    await queryRunner.query(
      'ALTER TABLE "learning_records" ADD CONSTRAINT "CHK_b95bd980f0ac6857619f01c67b" CHECK ("kind" <> \'retraction\' or "supersedes_id" is not null)',
    );
    await queryRunner.query(
      "ALTER TABLE \"learning_records\" ADD CONSTRAINT \"CHK_f17c3f731a74cb74ccbe4406d5\" CHECK (\"kind\" in ('attendance', 'module_completion', 'assessment', 'evidence', 'retraction'))",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "CHK_f17c3f731a74cb74ccbe4406d5"');
    await queryRunner.query('ALTER TABLE "learning_records" DROP CONSTRAINT "CHK_b95bd980f0ac6857619f01c67b"');
    await queryRunner.query(
      "ALTER TABLE \"learning_records\" ADD CONSTRAINT \"CHK_8938aa7dce1b33804284e1763d\" CHECK ((kind = ANY (ARRAY['attendance'::text, 'module_completion'::text, 'assessment'::text, 'evidence'::text])))",
    );
  }
}
