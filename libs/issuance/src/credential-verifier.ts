import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import {
  KeyStore,
  SigningKeyRecord,
  errorMessages,
  verifyDataIntegrity,
  verifyJwtCredential,
  type DocumentLoader,
} from '@app/signing';
import { IssuedCredential, type CredentialState } from './entities/issued-credential.entity.js';
import { StatusPublisher } from './status-publisher.js';
import { credentialIdOf, statusListIdOf } from './urls.js';

export interface StatusCheck {
  readonly purpose: string;
  readonly statusListCredential: string;
  readonly index: number;
  /** True when the bit is set: the credential is revoked (or suspended). */
  readonly set: boolean;
}

/** Where this service's own record puts a credential it issued. */
export interface RegistryEntry {
  readonly state: CredentialState;
  readonly reason: string | null;
  readonly changedAt: string;
  readonly replacedBy: string | null;
}

export interface VerificationResult {
  readonly verified: boolean;
  /** What was checked and passed: proof, expiration, status. */
  readonly checks: string[];
  readonly warnings: string[];
  readonly errors: string[];
  readonly format?: 'ldp' | 'vc+jwt' | 'ob3-jwt';
  readonly credential?: Record<string, unknown>;
  /** `valid`, or why not (revoked and suspended are told apart when this service issued it). */
  readonly status?: 'valid' | 'revoked' | 'suspended' | 'unknown';
  readonly statusChecks?: StatusCheck[];
  readonly registry?: RegistryEntry;
}

/**
 * Verifies credentials (Data Integrity or JWT) and presentations with the service's offline
 * document loader: the bundled contexts, did:key, this service's issuers and its status lists.
 * Nothing named in the input is ever fetched; a credential whose issuer or status list is not
 * held here fails with a reason saying so.
 */
@Injectable()
export class CredentialVerifier {
  private readonly baseUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: KeyStore,
    private readonly publisher: StatusPublisher,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  /** The loader: the KeyStore's (contexts, did:key, own DIDs) plus the status list credentials. */
  documentLoader(): DocumentLoader {
    const base = this.keys.documentLoader();
    return async (url: string) => {
      const listId = statusListIdOf(this.baseUrl, url);
      if (listId) {
        try {
          return { contextUrl: null, documentUrl: url, document: (await this.publisher.published(listId)).credential };
        } catch {
          // An unknown list: refused below like any other URL.
        }
      }
      return base(url);
    };
  }

  async verifyCredential(credential: Record<string, unknown>): Promise<VerificationResult> {
    const documentLoader = this.documentLoader();
    const suite = new DataIntegrityProof({ cryptosuite });
    const hasStatus = credential['credentialStatus'] !== undefined;
    const result = await verifyDataIntegrity({
      credential,
      documentLoader,
      now: this.clock.now(),
      ...(hasStatus
        ? {
            checkStatus: (options: unknown) =>
              checkStatus({
                ...(options as { credential: object }),
                suite,
                documentLoader,
                verifyBitstringStatusListCredential: true,
              }),
          }
        : {}),
    });
    // A did:key resolves without this service, so a compromised key is looked up in any case.
    const compromised = await this.compromisedKeyReason(proofMethodOf(credential) ?? '');
    const errors = compromised
      ? [compromised, ...result.errors]
      : result.verified
        ? []
        : result.errors.length
          ? result.errors
          : ['The proof does not verify.'];
    const statusChecks = statusChecksOf(result.statusResult);
    return this.conclude({
      format: 'ldp',
      credential,
      proofOk: result.verified && !compromised,
      errors,
      statusChecks,
      hasStatus,
    });
  }

