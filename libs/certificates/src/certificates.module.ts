import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { IssuanceModule } from '@app/issuance';
import { CertificatePool } from './certificate-pool.js';
import { CertificateService } from './certificate.service.js';
import { CertificateTemplateRecord } from './entities/certificate-template.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([CertificateTemplateRecord]), AuditModule, IssuanceModule],
  providers: [CertificateService, CertificatePool],
  exports: [CertificateService, CertificatePool],
})
export class CertificatesModule {}
