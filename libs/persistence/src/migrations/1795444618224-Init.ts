import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795444618224 implements MigrationInterface {
  name = 'Init1795444618224';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"accounts\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"email\" text NOT NULL, \"display_name\" text NOT NULL, \"password_hash\" text, \"language\" text NOT NULL DEFAULT 'en', \"disabled_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5a7a02c20412299d198e097a8fe\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_ee66de6cdc53993296d1ceb8aa\" ON \"accounts\"  (\"email\") ");
    await queryRunner.query("CREATE TABLE \"api_keys\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"account_id\" uuid NOT NULL, \"name\" text NOT NULL, \"prefix\" text NOT NULL, \"secret_hash\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"expires_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_5c8a79801b44bd27b79228e1dad\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_fef9aa4a1cf4f8c063ac5d75f2\" ON \"api_keys\"  (\"secret_hash\") ");
    await queryRunner.query("CREATE TABLE \"competency_frameworks\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"slug\" text NOT NULL, \"name\" jsonb NOT NULL, \"publisher\" text NOT NULL, \"version\" text NOT NULL, \"source_url\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9932b67ed3742f803f71abd89d5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_74a86431cb0a86baeb31436972\" ON \"competency_frameworks\"  (\"slug\") ");
    await queryRunner.query("CREATE TABLE \"competencies\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"framework_id\" uuid NOT NULL, \"code\" text NOT NULL, \"aspect\" smallint NOT NULL, \"aspect_name\" jsonb NOT NULL, \"level\" smallint NOT NULL, \"level_name\" jsonb NOT NULL, \"name\" jsonb NOT NULL, \"description\" jsonb, CONSTRAINT \"CHK_4fb611a83d31741bdf51981850\" CHECK (\"level\" between 1 and 3), CONSTRAINT \"PK_0b29ecda233cc61de0d93527813\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_00bf169d8f9e657df91d50303b\" ON \"competencies\"  (\"framework_id\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"organisations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"slug\" text NOT NULL, \"name\" jsonb NOT NULL, \"description\" jsonb, \"url\" text, \"email\" text, \"logo_url\" text, \"parent_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7bf54cba378d5b2f1d4c10ef4df\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_db67ac918db3917134d0c9edbb\" ON \"organisations\"  (\"slug\") ");
    await queryRunner.query("CREATE TABLE \"programmes\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"organisation_id\" uuid NOT NULL, \"slug\" text NOT NULL, \"current_version\" integer NOT NULL DEFAULT '1', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"archived_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_116b5f8dbb9f632d76bc144404f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_29e3d29f25a112627b0f2cf9bd\" ON \"programmes\"  (\"organisation_id\", \"slug\") ");
    await queryRunner.query("CREATE TABLE \"programme_versions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"programme_id\" uuid NOT NULL, \"version\" integer NOT NULL, \"name\" jsonb NOT NULL, \"description\" jsonb NOT NULL, \"criteria\" jsonb NOT NULL, \"achievement_type\" text NOT NULL, \"min_attendance_percent\" smallint NOT NULL DEFAULT '80', \"pass_mark\" smallint NOT NULL DEFAULT '60', \"validity_months\" integer, \"required_trainer_programme_id\" uuid, \"issuance_mode\" text NOT NULL DEFAULT 'automatic', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"CHK_c4b86f4597789b054784417d2e\" CHECK (\"pass_mark\" between 0 and 100), CONSTRAINT \"CHK_584ff4baad08b943044885978b\" CHECK (\"min_attendance_percent\" between 0 and 100), CONSTRAINT \"PK_f455b0b7f334a203213b8c33fd7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_3e7485cfd5083e4525786c7432\" ON \"programme_versions\"  (\"programme_id\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"programme_modules\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"programme_version_id\" uuid NOT NULL, \"code\" text NOT NULL, \"position\" smallint NOT NULL, \"title\" jsonb NOT NULL, \"contact_hours\" numeric(6,2) NOT NULL, \"assessed\" boolean NOT NULL DEFAULT false, \"pass_mark\" smallint, CONSTRAINT \"CHK_00834f240a510cfa1d15651ac2\" CHECK (\"contact_hours\" > 0), CONSTRAINT \"PK_905834464f4aa7ecd656a52e72e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_2616a836138bec2e45b91fb16d\" ON \"programme_modules\"  (\"programme_version_id\", \"code\") ");
    await queryRunner.query("CREATE TABLE \"module_alignments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"module_id\" uuid NOT NULL, \"competency_id\" uuid NOT NULL, CONSTRAINT \"PK_b86b160928bfc5e39fddf668ad5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_efa52640ecae9ed8ded099688c\" ON \"module_alignments\"  (\"module_id\", \"competency_id\") ");
    await queryRunner.query("CREATE TABLE \"role_grants\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"account_id\" uuid NOT NULL, \"role\" text NOT NULL, \"organisation_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"CHK_867e2afef23583f53224c0eac2\" CHECK ((\"role\" in ('org_admin', 'trainer')) = (\"organisation_id\" is not null)), CONSTRAINT \"CHK_076daa700dabcb9bd509ea24fe\" CHECK (\"role\" in ('platform_admin', 'org_admin', 'trainer', 'learner', 'monitor')), CONSTRAINT \"PK_f7cf33da46b9f884f2d459e0eff\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_4ea7f249c6229b4b9c441a6197\" ON \"role_grants\"  (\"account_id\", \"role\") WHERE \"organisation_id\" is null");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_c9ac39c18f90d218da8b08fab6\" ON \"role_grants\"  (\"account_id\", \"role\", \"organisation_id\") WHERE \"organisation_id\" is not null");
    await queryRunner.query("ALTER TABLE \"api_keys\" ADD CONSTRAINT \"FK_decaf331589778e33441b2a8d9e\" FOREIGN KEY (\"account_id\") REFERENCES \"accounts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"competencies\" ADD CONSTRAINT \"FK_72181eaa2174d161ad285934e9f\" FOREIGN KEY (\"framework_id\") REFERENCES \"competency_frameworks\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"organisations\" ADD CONSTRAINT \"FK_41f1cc89689b55aede50d36d0ce\" FOREIGN KEY (\"parent_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"programmes\" ADD CONSTRAINT \"FK_728cc0f80b82980dbc95e814c4a\" FOREIGN KEY (\"organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"programme_versions\" ADD CONSTRAINT \"FK_fc6b4235a1c87254ba665735e8a\" FOREIGN KEY (\"programme_id\") REFERENCES \"programmes\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"programme_versions\" ADD CONSTRAINT \"FK_4567ef3cd7fa9ca1245cda5455c\" FOREIGN KEY (\"required_trainer_programme_id\") REFERENCES \"programmes\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"programme_modules\" ADD CONSTRAINT \"FK_4ad71e29deb379d1a281affcca1\" FOREIGN KEY (\"programme_version_id\") REFERENCES \"programme_versions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"module_alignments\" ADD CONSTRAINT \"FK_e7984c53fe7021eb4c66bf3f62b\" FOREIGN KEY (\"module_id\") REFERENCES \"programme_modules\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"module_alignments\" ADD CONSTRAINT \"FK_e9f7c0e87c4b45ddbbb5c3dd530\" FOREIGN KEY (\"competency_id\") REFERENCES \"competencies\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"role_grants\" ADD CONSTRAINT \"FK_68ab43211f631e01c73a8302507\" FOREIGN KEY (\"account_id\") REFERENCES \"accounts\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"role_grants\" ADD CONSTRAINT \"FK_7fa35a1ceed481f62897cc110ea\" FOREIGN KEY (\"organisation_id\") REFERENCES \"organisations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"role_grants\" DROP CONSTRAINT \"FK_7fa35a1ceed481f62897cc110ea\"");
    await queryRunner.query("ALTER TABLE \"role_grants\" DROP CONSTRAINT \"FK_68ab43211f631e01c73a8302507\"");
    await queryRunner.query("ALTER TABLE \"module_alignments\" DROP CONSTRAINT \"FK_e9f7c0e87c4b45ddbbb5c3dd530\"");
    await queryRunner.query("ALTER TABLE \"module_alignments\" DROP CONSTRAINT \"FK_e7984c53fe7021eb4c66bf3f62b\"");
    await queryRunner.query("ALTER TABLE \"programme_modules\" DROP CONSTRAINT \"FK_4ad71e29deb379d1a281affcca1\"");
    await queryRunner.query("ALTER TABLE \"programme_versions\" DROP CONSTRAINT \"FK_4567ef3cd7fa9ca1245cda5455c\"");
    await queryRunner.query("ALTER TABLE \"programme_versions\" DROP CONSTRAINT \"FK_fc6b4235a1c87254ba665735e8a\"");
    await queryRunner.query("ALTER TABLE \"programmes\" DROP CONSTRAINT \"FK_728cc0f80b82980dbc95e814c4a\"");
    await queryRunner.query("ALTER TABLE \"organisations\" DROP CONSTRAINT \"FK_41f1cc89689b55aede50d36d0ce\"");
    await queryRunner.query("ALTER TABLE \"competencies\" DROP CONSTRAINT \"FK_72181eaa2174d161ad285934e9f\"");
    await queryRunner.query("ALTER TABLE \"api_keys\" DROP CONSTRAINT \"FK_decaf331589778e33441b2a8d9e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c9ac39c18f90d218da8b08fab6\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_4ea7f249c6229b4b9c441a6197\"");
    await queryRunner.query("DROP TABLE \"role_grants\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_efa52640ecae9ed8ded099688c\"");
    await queryRunner.query("DROP TABLE \"module_alignments\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2616a836138bec2e45b91fb16d\"");
    await queryRunner.query("DROP TABLE \"programme_modules\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3e7485cfd5083e4525786c7432\"");
    await queryRunner.query("DROP TABLE \"programme_versions\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_29e3d29f25a112627b0f2cf9bd\"");
    await queryRunner.query("DROP TABLE \"programmes\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_db67ac918db3917134d0c9edbb\"");
    await queryRunner.query("DROP TABLE \"organisations\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_00bf169d8f9e657df91d50303b\"");
    await queryRunner.query("DROP TABLE \"competencies\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_74a86431cb0a86baeb31436972\"");
    await queryRunner.query("DROP TABLE \"competency_frameworks\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_fef9aa4a1cf4f8c063ac5d75f2\"");
    await queryRunner.query("DROP TABLE \"api_keys\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_ee66de6cdc53993296d1ceb8aa\"");
    await queryRunner.query("DROP TABLE \"accounts\"");
  }
}
