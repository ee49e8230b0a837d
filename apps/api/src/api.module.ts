import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '@app/config';
import { DomainModule } from '@app/domain';
import { AccessGuard } from '@app/identity';
import type { ConnectionSettings } from '@app/persistence';
import { AuditController } from './audit/audit.controller.js';
import { CatalogueAdminController } from './catalogue/catalogue-admin.controller.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { CertificatesController } from './certificates/certificates.controller.js';
import { CredentialsController } from './issuance/credentials.controller.js';
import { VerificationController } from './verification/verification.controller.js';
import { VerifyPageController } from './verification/verify-page.controller.js';
import { HealthController } from './health/health.controller.js';
import { LearningController } from './learning/learning.controller.js';
import { KeysController } from './signing/keys.controller.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { Metrics } from './http/metrics.js';
import { ProblemFilter } from './http/problem.filter.js';
import { AccountsController } from './identity/accounts.controller.js';
import { AuthController } from './identity/auth.controller.js';
import { HolderDidController } from './identity/holder-did.controller.js';
import { HolderDidLinking } from './identity/holder-did-linking.js';
import { PortalAdminController } from './portal/portal-admin.controller.js';
import { PortalCohortsController } from './portal/portal-cohorts.controller.js';
import { PortalAssetsController, PortalController } from './portal/portal.controller.js';
import { PortalQueries } from './portal/portal-queries.js';

/** The HTTP application: thin controllers over the domain libraries. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, database: ConnectionSettings): DynamicModule {
    return {
      module: ApiModule,
      imports: [DomainModule.forRoot(config, database), TerminusModule.forRoot({ logger: false })],
      controllers: [
        HealthController,
        AuthController,
        HolderDidController,
        AccountsController,
        CatalogueController,
        CatalogueAdminController,
        AuditController,
        LearningController,
        KeysController,
        CredentialsController,
        CertificatesController,
        VerificationController,
        VerifyPageController,
        PortalAssetsController,
        PortalController,
        PortalCohortsController,
        PortalAdminController,
      ],
      providers: [
        Metrics,
        PortalQueries,
        HolderDidLinking,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
