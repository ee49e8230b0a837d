import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Organisation } from '@app/catalogue';
import { AuditLog, SYSTEM_ACTOR, type Actor } from '@app/audit';
import { notFound } from '@app/core';
import { Account } from './entities/account.entity.js';
import { RoleGrant } from './entities/role-grant.entity.js';
import { IdentityError } from './identity-errors.js';
import { PasswordHasher } from './password-hasher.js';
import { ORGANISATION_ROLES } from './roles.js';
import type { Grant } from './principal.js';

export interface NewAccount {
  readonly email: string;
  readonly displayName: string;
  readonly password?: string;
  readonly language?: string;
  readonly grants?: readonly Grant[];
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  /** Creates the account and its role grants in one transaction. */
  async create(input: NewAccount, manager?: EntityManager, actor: Actor = SYSTEM_ACTOR): Promise<Account> {
    for (const grant of input.grants ?? []) assertGrantShape(grant);
    // The same grant twice is one grant.
    const grants = [...new Map((input.grants ?? []).map((g) => [`${g.role}/${g.organisationId}`, g])).values()];
    const passwordHash = input.password ? await this.hasher.hash(input.password) : null;
    const work = async (em: EntityManager): Promise<Account> => {
      const email = normaliseEmail(input.email);
      if (await em.existsBy(Account, { email })) {
        throw new IdentityError('email_taken', 'An account with this email already exists.');
      }
      await assertOrganisationsExist(em, grants);
      let account: Account;
      try {
        account = await em.save(
          em.create(Account, { email, displayName: input.displayName.trim(), passwordHash, language: input.language ?? 'en' }),
        );
      } catch (error) {
        // Two requests for one email at the same moment: the unique index decides.
        if (isUniqueViolation(error)) throw new IdentityError('email_taken', 'An account with this email already exists.');
        throw error;
      }
      const saved = grants.map((g) =>
        em.create(RoleGrant, { accountId: account.id, role: g.role, organisationId: g.organisationId }),
      );
      if (saved.length) await em.save(saved);
      await this.audit.record(em, actor, {
        action: 'account.created',
        entityType: 'account',
        entityId: account.id,
        // Recorded under each organisation the account gets a role in, for its admins' log.
        organisationId: grants.find((g) => g.organisationId)?.organisationId ?? null,
        after: {
          email,
          displayName: account.displayName,
          grants: grants.map((g) => ({ role: g.role, organisationId: g.organisationId })),
        },
      });
      return Object.assign(account, { grants: saved });
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Grants a role; granting one already held changes nothing. */
  async grant(accountId: string, grant: Grant, manager?: EntityManager, actor: Actor = SYSTEM_ACTOR): Promise<void> {
    assertGrantShape(grant);
    const work = async (em: EntityManager): Promise<void> => {
      if (!(await em.existsBy(Account, { id: accountId }))) throw notFound('The account');
      await assertOrganisationsExist(em, [grant]);
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(RoleGrant)
        .values({ accountId, role: grant.role, organisationId: grant.organisationId })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) {
        await this.audit.record(em, actor, {
          action: 'role.granted',
          entityType: 'account',
          entityId: accountId,
          organisationId: grant.organisationId,
          after: grant,
        });
      }
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /**
   * Makes an existing account a platform admin, in one transaction: grants the role, enables the
   * account if it was disabled, and sets the password when one is given. For the CLI.
   */
  async promoteToPlatformAdmin(accountId: string, password?: string): Promise<void> {
    const passwordHash = password ? await this.hasher.hash(password) : undefined;
    await this.dataSource.transaction(async (em) => {
      await this.grant(accountId, { role: 'platform_admin', organisationId: null }, em);
      await em.update(Account, { id: accountId }, { disabledAt: null, ...(passwordHash ? { passwordHash } : {}) });
    });
  }

  async findById(id: string): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOne({ where: { id }, relations: { grants: true } });
  }

  async findByEmail(email: string): Promise<Account | null> {
    return this.dataSource
      .getRepository(Account)
      .findOne({ where: { email: normaliseEmail(email) }, relations: { grants: true } });
  }

  async list(options: { limit: number; offset: number }): Promise<{ items: Account[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(Account).findAndCount({
      relations: { grants: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: options.limit,
      skip: options.offset,
    });
    return { items, total };
  }

  /** The account when the password matches and the account is enabled; one error for every failure. */
  async checkPassword(email: string, password: string): Promise<Account> {
    const account = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.email = :email', { email: normaliseEmail(email) })
      .getOne();
    const ok = await this.hasher.verify(account?.passwordHash, password);
    if (!account || !ok || account.disabledAt) {
      throw new IdentityError('invalid_credentials', 'The email or password is not right.');
    }
    return account;
  }

  /**
   * Links a DID the person proved they control to their account, in one transaction, with an
   * audit event; linking the DID already linked changes nothing. A DID linked to another account
   * is refused (did_taken): one person per DID.
   */
  async linkHolderDid(accountId: string, did: string, actor: Actor, challengeIssuedAt: Date): Promise<Account> {
    return this.dataSource.transaction(async (em) => {
      const account = await em.findOne(Account, { where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw notFound('The account');
      if (account.holderDid === did) return account;
      // A challenge answers once: one given before the DID was last linked or unlinked is spent.
      if (account.holderDidBoundAt && challengeIssuedAt < account.holderDidBoundAt) {
        throw new IdentityError(
          'holder_proof_invalid',
          "The challenge was given before this account's DID last changed: ask for a new one.",
        );
      }
      const other = await em.findOne(Account, { where: { holderDid: did } });
      if (other) throw new IdentityError('did_taken', 'This DID is linked to another account.');
      const before = account.holderDid;
      account.holderDid = did;
      account.holderDidBoundAt = new Date();
      try {
        await em.update(Account, { id: accountId }, { holderDid: did, holderDidBoundAt: account.holderDidBoundAt });
      } catch (error) {
        // Two accounts linking one DID at the same moment: the unique index decides.
        if (isUniqueViolation(error)) throw new IdentityError('did_taken', 'This DID is linked to another account.');
        throw error;
      }
      await this.audit.record(em, actor, {
        action: 'account.holder_did_linked',
        entityType: 'account',
        entityId: accountId,
        organisationId: null,
        before: { holderDid: before },
        after: { holderDid: did },
      });
      return account;
    });
  }

  /** Unlinks the account's DID (credentials issued afterwards name none); none linked: nothing changes. */
  async unlinkHolderDid(accountId: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const account = await em.findOne(Account, { where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw notFound('The account');
      if (account.holderDid === null) return;
      // The time of the change is kept, so that a challenge given before it cannot link again.
      await em.update(Account, { id: accountId }, { holderDid: null, holderDidBoundAt: new Date() });
      await this.audit.record(em, actor, {
        action: 'account.holder_did_unlinked',
        entityType: 'account',
        entityId: accountId,
        organisationId: null,
        before: { holderDid: account.holderDid },
        after: { holderDid: null },
      });
    });
  }

  async setPassword(accountId: string, password: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(Account)
      .update({ id: accountId }, { passwordHash: await this.hasher.hash(password) });
    if (!result.affected) throw notFound('The account');
  }
}

/** org_admin and trainer are held within an organisation; the other roles are not. */
function assertGrantShape(grant: Grant): void {
  const needsOrganisation = ORGANISATION_ROLES.includes(grant.role);
  if (needsOrganisation !== (grant.organisationId !== null)) {
    throw new IdentityError(
      'invalid_role_grant',
      needsOrganisation
        ? `The role ${grant.role} is held within an organisation: give organisationId.`
        : `The role ${grant.role} is not held within an organisation: leave organisationId out.`,
    );
  }
}

async function assertOrganisationsExist(em: EntityManager, grants: readonly Grant[]): Promise<void> {
  const ids = [...new Set(grants.flatMap((g) => (g.organisationId ? [g.organisationId] : [])))];
  if (ids.length === 0) return;
  const found = await em.getRepository(Organisation).countBy({ id: In(ids) });
  if (found !== ids.length) throw new IdentityError('invalid_role_grant', 'A grant names an organisation that does not exist.');
}

const isUniqueViolation = (error: unknown): boolean =>
  (error as { driverError?: { code?: string } }).driverError?.code === '23505';
