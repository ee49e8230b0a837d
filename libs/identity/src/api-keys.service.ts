import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditLog, type Actor } from '@app/audit';
import { Clock, notFound } from '@app/core';
import { ApiKey } from './entities/api-key.entity.js';

/** Keys look like `cftk_<8-char prefix>_<43-char secret>`; the prefix is not secret. */
const KEY_PATTERN = /^cftk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export const isApiKeyFormat = (value: string): boolean => KEY_PATTERN.test(value);

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export interface CreatedApiKey {
  readonly key: ApiKey;
  /** The full key, shown to its owner once and never stored. */
  readonly secret: string;
}

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async create(
    accountId: string,
    name: string,
    expiresAt: Date | null = null,
    actor: Actor = { accountId },
  ): Promise<CreatedApiKey> {
    const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
    const secret = `cftk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const key = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(em.create(ApiKey, { accountId, name, prefix, secretHash: sha256(secret), expiresAt }));
      await this.audit.record(em, actor, {
        action: 'api_key.created',
        entityType: 'api_key',
        entityId: saved.id,
        after: { accountId, name, prefix, expiresAt },
      });
      return saved;
    });
    return { key, secret };
  }

  list(accountId: string): Promise<ApiKey[]> {
    return this.dataSource.getRepository(ApiKey).find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  async revoke(accountId: string, id: string, actor: Actor = { accountId }): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const key = await em.findOneBy(ApiKey, { id, accountId });
      if (!key) throw notFound('The API key');
      if (key.revokedAt) return;
      await em.update(ApiKey, { id }, { revokedAt: this.clock.now() });
      await this.audit.record(em, actor, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: id,
        after: { accountId, prefix: key.prefix },
      });
    });
  }

  /** The owner's account id for a valid, unrevoked, unexpired key; undefined otherwise. */
  async authenticate(secret: string): Promise<string | undefined> {
    if (!KEY_PATTERN.test(secret)) return undefined;
    const repo = this.dataSource.getRepository(ApiKey);
    const key = await repo.findOneBy({ secretHash: sha256(secret), revokedAt: IsNull() });
    const now = this.clock.now();
    if (!key || (key.expiresAt && key.expiresAt <= now)) return undefined;
    // Last use is for the owner's information; a lost update here is harmless.
    await repo.update({ id: key.id }, { lastUsedAt: now });
    return key.accountId;
  }
}