  async verifyJwt(jwt: string): Promise<VerificationResult> {
    const documentLoader = this.documentLoader();
    const checked = await verifyJwtCredential(
      jwt,
      async (kid, issuer) => {
        try {
          const { document } = await documentLoader(issuer);
          const doc = document as {
            verificationMethod?: Array<{ id: string; publicKeyMultibase: string }>;
            assertionMethod?: Array<string | { id: string }>;
          };
          const allowed = (doc.assertionMethod ?? []).map((m) => (typeof m === 'string' ? m : m.id));
          return allowed.includes(kid) ? doc.verificationMethod?.find((m) => m.id === kid) : undefined;
        } catch {
          return undefined;
        }
      },
      this.clock.now(),
    );
    const format = checked.profile === 'ob3' ? 'ob3-jwt' : 'vc+jwt';
    if (!checked.verified || !checked.credential) {
      const errors = [checked.error ?? 'The JWT does not verify.'];
      if (checked.kid) {
        const compromised = await this.compromisedKeyReason(checked.kid);
        if (compromised) errors.unshift(compromised);
      }
      return {
        verified: false,
        checks: [],
        warnings: [],
        errors,
        format,
        ...(checked.credential ? { credential: checked.credential } : {}),
      };
    }
    const credential = checked.credential;
    const errors: string[] = [];
    const compromised = checked.kid ? await this.compromisedKeyReason(checked.kid) : undefined;
    if (compromised) errors.push(compromised);
    const now = this.clock.now().getTime();
    if (typeof credential['validFrom'] === 'string' && Date.parse(credential['validFrom']) > now) {
      errors.push('The credential is not valid yet.');
    }
    if (typeof credential['validUntil'] === 'string' && Date.parse(credential['validUntil']) <= now) {
      errors.push('Credential has expired.');
    }
    const hasStatus = credential['credentialStatus'] !== undefined;
    let statusChecks: StatusCheck[] = [];
    if (hasStatus) {
      const status = await checkStatus({
        credential,
        documentLoader,
        suite: new DataIntegrityProof({ cryptosuite }),
        verifyBitstringStatusListCredential: true,
      });
      if (!status.verified) errors.push(...errorMessages(status.error).map((m) => `Status could not be checked: ${m}`));
      statusChecks = statusChecksOf(status);
    }
    return this.conclude({ format, credential, proofOk: errors.length === 0, errors, statusChecks, hasStatus });
  }

  /**
   * Verifies a presentation: its proof (unless it is unsigned and that is allowed), the
   * challenge and domain when given, and each credential in it.
   */
  async verifyPresentation(
    presentation: Record<string, unknown>,
    options: { challenge?: string; domain?: string; unsignedPresentation?: boolean } = {},
  ): Promise<{
    verified: boolean;
    checks: string[];
    warnings: string[];
    errors: string[];
    credentialResults: VerificationResult[];
  }> {
    const errors: string[] = [];
    const checks: string[] = [];
    const signed = presentation['proof'] !== undefined;
    if (!signed && !options.unsignedPresentation) {
      errors.push('The presentation has no proof (send options.unsignedPresentation to accept that).');
    } else if (signed) {
      const result = (await vc.verify({
        presentation,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: this.documentLoader(),
        challenge: options.challenge,
        domain: options.domain,
        // Each credential is verified below, with its status.
        checkStatus: () => Promise.resolve({ verified: true }),
      })) as { verified: boolean; presentationResult?: { verified: boolean; error?: unknown }; error?: unknown };
      if (result.presentationResult?.verified) checks.push('proof');
      else errors.push(...errorMessages(result.presentationResult?.error ?? result.error).map((m) => `Presentation: ${m}`));
    }
    const raw = presentation['verifiableCredential'];
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const credentialResults: VerificationResult[] = [];
    for (const item of list) {
      if (typeof item === 'string') credentialResults.push(await this.verifyJwt(item));
      else if (item && typeof item === 'object') {
        // A JWT credential may come enveloped (VC 2.0 EnvelopedVerifiableCredential, data: URL).
        const enveloped = envelopedJwt(item as Record<string, unknown>);
        credentialResults.push(
          enveloped ? await this.verifyJwt(enveloped) : await this.verifyCredential(item as Record<string, unknown>),
        );
      } else credentialResults.push({ verified: false, checks: [], warnings: [], errors: ['Not a credential.'] });
    }
    credentialResults.forEach((r, i) => {
      if (!r.verified) errors.push(`Credential ${i + 1}: ${r.errors.join(' ') || `it is ${r.status}`}`);
    });
    if (credentialResults.length && credentialResults.every((r) => r.verified)) checks.push('credentials');
    return { verified: errors.length === 0, checks, warnings: [], errors, credentialResults };
  }

