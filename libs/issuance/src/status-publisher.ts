import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Organisation } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Clock, notFound } from '@app/core';
import { KeyStore } from '@app/signing';
import { StatusList, StatusLists } from '@app/status';
import { statusListUrl } from './urls.js';

export interface PublishedList {
  readonly credential: Record<string, unknown>;
  readonly listId: string;
  /** The revision of the bits it was signed over (for the ETag). */
  readonly revision: number;
  readonly updatedAt: Date;
}

/**
 * Status list credentials (BitstringStatusListCredential), signed with the organisation's key
 * and served at stable URLs. A list is signed again only when its bits changed since the last
 * signature; in between, the stored credential is served as is.
 */
@Injectable()
export class StatusPublisher {
  private readonly baseUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lists: StatusLists,
    private readonly keys: KeyStore,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  async published(listId: string): Promise<PublishedList> {
    const stored = await this.dataSource
      .getRepository(StatusList)
      .createQueryBuilder('l')
      .addSelect('l.publishedCredential')
      .where('l.id = :listId', { listId })
      .getOne();
    if (!stored) throw notFound('The status list');
    // A did:web list is signed by the organisation's active key; a did:key list by the key whose
    // DID it carries (even after a rotation, so that its credentials and it name one issuer).
    const signer = stored.issuer ? await this.keys.keyOfDidKey(stored.issuer) : await this.keys.activeKey(stored.organisationId);
    const signedWith = (stored.publishedCredential?.['proof'] as { verificationMethod?: string } | undefined)?.verificationMethod;
    const current = stored.publishedCredential && stored.publishedRevision === stored.revision;
    // Served as stored while the bits are the same and the key that signed it is still the one.
    // A compromised did:key signs nothing more: its last list is served (its credentials fail anyway).
    if (
      stored.publishedCredential &&
      ((current && signedWith === signer?.verificationMethod) || signer?.status === 'compromised')
    ) {
      return {
        credential: stored.publishedCredential,
        listId,
        revision: stored.publishedRevision ?? stored.revision,
        updatedAt: stored.updatedAt,
      };
    }
    if (!signer || signer.status === 'compromised') throw notFound('A signed status list');
    const { list, encodedList } = await this.lists.snapshot(listId);
    const organisation = await this.dataSource.getRepository(Organisation).findOneByOrFail({ id: list.organisationId });
    const url = statusListUrl(this.baseUrl, list.id);
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: list.issuer ?? this.keys.didOf(organisation),
      validFrom: this.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: list.purpose, encodedList },
    };
    const { document } = await this.keys.signCredential(list.organisationId, unsigned, { keyId: signer.id });
    // Stored only if the bits are still those it was signed over.
    await this.dataSource
      .createQueryBuilder()
      .update(StatusList)
      .set(<QueryDeepPartialEntity<StatusList>>{ publishedCredential: document, publishedRevision: list.revision })
      .where('id = :id and revision = :revision', { id: list.id, revision: list.revision })
      .execute();
    return { credential: document, listId, revision: list.revision, updatedAt: list.updatedAt };
  }
}
