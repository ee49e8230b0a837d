import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { StatusPublisher, statusListIdOf } from '@app/issuance';
import { IssuerDirectory } from './issuer-directory.js';
import { VerifyPool } from './verify-pool.js';

interface CachedList {
  readonly revision: number;
  readonly credential: Record<string, unknown>;
}

export type ListRead =
  { readonly ok: true; readonly credential: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

/**
 * Reads this service's status lists for the verifier, always fresh: each read asks the database
 * for the list's current revision (one small indexed query), and the signed list credential is
 * reused only while the revision is the same; a new revision is signed (by the publisher),
 * checked once on a verifying thread, and kept. A list this service does not hold is never
 * fetched: the status of such a credential is unknown.
 */
@Injectable()
export class StatusReader {
  private readonly baseUrl: string;
  private readonly lists = new Map<string, CachedList>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: StatusPublisher,
    private readonly directory: IssuerDirectory,
    private readonly pool: VerifyPool,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  /** The list id of one of this service's status list URLs, or undefined. */
  listIdOf(url: unknown): string | undefined {
    return typeof url === 'string' ? statusListIdOf(this.baseUrl, url) : undefined;
  }

  /** Current revisions of lists, by id (absent: no such list). */
  async revisions(listIds: readonly string[]): Promise<Map<string, number>> {
    if (listIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Array<{ id: string; revision: number }>>(
      'select id, revision from status_lists where id = any($1::uuid[])',
      [listIds],
    );
    return new Map(rows.map((r) => [r.id, r.revision]));
  }

  /** The signed, checked list credential at `revision`. */
  async read(listId: string, revision: number): Promise<ListRead> {
    const cached = this.lists.get(listId);
    if (cached && cached.revision >= revision) return { ok: true, credential: cached.credential };
    let published;
    try {
      published = await this.publisher.published(listId);
    } catch {
      return { ok: false, reason: 'The status list is not available.' };
    }
    const issuer = published.credential['issuer'];
    const issuerId = typeof issuer === 'string' ? issuer : ((issuer as { id?: string } | undefined)?.id ?? '');
    // By the proof's key: a document read before a rotation is read again when it lacks the new key.
    const document = await this.directory.didDocument(issuerId, proofMethodOf(published.credential));
    const proof = await this.pool.proof({
      credential: published.credential,
      documents: document ? [[issuerId, document]] : [],
      now: new Date().toISOString(),
    });
    if (!proof.verified) return { ok: false, reason: `The status list credential does not verify: ${proof.errors.join(' ')}` };
    this.lists.set(listId, { revision: published.revision, credential: published.credential });
    return { ok: true, credential: published.credential };
  }
}

function proofMethodOf(credential: Record<string, unknown>): string | undefined {
  const proof = credential['proof'];
  const first = (Array.isArray(proof) ? proof[0] : proof) as { verificationMethod?: unknown } | undefined;
  return typeof first?.verificationMethod === 'string' ? first.verificationMethod : undefined;
}
