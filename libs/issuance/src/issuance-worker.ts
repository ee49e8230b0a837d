import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { Enrolment } from '@app/learning';
import { documentDigest } from '@app/credentials';
import { KeyStore, type SignRequest } from '@app/signing';
import { StatusList, StatusLists } from '@app/status';
import { CredentialFactory } from './credential-factory.js';
import { IssuedCredential } from './entities/issued-credential.entity.js';
import { IssuanceQueue } from './issuance-queue.js';
import { IssuanceService } from './issuance.service.js';
import { credentialUrl } from './urls.js';

/** Signing attempts before a credential is marked failed (its error is kept for the admin). */
const MAX_ATTEMPTS = 3;

export interface BatchResult {
  readonly signed: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * The consumer of the issuance queue. For a batch of jobs: the credentials still queued are
 * built, signed together on the signing threads, and stored in one transaction, each only if it
 * is still queued. A job whose credential is already signed (a retry after a crash) does
 * nothing: a credential is signed into its record once, whatever the number of deliveries.
 */
@Injectable()
export class IssuanceWorker {
  private readonly logger = new Logger(IssuanceWorker.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: IssuanceQueue,
    private readonly factory: CredentialFactory,
    private readonly keys: KeyStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly statusLists: StatusLists,
    private readonly issuance: IssuanceService,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  private readonly baseUrl: string;

  /** Consumes the queue in this process (two loops, so one batch signs while the next is fetched). */
  async start(): Promise<void> {
    await this.queue.consume(2, async (jobs) => {
      try {
        await this.process(jobs.map((j) => j.data.credentialId));
      } catch (error) {
        // pg-boss retries the batch's jobs; the error is said here, where an operator looks.
        this.logger.error({ err: error, credentials: jobs.length }, 'an issuance batch failed; its jobs will be retried');
        throw error;
      }
    });
    this.logger.log({ batchSize: this.config.jobs.batchSize }, 'issuance worker consuming');
  }

  /**
   * A did:key issuer's DID changes with its key. A credential queued before a rotation holds an
   * index in a list of the old DID; it gets one in a list of the new DID (the credential and its
   * list must name the same issuer). The old index is left unused, never reused.
   */
  private async followRotation(records: IssuedCredential[]): Promise<void> {
    const listIds = [...new Set(records.flatMap((r) => (r.suspensionListId ? [r.suspensionListId] : [])))];
    if (listIds.length === 0) return;
    const lists = new Map((await this.dataSource.getRepository(StatusList).findBy({ id: In(listIds) })).map((l) => [l.id, l]));
    const stale: Array<{ record: IssuedCredential; current: string | null }> = [];
    const issuers = new Map<string, string | null>();
    for (const record of records) {
      const list = record.suspensionListId ? lists.get(record.suspensionListId) : undefined;
      if (!list) continue;
      if (!issuers.has(record.organisationId)) {
        issuers.set(record.organisationId, await this.issuance.listIssuer(this.dataSource.manager, record.organisationId));
      }
      const current = issuers.get(record.organisationId)!;
      if (list.issuer !== current) stale.push({ record, current });
    }
    if (stale.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      for (const { record, current } of stale) {
        const slot = await this.statusLists.allocate(em, record.organisationId, 'suspension', current);
        await em.update(IssuedCredential, { id: record.id }, { suspensionListId: slot.listId, suspensionIndex: slot.index });
        record.suspensionListId = slot.listId;
        record.suspensionIndex = slot.index;
      }
    });
  }

