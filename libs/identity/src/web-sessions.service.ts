import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AuditLog, type Actor } from '@app/audit';
import { Clock } from '@app/core';
import { Account } from './entities/account.entity.js';
import { SignInLink } from './entities/sign-in-link.entity.js';
import { WebSession } from './entities/web-session.entity.js';
import { IdentityError } from './identity-errors.js';
import { PasswordHasher } from './password-hasher.js';

/** How long a portal session lasts (signing in again starts a new one). */
export const WEB_SESSION_HOURS = 12;
/** How long a sign-in link works, if it is not used first. */
export const SIGN_IN_LINK_DAYS = 14;
/** The shortest password the portal accepts. */
export const MIN_PASSWORD_LENGTH = 10;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface StartedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export interface ActiveSession {
  readonly id: string;
  readonly accountId: string;
  readonly csrfToken: string;
}

/** The constant-time comparison of a form's CSRF token with its session's. */
export function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/**
 * Portal sessions (a cookie with a random token; the server keeps its hash, so a session can be
 * ended) and one-time sign-in links for participants enrolled without a password.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
  ) {}

  async start(accountId: string): Promise<StartedSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + WEB_SESSION_HOURS * 3_600_000);
    await this.dataSource.transaction(async (em) => {
      // The account's finished sessions are of no use to anyone: they go when a new one starts.
      await em
        .createQueryBuilder()
        .delete()
        .from(WebSession)
        .where('account_id = :accountId and (ended_at is not null or expires_at < :now)', { accountId, now })
        .execute();
      await em.insert(WebSession, { accountId, tokenHash: sha256(token), csrfToken, expiresAt });
    });
    return { token, csrfToken, expiresAt };
  }

  /** The session of a cookie's token, while it is neither ended nor expired. */
  async resolve(token: string | undefined): Promise<ActiveSession | undefined> {
    if (!token || !TOKEN.test(token)) return undefined;
    const session = await this.dataSource.getRepository(WebSession).findOne({
      where: { tokenHash: sha256(token), endedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
    return session ? { id: session.id, accountId: session.accountId, csrfToken: session.csrfToken } : undefined;
  }

  async end(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(WebSession).update({ id: sessionId, endedAt: IsNull() }, { endedAt: this.clock.now() });
  }

  /** A new one-time link for the account (earlier unused ones stop working). The secret is returned once. */
  async createSignInLink(
    accountId: string,
    actor: Actor,
    organisationId: string | null = null,
  ): Promise<{ secret: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_DAYS * 86_400_000);
    await this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Account, { id: accountId }))) throw new IdentityError('invalid_credentials', 'No such account.');
      await em.update(SignInLink, { accountId, usedAt: IsNull() }, { usedAt: now });
      const link = await em.save(
        em.create(SignInLink, { accountId, secretHash: sha256(secret), createdBy: actor.accountId, expiresAt }),
      );
      await this.audit.record(em, actor, {
        action: 'account.sign_in_link_created',
        entityType: 'account',
        entityId: accountId,
        organisationId,
        after: { linkId: link.id, expiresAt },
      });
    });
    return { secret, expiresAt };
  }

  /** The account a link is for, while it can still be used. */
  async linkAccount(secret: string): Promise<Account | undefined> {
    if (!TOKEN.test(secret)) return undefined;
    const link = await this.dataSource.getRepository(SignInLink).findOne({
      where: { secretHash: sha256(secret), usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
      relations: { account: true },
    });
    return link?.account && !link.account.disabledAt ? link.account : undefined;
  }

  /** Uses the link once: sets the account's password. Returns the account id. */
  async redeemSignInLink(secret: string, password: string): Promise<string> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new IdentityError('invalid_credentials', `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    const passwordHash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (em) => {
      const link = TOKEN.test(secret)
        ? await em.findOne(SignInLink, {
            where: { secretHash: sha256(secret), usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
            lock: { mode: 'pessimistic_write' },
          })
        : null;
      if (!link) throw new IdentityError('invalid_credentials', 'This sign-in link is not valid any more: ask for a new one.');
      await em.update(SignInLink, { id: link.id }, { usedAt: this.clock.now() });
      await em.update(Account, { id: link.accountId }, { passwordHash });
      // A new password ends every session the account had (whoever held them).
      await em.update(WebSession, { accountId: link.accountId, endedAt: IsNull() }, { endedAt: this.clock.now() });
      await this.audit.record(
        em,
        { accountId: link.accountId },
        {
          action: 'account.password_set',
          entityType: 'account',
          entityId: link.accountId,
          after: { linkId: link.id },
        },
      );
      return link.accountId;
    });
  }
}
