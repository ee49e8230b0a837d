import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AuditLog, type Actor } from '@app/audit';
import { Organisation, ProgrammeVersion } from '@app/catalogue';
import { AppConfig } from '@app/config';
import { Clock, CoreError, notFound, FactsChanged } from '@app/core';
import { Cohort, Enrolment, LearningEvents, LearningService, type EligibilityChanges } from '@app/learning';
import { documentDigest } from '@app/credentials';
import { KeyStore } from '@app/signing';
import { StatusLists, type StatusAllocation } from '@app/status';
import { IssuedCredential, LIVE_STATES, type CredentialState } from './entities/issued-credential.entity.js';
import { checkIssueRequest, isOpenBadge } from './issue-request.js';
import { IssuanceQueue } from './issuance-queue.js';
import { credentialIdOf, credentialStatusOf, credentialUrl } from './urls.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface PendingIssue {
  readonly actor: Actor;
  readonly organisationId: string;
  readonly credential: Record<string, unknown>;
  resolve(value: { record: IssuedCredential; document: Record<string, unknown> }): void;
  reject(error: unknown): void;
}

export interface CredentialFilter {
  readonly organisationId?: string;
  readonly accountId?: string;
  readonly enrolmentId?: string;
  readonly states?: readonly CredentialState[];
  readonly limit?: number;
}

/**
 * The life of credentials: queued when an enrolment meets its programme's rules (or held for an
 * admin's approval), signed by the issuance worker, then suspended, reinstated, revoked or
 * re-issued. Every change runs in one transaction with its status bits and its audit event.
 */
/** Requests issued together (one allocation, one signing hand-over, one insert). */
const GROUP_SIZE = 64;
/** Groups under way at once: one signing while another allocates or stores. */
const GROUPS_IN_FLIGHT = 2;

