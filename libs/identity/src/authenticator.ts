import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CoreError } from '@app/core';
import { AccessTokens } from './access-tokens.js';
import { ApiKeysService, isApiKeyFormat } from './api-keys.service.js';
import { Account } from './entities/account.entity.js';
import { Principal } from './principal.js';

/** Turns an `Authorization: Bearer …` header (access token or API key) into a Principal. */
@Injectable()
export class Authenticator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: AccessTokens,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      throw new CoreError('unauthenticated', 'Sign in first: send Authorization: Bearer <access token or API key>.');
    }
    const credential = match[1];
    const viaKey = isApiKeyFormat(credential);
    const accountId = viaKey ? await this.apiKeys.authenticate(credential) : await this.tokens.verify(credential);
    if (!accountId) {
      throw new CoreError(
        'unauthenticated',
        viaKey ? 'The API key is not valid.' : 'The access token is not valid or has expired.',
      );
    }
    return this.principalOf(accountId, viaKey ? 'api_key' : 'token');
  }

  /** The Principal of an account (its grants read now); unauthenticated when it is disabled or gone. */
  async principalOf(accountId: string, via: Principal['via']): Promise<Principal> {
    // One statement (findOne with a relation would add a DISTINCT query to page the join).
    const account = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.grants', 'g')
      .where('a.id = :accountId', { accountId })
      .getOne();
    if (!account || account.disabledAt) throw new CoreError('unauthenticated', 'The account is not active.');
    return new Principal(
      account.id,
      account.email,
      (account.grants ?? []).map((g) => ({ role: g.role, organisationId: g.organisationId })),
      via,
      account.displayName,
      account.language,
    );
  }
}
