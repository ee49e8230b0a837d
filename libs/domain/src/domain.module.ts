import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CatalogueModule } from '@app/catalogue';
import { CertificatesModule } from '@app/certificates';
import { ConfigModule, type AppConfig } from '@app/config';
import { CoreModule } from '@app/core';
import { DemoModule } from '@app/demo';
import { IdentityModule } from '@app/identity';
import { IssuanceModule } from '@app/issuance';
import { LearningModule } from '@app/learning';
import { DatabaseModule, IdempotencyModule, type ConnectionSettings } from '@app/persistence';
import { SigningModule } from '@app/signing';
import { StatusModule } from '@app/status';
import { VerificationModule } from '@app/verification';

/** Every domain library, configured; the API, the worker and the CLI all load exactly this set. */
const DOMAIN_MODULES = [
  IdempotencyModule,
  AuditModule,
  IdentityModule,
  CatalogueModule,
  LearningModule,
  SigningModule,
  StatusModule,
  IssuanceModule,
  CertificatesModule,
  VerificationModule,
  DemoModule,
];

/**
 * The service's domain without any transport: configuration, clock, database and every library
 * that owns tables. Because every process loads the same set, the entities seen by
 * `migration:check` are the ones the service runs with.
 */
@Module({})
export class DomainModule {
  static forRoot(config: AppConfig, database: ConnectionSettings): DynamicModule {
    return {
      module: DomainModule,
      imports: [ConfigModule.forRoot(config), CoreModule, DatabaseModule.forRoot(database), ...DOMAIN_MODULES],
      exports: [ConfigModule, CoreModule, DatabaseModule, ...DOMAIN_MODULES],
    };
  }
}