@Injectable()
export class IssuanceService implements OnModuleInit {
  private readonly baseUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly events: LearningEvents,
    private readonly learning: LearningService,
    private readonly statusLists: StatusLists,
    private readonly queue: IssuanceQueue,
    private readonly keys: KeyStore,
    private readonly facts: FactsChanged,
    config: AppConfig,
  ) {
    this.baseUrl = config.http.publicBaseUrl;
  }

  onModuleInit(): void {
    this.events.onEligibilityInTransaction((em, actor, changes) => this.eligibilityChanged(em, actor, changes));
    // After commit: this process's consumers look for the new jobs at once.
    this.events.onEligible(() => this.queue.wake());
    this.learning.registerCredentialCheck((em, accountId, programmeId) => this.holdsActive(em, accountId, programmeId));
  }

  /** In the learning transaction: a credential for each newly eligible enrolment (one at most). */
  private async eligibilityChanged(em: EntityManager, actor: Actor, changes: EligibilityChanges): Promise<void> {
    if (changes.ineligible.length > 0) {
      const pending = await em.find(IssuedCredential, {
        where: { enrolmentId: In([...changes.ineligible]), state: In(['awaiting_approval', 'queued']) },
        lock: { mode: 'pessimistic_write' },
      });
      for (const credential of pending) {
        await this.transition(em, actor, credential, 'cancelled', 'The participant no longer meets the programme rules.');
      }
      // A credential already issued is not withdrawn by a correction (that is the organisation's
      // decision: revoke, re-issue once the records are right, or correct them back). It is
      // flagged for review (needsReview in its summary), and the change is in the audit log.
      const issued = await em.find(IssuedCredential, {
        where: { enrolmentId: In([...changes.ineligible]), state: In(['active', 'suspended']) },
      });
      for (const credential of issued) {
        await this.audit.record(em, actor, {
          action: 'credential.holder_no_longer_eligible',
          entityType: 'credential',
          entityId: credential.id,
          organisationId: credential.organisationId,
          after: { state: credential.state, reason: "The holder's corrected records no longer meet the programme's rules." },
        });
      }
    }
    if (changes.eligible.length === 0) return;
    const versions = new Map<string, ProgrammeVersion>();
    const queued: string[] = [];
    for (const event of changes.eligible) {
      let version = versions.get(event.programmeVersionId);
      if (!version) {
        version = await em.findOneByOrFail(ProgrammeVersion, { id: event.programmeVersionId });
        versions.set(version.id, version);
      }
      const cohort = await em.findOneByOrFail(Cohort, { id: event.cohortId });
      const id = await this.createRecord(em, actor, {
        organisationId: cohort.organisationId,
        enrolmentId: event.enrolmentId,
        accountId: event.accountId,
        programmeVersionId: version.id,
        jwtProfile: version.jwtProfile,
        state: version.issuanceMode === 'automatic' ? 'queued' : 'awaiting_approval',
      });
      if (id && version.issuanceMode === 'automatic') queued.push(id);
    }
    await this.allocateAndEnqueue(em, queued);
  }

  /**
   * Inserts a credential record; undefined when the enrolment already has a live credential
   * (the partial unique index decides, also between concurrent transactions).
   */
  private async createRecord(
    em: EntityManager,
    actor: Actor,
    values: Pick<IssuedCredential, 'organisationId' | 'enrolmentId' | 'accountId' | 'programmeVersionId' | 'jwtProfile'> & {
      state: 'queued' | 'awaiting_approval';
      replacesId?: string;
    },
  ): Promise<string | undefined> {
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(IssuedCredential)
      .values({ ...values, source: 'programme', replacesId: values.replacesId ?? null })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (!id) return undefined;
    await this.audit.record(em, actor, {
      action: values.state === 'queued' ? 'credential.queued' : 'credential.awaiting_approval',
      entityType: 'credential',
      entityId: id,
      organisationId: values.organisationId,
      after: { enrolmentId: values.enrolmentId, programmeVersionId: values.programmeVersionId, replacesId: values.replacesId },
    });
    return id;
  }

  /** Status list indices for queued credentials, and their jobs, in the caller's transaction. */
  private async allocateAndEnqueue(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const records = await em.find(IssuedCredential, { where: { id: In([...ids]) }, order: { id: 'ASC' } });
    const byOrganisation = new Map<string, string[]>();
    for (const record of records) {
      if (record.suspensionListId !== null) continue;
      byOrganisation.set(record.organisationId, [...(byOrganisation.get(record.organisationId) ?? []), record.id]);
    }
    for (const [organisationId, credentialIds] of byOrganisation) {
      const issuer = await this.listIssuer(em, organisationId);
      const slots = await this.statusLists.allocateMany(em, organisationId, 'suspension', issuer, credentialIds.length);
      await em.query(
        `update credentials c set suspension_list_id = s.list_id, suspension_index = s.index
           from unnest($1::uuid[], $2::uuid[], $3::int[]) as s(id, list_id, index) where c.id = s.id`,
        [credentialIds, slots.map((slot) => slot.listId), slots.map((slot) => slot.index)],
      );
    }
    await this.queue.enqueue(em, ids);
  }

  /**
   * Which DID signs the status lists a new credential of the organisation goes into: null for a
   * did:web issuer (its one DID), the did:key of the active key for a did:key issuer.
   */
  async listIssuer(em: EntityManager, organisationId: string): Promise<string | null> {
    const organisation = await em.findOneByOrFail(Organisation, { id: organisationId });
    return organisation.didMethod === 'key' ? this.keys.issuerDidOf(organisation) : null;
  }

  async approve(actor: Actor, id: string): Promise<IssuedCredential> {
    const result = await this.facts.after(
      this.dataSource.transaction(async (em) => {
        const credential = await this.lockOrFail(em, id);
        if (credential.state === 'rejected') {
          // A rejection reconsidered: approved like one awaiting, while the records still meet
          // the rules and the enrolment has no other live credential.
          const enrolment = credential.enrolmentId ? await em.findOneBy(Enrolment, { id: credential.enrolmentId }) : null;
          if (!enrolment?.eligibleAt) {
            throw new CoreError(
              'unprocessable',
              "The holder's records no longer meet the programme's rules: this rejected credential cannot be approved.",
            );
          }
          if (await em.existsBy(IssuedCredential, { enrolmentId: enrolment.id, state: In([...LIVE_STATES]) })) {
            throw new CoreError('conflict', 'The enrolment has another live credential.');
          }
        } else if (credential.state !== 'awaiting_approval') throw this.stateError(credential, 'approved');
        await this.transition(em, actor, credential, 'queued', null, 'credential.approved');
        await this.allocateAndEnqueue(em, [credential.id]);
        return this.get(id, em);
      }),
    );
    this.queue.wake();
    return result;
  }

  reject(actor: Actor, id: string, reason: string): Promise<IssuedCredential> {
    return this.facts.after(
      this.dataSource.transaction(async (em) => {
        const credential = await this.lockOrFail(em, id);
        if (credential.state !== 'awaiting_approval') throw this.stateError(credential, 'rejected');
        await this.transition(em, actor, credential, 'rejected', reason);
        return this.get(id, em);
      }),
    );
  }

  /** Suspends an active credential: verifiers see it suspended until it is reinstated. */
  suspend(actor: Actor, id: string, reason: string): Promise<IssuedCredential> {
    return this.facts.after(
      this.dataSource.transaction(async (em) => {
        const credential = await this.lockOrFail(em, id);
        if (credential.state !== 'active') throw this.stateError(credential, 'suspended');
        await this.setBits(em, credential, { suspension: true });
        await this.transition(em, actor, credential, 'suspended', reason);
        return this.get(id, em);
      }),
    );
  }

  reinstate(actor: Actor, id: string, reason: string): Promise<IssuedCredential> {
    return this.facts.after(
      this.dataSource.transaction(async (em) => {
        const credential = await this.lockOrFail(em, id);
        if (credential.state !== 'suspended') throw this.stateError(credential, 'reinstated');
        await this.setBits(em, credential, { suspension: false });
        await this.transition(em, actor, credential, 'active', reason, 'credential.reinstated');
        return this.get(id, em);
      }),
    );
  }

  /** Revokes for good (an active or suspended credential). */
  revoke(actor: Actor, id: string, reason: string): Promise<IssuedCredential> {
    return this.facts.after(
      this.dataSource.transaction(async (em) => {
        await this.revokeIn(em, actor, id, reason);
        return this.get(id, em);
      }),
    );
  }

  private async revokeIn(em: EntityManager, actor: Actor, id: string, reason: string): Promise<IssuedCredential> {
    const credential = await this.lockOrFail(em, id);
    if (credential.state !== 'active' && credential.state !== 'suspended') throw this.stateError(credential, 'revoked');
    // The one entry of an Open Badge is of purpose suspension: revoking sets it for good.
    await this.setBits(em, credential, { suspension: true, revocation: true });
    await this.transition(em, actor, credential, 'revoked', reason);
    return credential;
  }

  /**
   * Re-issue (a corrected name, a renewal): the old credential is revoked and a new one, linked
   * to it, is queued, in one transaction. The new one is built from the data as it is now.
   */
  async reissue(actor: Actor, id: string, reason: string): Promise<IssuedCredential> {
    const newId = await this.facts.after(
      this.dataSource.transaction(async (em) => {
        const old = await this.revokeIn(em, actor, id, `Re-issued: ${reason}`);
        if (old.source !== 'programme' || !old.enrolmentId || !old.programmeVersionId) {
          throw new CoreError(
            'unprocessable',
            'Only credentials earned in a programme can be re-issued; issue a new one instead.',
          );
        }
        // A replacement is built from the records as they are now: if they no longer meet the
        // rules, it would never be signed (the worker cancels it). Refused, and nothing changes.
        const enrolment = await em.findOneBy(Enrolment, { id: old.enrolmentId });
        if (!enrolment?.eligibleAt) {
          throw new CoreError(
            'unprocessable',
            "The holder's records no longer meet the programme's rules (they were corrected after this credential was issued), so a replacement cannot be issued. Correct the records, or revoke this credential.",
          );
        }
        const created = await this.createRecord(em, actor, {
          organisationId: old.organisationId,
          enrolmentId: old.enrolmentId,
          accountId: old.accountId,
          programmeVersionId: old.programmeVersionId,
          jwtProfile: old.jwtProfile,
          state: 'queued',
          replacesId: old.id,
        });
        if (!created) throw new CoreError('conflict', 'The enrolment already has another live credential.');
        await em.update(IssuedCredential, { id: old.id }, { replacedById: created });
        // The holder's choice to share carries over to the replacement (the old one's page, which
        // its QR code leads to, links to the new one's).
        if (old.sharedAt !== null) await em.update(IssuedCredential, { id: created }, { sharedAt: this.clock.now() });
        await this.allocateAndEnqueue(em, [created]);
        return created;
      }),
    );
    this.queue.wake();
    return this.get(newId);
  }

  /**
   * Issues a credential sent by a VC-API client: any VC 2.0 credential whose issuer is the
   * organisation's DID. It gets an id (unless it has one), status entries (revocation and
   * suspension; an Open Badge one, of purpose suspension) and is signed at once. Nothing is stored unless the signature succeeded.
   *
   * Requests that arrive while a group is being issued wait for the next group (group commit):
   * one transaction allocates the status indices of the whole group, the signing threads sign it
   * together, and one transaction stores it. A lone request goes at once, with no added delay.
   */
  async issueFromApi(
    actor: Actor,
    organisation: Organisation,
    credential: Record<string, unknown>,
  ): Promise<{ record: IssuedCredential; document: Record<string, unknown> }> {
    const organisationId = organisation.id;
    const problems = checkIssueRequest(credential, await this.keys.issuerDidOf(organisation));
    if (problems.length) {
      throw new CoreError('unprocessable', `The credential cannot be issued: ${problems.join(' ')}`, { problems });
    }
    // An id under this service's address is this service's to give (a credential's URL names its
    // record: verification and status changes go by it).
    const givenId = credential['id'];
    if (typeof givenId === 'string' && givenId.startsWith(`${this.baseUrl}/`)) {
      throw new CoreError(
        'unprocessable',
        `The credential cannot be issued: its id is an address of this service (${this.baseUrl}/…), which only the service gives. Leave "id" out to get one, or give your own (a urn:uuid:, say).`,
      );
    }
    const externalId = this.externalIdOf(credential);
    if (externalId !== null && (await this.dataSource.getRepository(IssuedCredential).existsBy({ externalId }))) {
      throw new CoreError('conflict', `A credential with the id ${externalId} has been issued already: ids name one credential.`);
    }
    return new Promise((resolve, reject) => {
      this.pendingIssues.push({ actor, organisationId, credential, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.issueGroups();
        });
      }
    });
  }

  /** The client's own id of a credential sent through the API (null: none, or this service's URL). */
  private externalIdOf(credential: Record<string, unknown>): string | null {
    const id = credential['id'];
    return typeof id === 'string' && credentialIdOf(this.baseUrl, id) === undefined ? id : null;
  }

  /** The credential managed under an id: this service's URL of it, its record's id, or its client's own id. */
  async findByCredentialId(credentialId: string): Promise<IssuedCredential | null> {
    const recordId = credentialIdOf(this.baseUrl, credentialId) ?? (UUID_PATTERN.test(credentialId) ? credentialId : undefined);
    const repository = this.dataSource.getRepository(IssuedCredential);
    return (
      (recordId ? await repository.findOneBy({ id: recordId }) : null) ??
      (await repository.findOneBy({ externalId: credentialId }))
    );
  }

  private readonly pendingIssues: PendingIssue[] = [];
  private scheduled = false;
  private groupsInFlight = 0;

  /**
   * Starts the waiting requests as groups, two groups at most at a time: while one is being
   * signed on the threads, the next one's indices are allocated and the last one is stored.
   */
  private issueGroups(): void {
    while (this.groupsInFlight < GROUPS_IN_FLIGHT && this.pendingIssues.length > 0) {
      const taken = this.pendingIssues.splice(0, GROUP_SIZE);
      // Two requests of a group for one client id: the first is issued, the other refused (one
      // credential per id), so the group's insert cannot fail on it.
      const ids = new Set<string>();
      const group = taken.filter((request) => {
        const externalId = this.externalIdOf(request.credential);
        if (externalId === null) return true;
        if (ids.has(externalId)) {
          request.reject(
            new CoreError('conflict', `A credential with the id ${externalId} has been issued already: ids name one credential.`),
          );
          return false;
        }
        ids.add(externalId);
        return true;
      });
      if (group.length === 0) continue;
      this.groupsInFlight += 1;
      void this.issueGroup(group)
        .catch((error: unknown) => {
          for (const request of group) request.reject(error);
        })
        .finally(() => {
          this.groupsInFlight -= 1;
          this.issueGroups();
        });
    }
  }

  private async issueGroup(group: readonly PendingIssue[]): Promise<void> {
    // Indices for the whole group, a few statements per organisation whatever the group's size.
    // An Open Badge carries one entry (OB 3.0 allows one), of purpose suspension, as a credential
    // earned in a programme does: revoking sets it for good. Any other credential carries both.
    const slots = await this.dataSource.transaction(async (em) => {
      const out = new Array<{ revocation: StatusAllocation | null; suspension: StatusAllocation }>(group.length);
      const byOrganisation = new Map<string, number[]>();
      for (const [i, request] of group.entries()) {
        byOrganisation.set(request.organisationId, [...(byOrganisation.get(request.organisationId) ?? []), i]);
      }
      for (const [organisationId, positions] of byOrganisation) {
        const issuer = await this.listIssuer(em, organisationId);
        const withRevocation = positions.filter((i) => !isOpenBadge(group[i].credential));
        const revocation = withRevocation.length
          ? await this.statusLists.allocateMany(em, organisationId, 'revocation', issuer, withRevocation.length)
          : [];
        const suspension = await this.statusLists.allocateMany(em, organisationId, 'suspension', issuer, positions.length);
        for (const [n, i] of positions.entries()) out[i] = { revocation: null, suspension: suspension[n] };
        for (const [n, i] of withRevocation.entries()) out[i].revocation = revocation[n];
      }
      return out;
    });
    const prepared = group.map((request, i) => {
      const slot = slots[i];
      const id = randomUUID();
      const status = credentialStatusOf(this.baseUrl, {
        revocationListId: slot.revocation?.listId ?? null,
        revocationIndex: slot.revocation?.index ?? null,
        suspensionListId: slot.suspension.listId,
        suspensionIndex: slot.suspension.index,
      });
      const body: Record<string, unknown> = {
        ...request.credential,
        id: request.credential['id'] ?? credentialUrl(this.baseUrl, id),
        credentialStatus: status,
      };
      return { request, id, slot, body };
    });
    const outcomes = await this.keys.signMany(
      prepared.map((p) => ({ organisationId: p.request.organisationId, credential: p.body })),
    );
    const now = this.clock.now();
    const signed: Array<{ prepared: (typeof prepared)[number]; document: Record<string, unknown> }> = [];
    for (const [i, p] of prepared.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok) signed.push({ prepared: p, document: outcome.document });
      else
        p.request.reject(new CoreError('unprocessable', `The credential cannot be signed: ${outcome?.error ?? 'unknown error'}`));
    }
    if (signed.length === 0) return;
    const records = await this.dataSource.transaction(async (em) => {
      const rows = signed.map(({ prepared: p, document }) =>
        em.create(IssuedCredential, {
          id: p.id,
          organisationId: p.request.organisationId,
          source: 'api',
          state: 'active',
          revocationListId: p.slot.revocation?.listId ?? null,
          revocationIndex: p.slot.revocation?.index ?? null,
          suspensionListId: p.slot.suspension.listId,
          suspensionIndex: p.slot.suspension.index,
          jwtProfile: null,
          externalId: this.externalIdOf(p.body),
          request: p.body,
          document,
          documentDigest: documentDigest(document),
          verificationMethod: (document['proof'] as { verificationMethod?: string } | undefined)?.verificationMethod ?? null,
          issuedAt: now,
          validFrom: typeof p.body['validFrom'] === 'string' ? new Date(p.body['validFrom']) : null,
          validUntil: typeof p.body['validUntil'] === 'string' ? new Date(p.body['validUntil']) : null,
          stateChangedAt: now,
        }),
      );
      // insert, not save: the ids are new, there is nothing to look up first.
      await em.insert(IssuedCredential, rows as QueryDeepPartialEntity<IssuedCredential>[]);
      await this.audit.recordEach(
        em,
        signed.map(({ prepared: p }) => ({
          actor: p.request.actor,
          entry: {
            action: 'credential.issued',
            entityType: 'credential',
            entityId: p.id,
            organisationId: p.request.organisationId,
            after: { source: 'api', credentialId: p.body['id'], type: p.body['type'] },
          },
        })),
      );
      return rows;
    });
    for (const [i, { prepared: p, document }] of signed.entries()) p.request.resolve({ record: records[i], document });
  }

  /**
   * The holder shares the credential (its public page shows it to anyone with the link) or
   * stops sharing. Setting what is already set changes nothing (safe to retry); each change is
   * in the audit log.
   */
  setSharing(actor: Actor, id: string, shared: boolean): Promise<IssuedCredential> {
    return this.dataSource.transaction(async (em) => {
      const credential = await this.lockOrFail(em, id);
      if (shared && !['active', 'suspended', 'revoked'].includes(credential.state)) {
        throw this.stateError(credential, 'shared');
      }
      if ((credential.sharedAt !== null) !== shared) {
        await em.update(IssuedCredential, { id }, { sharedAt: shared ? this.clock.now() : null });
        await this.audit.record(em, actor, {
          action: shared ? 'credential.shared' : 'credential.unshared',
          entityType: 'credential',
          entityId: id,
          organisationId: credential.organisationId,
          before: { shared: credential.sharedAt !== null },
          after: { shared },
        });
      }
      return this.get(id, em);
    });
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<IssuedCredential> {
    const credential = await em.findOneBy(IssuedCredential, { id });
    if (!credential) throw notFound('The credential');
    return credential;
  }

  /** The signed forms as handed out. */
  async signedForms(id: string): Promise<{ record: IssuedCredential; document: Record<string, unknown>; jwt: string | null }> {
    const record = await this.dataSource
      .getRepository(IssuedCredential)
      .createQueryBuilder('c')
      .addSelect(['c.document', 'c.jwt'])
      .where('c.id = :id', { id })
      .getOne();
    if (!record) throw notFound('The credential');
    if (!record.document)
      throw new CoreError('conflict', `The credential is not signed yet (it is ${record.state.replace('_', ' ')}).`);
    return { record, document: record.document, jwt: record.jwt };
  }

  /**
   * Of these credentials, those issued (active or suspended) whose holder's records no longer
   * meet the programme's rules: corrected after issue, they need the organisation's review.
   */
  async needingReview(credentials: readonly IssuedCredential[]): Promise<Set<string>> {
    const candidates = credentials.filter((c) => c.enrolmentId && (c.state === 'active' || c.state === 'suspended'));
    if (candidates.length === 0) return new Set();
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `select e.id from enrolments e where e.id = any($1::uuid[]) and e.eligible_at is null`,
      [[...new Set(candidates.map((c) => c.enrolmentId))]],
    );
    const ineligible = new Set(rows.map((r) => r.id));
    return new Set(candidates.filter((c) => ineligible.has(c.enrolmentId!)).map((c) => c.id));
  }

  list(filter: CredentialFilter): Promise<IssuedCredential[]> {
    const where: Record<string, unknown> = {};
    if (filter.organisationId) where['organisationId'] = filter.organisationId;
    if (filter.accountId) where['accountId'] = filter.accountId;
    if (filter.enrolmentId) where['enrolmentId'] = filter.enrolmentId;
    if (filter.states?.length) where['state'] = In([...filter.states]);
    return this.dataSource
      .getRepository(IssuedCredential)
      .find({ where, order: { createdAt: 'DESC' }, take: filter.limit ?? 200 });
  }

  async organisationOf(id: string): Promise<string> {
    return (await this.get(id)).organisationId;
  }

  /** Whether the account holds an active credential of the programme (for train-the-trainer). */
  private async holdsActive(em: EntityManager, accountId: string, programmeId: string): Promise<boolean> {
    const [row] = await em.query<Array<{ ok: boolean }>>(
      `select exists (
         select 1 from credentials cr join programme_versions v on v.id = cr.programme_version_id
         where cr.account_id = $1 and v.programme_id = $2 and cr.state = 'active'
           and (cr.valid_until is null or cr.valid_until > now())
           -- and the records it was issued on still meet the rules (not corrected since)
           and exists (select 1 from enrolments e where e.id = cr.enrolment_id and e.eligible_at is not null)
       ) as ok`,
      [accountId, programmeId],
    );
    return row?.ok === true;
  }

  private async setBits(
    em: EntityManager,
    credential: IssuedCredential,
    bits: { suspension?: boolean; revocation?: boolean },
  ): Promise<void> {
    if (bits.suspension !== undefined && credential.suspensionListId !== null && credential.suspensionIndex !== null) {
      await this.statusLists.setStatus(em, credential.suspensionListId, credential.suspensionIndex, bits.suspension);
    }
    if (bits.revocation !== undefined && credential.revocationListId !== null && credential.revocationIndex !== null) {
      await this.statusLists.setStatus(em, credential.revocationListId, credential.revocationIndex, bits.revocation);
    }
  }

  private async transition(
    em: EntityManager,
    actor: Actor,
    credential: IssuedCredential,
    state: CredentialState,
    reason: string | null,
    action = `credential.${state}`,
  ): Promise<void> {
    await em.update(IssuedCredential, { id: credential.id }, { state, stateReason: reason, stateChangedAt: this.clock.now() });
    await this.audit.record(em, actor, {
      action,
      entityType: 'credential',
      entityId: credential.id,
      organisationId: credential.organisationId,
      before: { state: credential.state },
      after: { state, reason },
    });
  }

  private async lockOrFail(em: EntityManager, id: string): Promise<IssuedCredential> {
    const credential = await em.findOne(IssuedCredential, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!credential) throw notFound('The credential');
    return credential;
  }

  private stateError(credential: IssuedCredential, wanted: string): CoreError {
    return new CoreError('conflict', `A credential that is ${credential.state.replace('_', ' ')} cannot be ${wanted}.`, {
      state: credential.state,
    });
  }
}
