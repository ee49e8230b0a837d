import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { SigningKeyRecord } from './entities/signing-key.entity.js';
import { SigningPool } from './signing-pool.js';
import { KeyStore } from './key-store.js';

@Module({
  imports: [TypeOrmModule.forFeature([SigningKeyRecord]), AuditModule],
  providers: [KeyStore, SigningPool],
  exports: [KeyStore, SigningPool],
})
export class SigningModule {}