  async process(credentialIds: readonly string[]): Promise<BatchResult> {
    const started = performance.now();
    const now = this.clock.now();
    const records = await this.dataSource
      .getRepository(IssuedCredential)
      .createQueryBuilder('c')
      .addSelect('c.request')
      .where('c.id in (:...ids) and c.state = :state', { ids: [...credentialIds], state: 'queued' })
      .getMany();
    let skipped = credentialIds.length - records.length;
    await this.followRotation(records);
    const enrolments = new Map(
      (
        await this.dataSource.getRepository(Enrolment).findBy({
          id: In(records.flatMap((r) => (r.enrolmentId ? [r.enrolmentId] : []))),
        })
      ).map((e) => [e.id, e]),
    );
    const toSign: Array<{ record: IssuedCredential; request: SignRequest }> = [];
    const failures: Array<{ record: IssuedCredential; error: string; outcome: 'cancelled' | 'failed' | 'retry' }> = [];
    const buildable: IssuedCredential[] = [];
    for (const record of records) {
      const enrolment = record.enrolmentId ? enrolments.get(record.enrolmentId) : undefined;
      if (record.source === 'programme' && !enrolment?.eligibleAt) {
        failures.push({ record, error: 'The participant no longer meets the programme rules.', outcome: 'cancelled' });
      } else buildable.push(record);
    }
    const credentials = await this.factory.buildMany(this.dataSource.manager, buildable, now);
    for (const [i, record] of buildable.entries()) {
      const result = credentials[i];
      if ('error' in result) failures.push({ record, error: result.error, outcome: 'failed' });
      else
        toSign.push({
          record,
          request: { organisationId: record.organisationId, credential: result.credential, jwtProfile: record.jwtProfile },
        });
    }
    const built = performance.now();
    // (Nothing to sign when every credential of the batch was cancelled or could not be built.)
    const outcomes = toSign.length
      ? await this.keys.signMany(
          toSign.map((s) => s.request),
          now,
        )
      : [];
    const signedAt = performance.now();
    let signed = 0;
    await this.dataSource.transaction(async (em) => {
      const rows: Array<Record<string, unknown>> = [];
      for (const [i, { record }] of toSign.entries()) {
        const outcome = outcomes[i];
        if (!outcome?.ok) {
          failures.push({
            record,
            error: outcome?.error ?? 'unknown error',
            outcome: record.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'retry',
          });
          continue;
        }
        // The OB 3.0 schema wants `proof` as a list (Data Integrity allows either).
        const proof = outcome.document['proof'];
        const document: Record<string, unknown> = { ...outcome.document, proof: Array.isArray(proof) ? proof : [proof] };
        rows.push({
          id: record.id,
          document,
          document_digest: documentDigest(document),
          jwt: outcome.jwt,
          verification_method: (firstProof(proof) as { verificationMethod?: string } | undefined)?.verificationMethod ?? null,
          valid_from: document['validFrom'],
          valid_until: typeof document['validUntil'] === 'string' ? document['validUntil'] : null,
        });
      }
      // One statement for the batch; only credentials still queued are written (a retry after a
      // crash finds the ones already signed and leaves them).
      const updated =
        rows.length === 0
          ? []
          : // (For an UPDATE, TypeORM returns [rows, count].)
            (
              await em.query<[Array<{ id: string; organisation_id: string; verification_method: string }>, number]>(
                `update credentials c
                  set state = 'active', document = v.document, document_digest = v.document_digest, jwt = v.jwt, verification_method = v.verification_method,
                      issued_at = $2, valid_from = v.valid_from, valid_until = v.valid_until, state_changed_at = $2,
                      updated_at = now()
                 from jsonb_to_recordset($1::jsonb) as v(id uuid, document jsonb, document_digest text, jwt text, verification_method text,
                                                         valid_from timestamptz, valid_until timestamptz)
                where c.id = v.id and c.state = 'queued'
            returning c.id, c.organisation_id, c.verification_method`,
                [JSON.stringify(rows), now],
              )
            )[0];
      signed = updated.length;
      skipped += rows.length - updated.length;
      await this.audit.recordMany(
        em,
        SYSTEM_ACTOR,
        updated.map((u) => ({
          action: 'credential.issued',
          entityType: 'credential',
          entityId: u.id,
          organisationId: u.organisation_id,
          after: { credentialId: credentialUrl(this.baseUrl, u.id), verificationMethod: u.verification_method },
        })),
      );
      for (const failure of failures) {
        if (failure.outcome !== 'retry') {
          await em.update(
            IssuedCredential,
            { id: failure.record.id, state: 'queued' },
            {
              state: failure.outcome,
              stateReason: failure.error,
              stateChangedAt: now,
              attempts: failure.record.attempts + 1,
            },
          );
          await this.audit.record(em, SYSTEM_ACTOR, {
            action: `credential.${failure.outcome}`,
            entityType: 'credential',
            entityId: failure.record.id,
            organisationId: failure.record.organisationId,
            after: { reason: failure.error },
          });
        } else {
          await em.update(
            IssuedCredential,
            { id: failure.record.id },
            { attempts: failure.record.attempts + 1, stateReason: failure.error },
          );
        }
      }
    });
    const retry = failures.filter((f) => f.outcome === 'retry');
    if (retry.length) {
      // The job queue retries the batch; the credentials signed above are skipped then.
      throw new Error(`${retry.length} credential(s) could not be signed and will be retried: ${retry[0]?.error}`);
    }
    this.logger.log(
      {
        jobs: credentialIds.length,
        signed,
        skipped,
        failed: failures.length,
        buildMs: Math.round(built - started),
        signMs: Math.round(signedAt - built),
        storeMs: Math.round(performance.now() - signedAt),
      },
      'issuance batch',
    );
    if (failures.length) this.logger.warn({ failed: failures.length, first: failures[0]?.error }, 'credentials not issued');
    return { signed, skipped, failed: failures.length };
  }
}

const firstProof = (proof: unknown): unknown => (Array.isArray(proof) ? proof[0] : proof);
