import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { LearningModule } from '@app/learning';
import { SigningModule } from '@app/signing';
import { StatusModule } from '@app/status';
import { CredentialFactory } from './credential-factory.js';
import { IssuedCredential } from './entities/issued-credential.entity.js';
import { IssuanceQueue } from './issuance-queue.js';
import { IssuanceService } from './issuance.service.js';
import { IssuanceWorker } from './issuance-worker.js';
import { StatusPublisher } from './status-publisher.js';

const PROVIDERS = [IssuanceQueue, IssuanceService, IssuanceWorker, CredentialFactory, StatusPublisher];

@Module({
  imports: [TypeOrmModule.forFeature([IssuedCredential]), AuditModule, LearningModule, SigningModule, StatusModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class IssuanceModule {}
