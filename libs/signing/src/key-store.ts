import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR, type Actor } from '@app/audit';
import { Organisation } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Clock, CoreError, notFound } from '@app/core';
import { extensionContext, extensionContextUrl } from '@app/credentials';
import { generateSigningKey, signDataIntegrity } from './data-integrity.js';
import { didWebFor, slugOfDidWeb } from './did-web.js';
import { createDocumentLoader, type DocumentLoader } from './document-loader.js';
import { SigningKeyRecord } from './entities/signing-key.entity.js';
import { KeyCipher } from './key-cipher.js';

export interface DidDocument {
  readonly '@context': readonly string[];
  readonly id: string;
  readonly verificationMethod: ReadonlyArray<{ id: string; type: 'Multikey'; controller: string; publicKeyMultibase: string }>;
  readonly assertionMethod: readonly string[];
}

/**
 * The organisations' keys and DIDs. The only place private keys exist in clear, and only for the
 * moment of a signature: callers get signed credentials, DID documents and public keys, never a
 * private key.
 */
@Injectable()
export class KeyStore {
  private readonly cipher: KeyCipher;
  private readonly baseUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.cipher = new KeyCipher(config.signing.masterKey.reveal());
    this.baseUrl = config.http.publicBaseUrl;
  }

  didOf(organisation: Pick<Organisation, 'slug'>): string {
    return didWebFor(this.baseUrl, organisation.slug);
  }

  /** The organisation's active key; one is generated on first use. */
  async activeKey(organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<SigningKeyRecord> {
    const existing = await manager.findOneBy(SigningKeyRecord, { organisationId, status: 'active' });
    if (existing) return existing;
    try {
      return await this.dataSource.transaction((em) => this.createKey(em, SYSTEM_ACTOR, organisationId));
    } catch (error) {
      // Another request generated it at the same moment (one active key per organisation).
      if ((error as { driverError?: { code?: string } }).driverError?.code !== '23505') throw error;
      return manager.findOneByOrFail(SigningKeyRecord, { organisationId, status: 'active' });
    }
  }

  /** Retires the active key and makes a new one active. What the old key signed still verifies. */
  rotate(actor: Actor, organisationId: string): Promise<SigningKeyRecord> {
    return this.dataSource.transaction(async (em) => {
      await em.findOne(Organisation, { where: { id: organisationId }, lock: { mode: 'pessimistic_write' } });
      const current = await em.findOneBy(SigningKeyRecord, { organisationId, status: 'active' });
      if (current) {
        await em.update(SigningKeyRecord, { id: current.id }, { status: 'retired', retiredAt: this.clock.now() });
        await this.audit.record(em, actor, {
          action: 'signing_key.retired',
          entityType: 'signing_key',
          entityId: current.id,
          organisationId,
          before: { status: 'active' },
          after: { status: 'retired', verificationMethod: current.verificationMethod },
        });
      }
      return this.createKey(em, actor, organisationId);
    });
  }

  /**
   * Marks a key compromised: it leaves the DID document, so everything it signed stops verifying.
   * If it was the active key, a new one takes over.
   */
  markCompromised(actor: Actor, keyId: string, reason: string): Promise<SigningKeyRecord> {
    return this.dataSource.transaction(async (em) => {
      const key = await em.findOne(SigningKeyRecord, { where: { id: keyId }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw notFound('The signing key');
      if (key.status === 'compromised') throw new CoreError('conflict', 'The key is already marked compromised.');
      await em.update(
        SigningKeyRecord,
        { id: key.id },
        { status: 'compromised', compromisedAt: this.clock.now(), compromiseReason: reason },
      );
      await this.audit.record(em, actor, {
        action: 'signing_key.compromised',
        entityType: 'signing_key',
        entityId: key.id,
        organisationId: key.organisationId,
        before: { status: key.status },
        after: { status: 'compromised', reason, verificationMethod: key.verificationMethod },
      });
      if (key.status === 'active') await this.createKey(em, actor, key.organisationId);
      return em.findOneByOrFail(SigningKeyRecord, { id: key.id });
    });
  }

  async keyOf(keyId: string): Promise<SigningKeyRecord> {
    const key = await this.dataSource.getRepository(SigningKeyRecord).findOneBy({ id: keyId });
    if (!key) throw notFound('The signing key');
    return key;
  }

  listKeys(organisationId: string): Promise<SigningKeyRecord[]> {
    return this.dataSource.getRepository(SigningKeyRecord).find({ where: { organisationId }, order: { createdAt: 'ASC' } });
  }

  /** The DID document of an organisation: its active and retired keys, never the compromised. */
  async didDocument(slug: string): Promise<DidDocument> {
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ slug });
    if (!organisation) throw notFound('The organisation');
    const did = this.didOf(organisation);
    const keys = await this.dataSource.getRepository(SigningKeyRecord).find({
      where: { organisationId: organisation.id, status: Not('compromised') },
      order: { createdAt: 'ASC' },
    });
    const methods = keys.map((k) => ({
      id: k.verificationMethod,
      type: 'Multikey' as const,
      controller: did,
      publicKeyMultibase: k.publicKeyMultibase,
    }));
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: methods,
      assertionMethod: methods.map((m) => m.id),
    };
  }

  /** The organisation's public keys as a JWK Set, for the JWT form of its credentials. */
  async jwks(slug: string): Promise<{ keys: Array<Record<string, string>> }> {
    const document = await this.didDocument(slug);
    const keys = await Promise.all(
      document.verificationMethod.map(async (m) => {
        const jwk = await Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from(m) });
        return { ...jwk, kid: m.id, alg: 'EdDSA', use: 'sig' };
      }),
    );
    return { keys };
  }

  /** Resolves this service's own did:web identifiers (for the document loader); undefined otherwise. */
  async resolveOwnDid(did: string): Promise<DidDocument | undefined> {
    const slug = slugOfDidWeb(this.baseUrl, did);
    if (!slug) return undefined;
    try {
      return await this.didDocument(slug);
    } catch {
      return undefined;
    }
  }

  /**
   * A document loader that knows the bundled contexts, the service's own extension context,
   * did:key, and this service's issuers.
   */
  documentLoader(extra: { contexts?: ReadonlyMap<string, unknown> } = {}): DocumentLoader {
    const contexts = new Map<string, unknown>([
      [extensionContextUrl(this.baseUrl), extensionContext()],
      ...(extra.contexts ?? []),
    ]);
    return createDocumentLoader({ contexts, resolveDid: (did) => this.resolveOwnDid(did) });
  }

  /**
   * Signs a credential (Data Integrity, eddsa-rdfc-2022) with the organisation's active key. The
   * private key is unsealed for this signature only.
   */
  async signCredential(
    organisationId: string,
    credential: object,
    date: Date = this.clock.now(),
  ): Promise<Record<string, unknown>> {
    return this.signCredentialWith(organisationId, credential, this.documentLoader(), date);
  }

  /** As signCredential, with a given document loader (one that holds extra contexts). */
  async signCredentialWith(
    organisationId: string,
    credential: object,
    documentLoader: DocumentLoader,
    date: Date = this.clock.now(),
  ): Promise<Record<string, unknown>> {
    const active = await this.activeKey(organisationId);
    const sealed = await this.dataSource
      .getRepository(SigningKeyRecord)
      .createQueryBuilder('k')
      .addSelect('k.sealedSecret')
      .where('k.id = :id', { id: active.id })
      .getOneOrFail();
    const controller = active.verificationMethod.split('#')[0];
    return signDataIntegrity({
      credential,
      key: {
        id: active.verificationMethod,
        controller,
        publicKeyMultibase: active.publicKeyMultibase,
        secretKeyMultibase: this.cipher.decrypt(sealed.sealedSecret, active.verificationMethod),
      },
      documentLoader,
      date,
    });
  }

  private async createKey(em: EntityManager, actor: Actor, organisationId: string): Promise<SigningKeyRecord> {
    const organisation = await em.findOneBy(Organisation, { id: organisationId });
    if (!organisation) throw notFound('The organisation');
    const key = await generateSigningKey(this.didOf(organisation));
    const saved = await em.save(
      em.create(SigningKeyRecord, {
        organisationId,
        verificationMethod: key.id,
        publicKeyMultibase: key.publicKeyMultibase,
        sealedSecret: this.cipher.encrypt(key.secretKeyMultibase, key.id),
        status: 'active',
      }),
    );
    await this.audit.record(em, actor, {
      action: 'signing_key.created',
      entityType: 'signing_key',
      entityId: saved.id,
      organisationId,
      after: { verificationMethod: key.id, publicKeyMultibase: key.publicKeyMultibase },
    });
    return saved;
  }
}
