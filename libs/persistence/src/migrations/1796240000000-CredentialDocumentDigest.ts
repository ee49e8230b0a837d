import type { MigrationInterface, QueryRunner } from 'typeorm';
import { documentDigest } from '@app/credentials';

/**
 * The digest of each signed credential's text as the service gives it out (documentDigest in
 * @app/credentials): a verifier sent exactly that text knows it is the stored document without
 * comparing the two. Credentials signed before get theirs here, worked out in JavaScript (it
 * covers the JSON text with the keys in this service's order, which `jsonb` does not keep).
 */
export class CredentialDocumentDigest1796240000000 implements MigrationInterface {
  name = 'CredentialDocumentDigest1796240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" ADD "document_digest" text');
    await backfillDocumentDigests(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "credentials" DROP COLUMN "document_digest"');
  }
}

/** Gives every signed credential without a digest its digest, 500 at a time (by id). */
export async function backfillDocumentDigests(queryRunner: QueryRunner): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await queryRunner.query(
      `select id, document from credentials
        where document is not null and document_digest is null and id > $1::uuid order by id limit 500`,
      [after],
    )) as Array<{ id: string; document: Record<string, unknown> }>;
    if (rows.length === 0) return done;
    await queryRunner.query(
      `update credentials c set document_digest = v.digest
         from unnest($1::uuid[], $2::text[]) as v(id, digest) where c.id = v.id`,
      [rows.map((r) => r.id), rows.map((r) => documentDigest(r.document))],
    );
    done += rows.length;
    after = rows[rows.length - 1].id;
  }
}
