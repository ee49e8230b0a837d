import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { AccessTokens } from './access-tokens.js';
import { AccessGuard } from './access.guard.js';
import { AccountsService } from './accounts.service.js';
import { ApiKeysService } from './api-keys.service.js';
import { Authenticator } from './authenticator.js';
import { Account } from './entities/account.entity.js';
import { ApiKey } from './entities/api-key.entity.js';
import { RoleGrant } from './entities/role-grant.entity.js';
import { PasswordHasher } from './password-hasher.js';

@Module({
  imports: [TypeOrmModule.forFeature([Account, RoleGrant, ApiKey]), AuditModule],
  providers: [PasswordHasher, AccessTokens, AccountsService, ApiKeysService, Authenticator, AccessGuard],
  exports: [AccessTokens, AccountsService, ApiKeysService, Authenticator, AccessGuard],
})
export class IdentityModule {}
