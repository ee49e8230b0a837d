import { Module } from '@nestjs/common';
import { IssuanceModule } from '@app/issuance';
import { SigningModule } from '@app/signing';
import { IssuerDirectory } from './issuer-directory.js';
import { StatusReader } from './status-reader.js';
import { VerificationService } from './verification.service.js';
import { VerifyPool } from './verify-pool.js';

const PROVIDERS = [IssuerDirectory, StatusReader, VerificationService, VerifyPool];

@Module({
  imports: [IssuanceModule, SigningModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class VerificationModule {}
