import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR, type Actor } from '@app/audit';
import { Organisation } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Clock, CoreError, notFound, FactsChanged } from '@app/core';
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
  /**
   * Sign with this key of the organisation rather than the active one. For a did:key issuer's
   * status list, which must be signed by the key (the DID) that issued its credentials, also
   * after a rotation. A compromised key never signs.
   */
  readonly keyId?: string;
}

export interface DidDocument {
  readonly '@context': readonly string[];
  readonly id: string;
  readonly verificationMethod: ReadonlyArray<{ id: string; type: 'Multikey'; controller: string; publicKeyMultibase: string }>;
  readonly assertionMethod: readonly string[];
}

const controllerOf = (verificationMethod: string): string => verificationMethod.split('#')[0] ?? verificationMethod;

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
    private readonly facts: FactsChanged,
    config: AppConfig,
  ) {
    this.cipher = new KeyCipher(config.signing.masterKey.reveal());
    this.baseUrl = config.http.publicBaseUrl;
  }

  /** The organisation's did:web (its identifier when its DID method is `web`). */
  didOf(organisation: Pick<Organisation, 'slug'>): string {
    return didWebFor(this.baseUrl, organisation.slug);
  }

  /**
   * The organisation's identifier as an issuer now: its did:web, or (DID method `key`) the
   * did:key of its active key.
   */
  async issuerDidOf(organisation: Pick<Organisation, 'id' | 'slug' | 'didMethod'>): Promise<string> {
    if (organisation.didMethod !== 'key') return this.didOf(organisation);
    return controllerOf((await this.activeKey(organisation.id)).verificationMethod);
  }

  /** The key that a did:key is made of, if it is one of this service's keys (any status). */
  keyOfDidKey(did: string): Promise<SigningKeyRecord | null> {
    return this.dataSource
      .getRepository(SigningKeyRecord)
      .findOneBy({ verificationMethod: `${did}#${did.slice('did:key:'.length)}` });
  }

  /** The organisation whose issuer DID this is (did:web, or the did:key of one of its keys), if any. */
  async organisationOfIssuer(did: string): Promise<Organisation | undefined> {
    // PostgreSQL holds no text with a NUL character: no issuer of this service has one.
    if (did.includes('\u0000')) return undefined;
    const slug = slugOfDidWeb(this.baseUrl, did);
    if (slug) {
      const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ slug });
      return organisation?.didMethod === 'web' ? organisation : undefined;
    }
    if (!did.startsWith('did:key:')) return undefined;
    const key = await this.dataSource
      .getRepository(SigningKeyRecord)
      .findOneBy({ verificationMethod: `${did}#${did.slice('did:key:'.length)}` });
    return key
      ? ((await this.dataSource.getRepository(Organisation).findOneBy({ id: key.organisationId })) ?? undefined)
      : undefined;
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
    return this.facts.after(
      this.dataSource.transaction(async (em) => {
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
      }),
    );
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
    if (organisation.didMethod === 'key') throw notFound('A did:web document (this organisation issues as did:key)');
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
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ slug });
    if (!organisation) throw notFound('The organisation');
    const records = await this.dataSource.getRepository(SigningKeyRecord).find({
      where: { organisationId: organisation.id, status: Not('compromised') },
      order: { createdAt: 'ASC' },
    });
    const keys = await Promise.all(
      records.map(async (r) => {
        const jwk = await Ed25519Multikey.toJwk({
          keyPair: await Ed25519Multikey.from({ publicKeyMultibase: r.publicKeyMultibase }),
        });
        return { ...jwk, kid: r.verificationMethod, alg: 'EdDSA', use: 'sig' };
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
    if (requests.length === 0) return [];
    const organisationIds = [...new Set(requests.map((r) => r.organisationId))];
    const activeKeys = () =>
      this.dataSource
        .getRepository(SigningKeyRecord)
        .createQueryBuilder('k')
        .addSelect('k.sealedSecret')
        .where('k.organisationId in (:...organisationIds) and k.status = :status', { organisationIds, status: 'active' })
        .getMany();
    let keys = await activeKeys();
    if (organisationIds.some((id) => !keys.some((k) => k.organisationId === id))) {
      // An organisation without a key yet: one is generated on first use.
      for (const organisationId of organisationIds) await this.activeKey(organisationId);
      keys = await activeKeys();
    }
    const byOrganisation = new Map(keys.map((k) => [k.organisationId, k]));
    const chosenIds = [...new Set(requests.flatMap((r) => (r.keyId ? [r.keyId] : [])))];
    const chosen = new Map(
      (chosenIds.length
        ? await this.dataSource
            .getRepository(SigningKeyRecord)
            .createQueryBuilder('k')
            .addSelect('k.sealedSecret')
            .where("k.id in (:...chosenIds) and k.status <> 'compromised'", { chosenIds })
            .getMany()
        : []
      ).map((k) => [k.id, k]),
    );
    const created = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.pool.sign(
      requests.map((r) => {
        const key = r.keyId ? chosen.get(r.keyId) : byOrganisation.get(r.organisationId);
        if (!key || key.organisationId !== r.organisationId) {
          throw new CoreError('conflict', 'That signing key cannot sign (unknown, of another organisation, or compromised).');
        }
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
    options: { jwtProfile?: JwtProfile | null; date?: Date; keyId?: string } = {},
  ): Promise<{ document: Record<string, unknown>; jwt: string | null }> {
    const [outcome] = await this.signMany(
      [{ organisationId, credential, jwtProfile: options.jwtProfile, ...(options.keyId ? { keyId: options.keyId } : {}) }],
      options.date,
    );
    if (!outcome?.ok)
      throw new CoreError('unprocessable', `The credential cannot be signed: ${outcome?.error ?? 'unknown error'}`);
    return { document: outcome.document, jwt: outcome.jwt };
  }

  private async createKey(em: EntityManager, actor: Actor, organisationId: string): Promise<SigningKeyRecord> {
    const organisation = await em.findOneBy(Organisation, { id: organisationId });
    if (!organisation) throw notFound('The organisation');
    const key = await generateSigningKey(
      organisation.didMethod === 'key' ? (publicKeyMultibase) => `did:key:${publicKeyMultibase}` : this.didOf(organisation),
    );
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