  private async conclude(input: {
    format: 'ldp' | 'vc+jwt' | 'ob3-jwt';
    credential: Record<string, unknown>;
    proofOk: boolean;
    errors: string[];
    statusChecks: StatusCheck[];
    hasStatus: boolean;
  }): Promise<VerificationResult> {
    const { credential, statusChecks } = input;
    const registry = await this.registryEntry(credential['id']);
    const checks: string[] = [];
    const warnings: string[] = [];
    const errors = [...input.errors];
    let status: VerificationResult['status'] = 'unknown';
    if (input.proofOk) {
      checks.push('proof');
      if ('validUntil' in credential) checks.push('expiration');
    }
    if (!input.hasStatus) {
      warnings.push('The credential carries no status entry: it cannot be revoked.');
    } else if (statusChecks.length) {
      checks.push('credentialStatus');
      const revoked = statusChecks.some((c) => c.set && c.purpose === 'revocation') || registry?.state === 'revoked';
      const suspended = statusChecks.some((c) => c.set && c.purpose === 'suspension');
      status = revoked ? 'revoked' : suspended ? 'suspended' : 'valid';
      if (revoked) errors.push(`The credential has been revoked${registry?.reason ? `: ${registry.reason}` : '.'}`);
      else if (suspended) errors.push(`The credential is suspended${registry?.reason ? `: ${registry.reason}` : '.'}`);
    }
    if (!input.hasStatus && input.proofOk) status = 'valid';
    return {
      verified: errors.length === 0,
      checks,
      warnings,
      errors,
      format: input.format,
      credential,
      status,
      statusChecks,
      ...(registry ? { registry } : {}),
    };
  }

  private async compromisedKeyReason(verificationMethod: string): Promise<string | undefined> {
    const key = await this.dataSource.getRepository(SigningKeyRecord).findOneBy({ verificationMethod });
    if (key?.status !== 'compromised') return undefined;
    return `The key that signed this credential was marked compromised on ${key.compromisedAt?.toISOString().slice(0, 10)}${
      key.compromiseReason ? ` (${key.compromiseReason})` : ''
    }: what it signed is no longer trusted.`;
  }

  private async registryEntry(id: unknown): Promise<RegistryEntry | undefined> {
    const recordId = credentialIdOf(this.baseUrl, id);
    if (!recordId) return undefined;
    const record = await this.dataSource.getRepository(IssuedCredential).findOneBy({ id: recordId });
    if (!record) return undefined;
    return {
      state: record.state,
      reason: record.stateReason,
      changedAt: record.stateChangedAt.toISOString(),
      replacedBy: record.replacedById ? `${this.baseUrl}/credentials/${record.replacedById}` : null,
    };
  }
}

function proofMethodOf(credential: Record<string, unknown>): string | undefined {
  const proofs = credential['proof'];
  const proof = (Array.isArray(proofs) ? proofs[0] : proofs) as { verificationMethod?: unknown } | undefined;
  return typeof proof?.verificationMethod === 'string' ? proof.verificationMethod : undefined;
}

function statusChecksOf(statusResult: unknown): StatusCheck[] {
  const results = (statusResult as { results?: unknown[] } | undefined)?.results ?? [];
  return results.flatMap((r) => {
    const { credentialStatus, status } = r as {
      credentialStatus?: { statusPurpose?: string; statusListCredential?: string; statusListIndex?: string };
      status?: boolean;
    };
    if (!credentialStatus || typeof status !== 'boolean') return [];
    return [
      {
        purpose: credentialStatus.statusPurpose ?? 'unknown',
        statusListCredential: credentialStatus.statusListCredential ?? '',
        index: Number(credentialStatus.statusListIndex),
        set: status,
      },
    ];
  });
}

function envelopedJwt(item: Record<string, unknown>): string | undefined {
  const type = item['type'];
  const types = Array.isArray(type) ? type : [type];
  const id = item['id'];
  if (!types.includes('EnvelopedVerifiableCredential') || typeof id !== 'string') return undefined;
  const match = /^data:application\/(?:vc\+jwt|jwt|vc-ld\+jwt),(.+)$/.exec(id);
  return match?.[1];
}
