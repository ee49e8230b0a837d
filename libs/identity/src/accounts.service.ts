import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CoreError, notFound } from '@app/core';
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
  ) {}

  /** Creates the account and its role grants in one transaction. */
  async create(input: NewAccount, manager?: EntityManager): Promise<Account> {
    for (const grant of input.grants ?? []) assertGrantShape(grant);
    const passwordHash = input.password ? await this.hasher.hash(input.password) : null;
    const work = async (em: EntityManager): Promise<Account> => {
      const email = normaliseEmail(input.email);
      if (await em.existsBy(Account, { email })) {
        throw new IdentityError('email_taken', 'An account with this email already exists.');
      }
      const account = await em.save(
        em.create(Account, { email, displayName: input.displayName.trim(), passwordHash, language: input.language ?? 'en' }),
      );
      if (input.grants?.length) {
        await em.insert(
          RoleGrant,
          input.grants.map((g) => ({ accountId: account.id, role: g.role, organisationId: g.organisationId })),
        );
      }
      return account;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Grants a role; granting one already held changes nothing. */
  async grant(accountId: string, grant: Grant, manager: EntityManager = this.dataSource.manager): Promise<void> {
    assertGrantShape(grant);
    if (!(await manager.existsBy(Account, { id: accountId }))) throw notFound('The account');
    await manager
      .createQueryBuilder()
      .insert()
      .into(RoleGrant)
      .values({ accountId, role: grant.role, organisationId: grant.organisationId })
      .orIgnore()
      .execute();
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

  async setPassword(accountId: string, password: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(Account)
      .update({ id: accountId }, { passwordHash: await this.hasher.hash(password) });
    if (!result.affected) throw new CoreError('not_found', 'The account was not found.');
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
