import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig, type TrustedIssuer } from '@app/config';
import type { LocalizedText } from '@app/core';
import { KeyStore } from '@app/signing';

/** Who an issuer is, as far as this service can tell. */
export interface IssuerInfo {
  readonly id: string;
  /** `this-service`: one of its organisations; `trusted`: listed in TRUSTED_ISSUERS_FILE; `unknown`. */
  readonly known: 'this-service' | 'trusted' | 'unknown';
  /** The name this service holds for it (the credential's own claim is shown apart). */
  readonly name: LocalizedText | null;
  readonly organisationId?: string;
  readonly organisationSlug?: string;
}

/** How long an organisation's DID document is reused before it is read again. */
const DID_DOCUMENT_TTL_MS = 10_000;

/**
 * The issuers whose keys this service can find without the network: its own organisations
 * (did:web documents from the database, did:key of their keys), issuers configured as trusted
 * (did:key, or did:web with its DID document in the configuration), and any did:key (its key is
 * the identifier itself). A did:web that is not one of these is never resolved: no URL found in
 * a credential is ever fetched.
 */
@Injectable()
export class IssuerDirectory {
  private readonly trusted: ReadonlyMap<string, TrustedIssuer>;
  private readonly described = new LRUCache<string, Promise<IssuerInfo>>({ max: 10_000, ttl: 30_000 });
  private readonly documents = new LRUCache<string, Record<string, unknown>>({ max: 1_000, ttl: DID_DOCUMENT_TTL_MS });

  constructor(
    private readonly keys: KeyStore,
    config: AppConfig,
  ) {
    this.trusted = new Map(config.verification.trustedIssuers.map((issuer) => [issuer.id, issuer]));
  }

  /** Who an issuer is (remembered 30 s; requests that ask at once share one database read). */
  describe(did: string): Promise<IssuerInfo> {
    const cached = this.described.get(did);
    if (cached) return cached;
    const info = this.lookUp(did);
    this.described.set(did, info);
    info.catch(() => {
      if (this.described.get(did) === info) this.described.delete(did);
    });
    return info;
  }

  private async lookUp(did: string): Promise<IssuerInfo> {
    const organisation = await this.keys.organisationOfIssuer(did);
    const trusted = this.trusted.get(did);
    return organisation
      ? {
          id: did,
          known: 'this-service',
          name: organisation.name,
          organisationId: organisation.id,
          organisationSlug: organisation.slug,
        }
      : trusted
        ? { id: did, known: 'trusted', name: { en: trusted.name } }
        : { id: did, known: 'unknown', name: null };
  }

  /**
   * The DID document of a did:web this service holds (its own, or a trusted one from the
   * configuration), with `verificationMethod` in it when that is given; undefined otherwise
   * (did:key documents are computed where the proof is checked).
   */
  async didDocument(did: string, verificationMethod?: string): Promise<Record<string, unknown> | undefined> {
    if (!did.startsWith('did:web:')) return undefined;
    const trusted = this.trusted.get(did)?.didDocument;
    if (trusted) return trusted;
    const cached = this.documents.get(did);
    if (cached && (!verificationMethod || hasMethod(cached, verificationMethod))) return cached;
    const document = (await this.keys.resolveOwnDid(did)) as Record<string, unknown> | undefined;
    if (document) this.documents.set(did, document);
    else this.documents.delete(did);
    return document;
  }

  /** Whether a DID can be resolved here at all (did:key, an own or trusted did:web). */
  async resolvable(did: string): Promise<boolean> {
    if (/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/.test(did)) return true;
    return (await this.didDocument(did)) !== undefined;
  }
}

function hasMethod(document: Record<string, unknown>, id: string): boolean {
  const methods = document['verificationMethod'];
  return Array.isArray(methods) && methods.some((m) => (m as { id?: unknown }).id === id);
}
