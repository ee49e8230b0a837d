import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StatusLists1795450592424 implements MigrationInterface {
  name = 'StatusLists1795450592424';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "status_lists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "purpose" text NOT NULL, "length" integer NOT NULL, "bits" bytea NOT NULL, "allocated" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_d0334202eb41c897412c9a527e" CHECK ("length" >= 131072 and "length" % 8 = 0), CONSTRAINT "CHK_d22f10facb0a5b9702251ffe69" CHECK ("purpose" in (\'revocation\', \'suspension\')), CONSTRAINT "PK_adc0737adaeb00543ac6839cc2b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_7c9b550552cb77d8abcfe4baef" ON "status_lists"  ("organisation_id", "purpose") ');
    await queryRunner.query(
      'CREATE TABLE "status_entries" ("list_id" uuid NOT NULL, "index" integer NOT NULL, "allocated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_019d6397dc17ef48c18c1bd3350" PRIMARY KEY ("list_id", "index"))',
    );
    await queryRunner.query(
      'ALTER TABLE "status_lists" ADD CONSTRAINT "FK_88a8b5ff83c74a4f4217bafc3c2" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "status_entries" ADD CONSTRAINT "FK_7e2c1e543d6e6b1f7faf3f2e005" FOREIGN KEY ("list_id") REFERENCES "status_lists"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "status_entries" DROP CONSTRAINT "FK_7e2c1e543d6e6b1f7faf3f2e005"');
    await queryRunner.query('ALTER TABLE "status_lists" DROP CONSTRAINT "FK_88a8b5ff83c74a4f4217bafc3c2"');
    await queryRunner.query('DROP TABLE "status_entries"');
    await queryRunner.query('DROP INDEX "public"."IDX_7c9b550552cb77d8abcfe4baef"');
    await queryRunner.query('DROP TABLE "status_lists"');
  }
}
