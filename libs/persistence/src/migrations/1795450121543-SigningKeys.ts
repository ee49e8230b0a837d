import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SigningKeys1795450121543 implements MigrationInterface {
  name = 'SigningKeys1795450121543';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "signing_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "verification_method" text NOT NULL, "public_key_multibase" text NOT NULL, "sealed_secret" text NOT NULL, "status" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, "compromised_at" TIMESTAMP WITH TIME ZONE, "compromise_reason" text, CONSTRAINT "CHK_4065707bc3f5ce6d1ec318649d" CHECK ("status" in (\'active\', \'retired\', \'compromised\')), CONSTRAINT "PK_ab7d78cf6e61dc3904133b4cd55" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_d5c3579fa5dfa49ca748a4e8e7" ON "signing_keys"  ("verification_method") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_b1eab488c13c47b7de389e6838" ON "signing_keys"  ("organisation_id") WHERE "status" = \'active\'',
    );
    await queryRunner.query(
      'ALTER TABLE "signing_keys" ADD CONSTRAINT "FK_0ed076abff87da8a73452c5b00b" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "signing_keys" DROP CONSTRAINT "FK_0ed076abff87da8a73452c5b00b"');
    await queryRunner.query('DROP INDEX "public"."IDX_b1eab488c13c47b7de389e6838"');
    await queryRunner.query('DROP INDEX "public"."IDX_d5c3579fa5dfa49ca748a4e8e7"');
    await queryRunner.query('DROP TABLE "signing_keys"');
  }
}
