import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR, type Actor } from '@app/audit';
import { Organisation } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Clock, CoreError, notFound } from '@app/core';
import { extensionContext, extensionContextUrl } from '@app/credentials';
import { generateSigningKey } from './data-integrity.js';
import type { JwtProfile } from './jwt.js';
import { SigningPool } from './signing-pool.js';
import type { SignOutcome } from './signing-worker.js';
import { didWebFor, slugOfDidWeb } from './did-web.js';
import { createDocumentLoader, type DocumentLoader } from './document-loader.js';
import { SigningKeyRecord } from './entities/signing-key.entity.js';
import { KeyCipher } from './key-cipher.js';

export interface SignRequest {
  readonly organisationId: string;
  readonly credential: Record<string, unknown>;
  readonly jwtProfile?: JwtProfile | null;
}

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
    private readonly pool: SigningPool,
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
   * Signs credentials with their organisations' active keys: a Data Integrity proof
   * (eddsa-rdfc-2022) and, when a profile is given, a JWT. The work runs on the signing threads;
   * the sealed keys go there and are opened only there. Outcomes are in the requests' order; a
   * credential that cannot be signed (a context the service does not hold, say) gets
   * `{ ok: false, error }` without failing the others.
   */
  async signMany(requests: readonly SignRequest[], date: Date = this.clock.now()): Promise<SignOutcome[]> {
    const organisationIds = [...new Set(requests.map((r) => r.organisationId))];
    for (const organisationId of organisationIds) await this.activeKey(organisationId);
    const keys = await this.dataSource
      .getRepository(SigningKeyRecord)
      .createQueryBuilder('k')
      .addSelect('k.sealedSecret')
      .where('k.organisationId in (:...organisationIds) and k.status = :status', { organisationIds, status: 'active' })
      .getMany();
    const byOrganisation = new Map(keys.map((k) => [k.organisationId, k]));
    const created = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.pool.sign(
      requests.map((r) => {
        const key = byOrganisation.get(r.organisationId);
        if (!key) throw new Error(`No active key for organisation ${r.organisationId}.`);
        return {
          credential: r.credential,
          key: { id: key.verificationMethod, publicKeyMultibase: key.publicKeyMultibase, sealedSecret: key.sealedSecret },
          date: created,
          jwtProfile: r.jwtProfile ?? null,
        };
      }),
    );
  }

  /** Signs one credential (see signMany); throws a `signing_failed` error when it cannot be signed. */
  async signCredential(
    organisationId: string,
    credential: Record<string, unknown>,
    options: { jwtProfile?: JwtProfile | null; date?: Date } = {},
  ): Promise<{ document: Record<string, unknown>; jwt: string | null }> {
    const [outcome] = await this.signMany([{ organisationId, credential, jwtProfile: options.jwtProfile }], options.date);
    if (!outcome?.ok)
      throw new CoreError('unprocessable', `The credential cannot be signed: ${outcome?.error ?? 'unknown error'}`);
    return { document: outcome.document, jwt: outcome.jwt };
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
