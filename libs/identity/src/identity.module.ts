import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { AccessTokens } from './access-tokens.js';
import { HolderChallenges } from './holder-challenges.js';
import { AccessGuard } from './access.guard.js';
import { AccountsService } from './accounts.service.js';
import { ApiKeysService } from './api-keys.service.js';
import { Authenticator } from './authenticator.js';
import { Account } from './entities/account.entity.js';
import { ApiKey } from './entities/api-key.entity.js';
import { RoleGrant } from './entities/role-grant.entity.js';
import { SignInLink } from './entities/sign-in-link.entity.js';
import { WebSession } from './entities/web-session.entity.js';
import { PasswordHasher } from './password-hasher.js';
import { WebSessionsService } from './web-sessions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Account, RoleGrant, ApiKey, WebSession, SignInLink]), AuditModule],
  providers: [
    PasswordHasher,
    AccessTokens,
    HolderChallenges,
    AccountsService,
    ApiKeysService,
    Authenticator,
    AccessGuard,
    WebSessionsService,
  ],
  exports: [AccessTokens, HolderChallenges, AccountsService, ApiKeysService, Authenticator, AccessGuard, WebSessionsService],
})
export class IdentityModule {}
