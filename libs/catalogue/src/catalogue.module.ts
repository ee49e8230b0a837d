import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { CatalogueService } from './catalogue.service.js';
import { CatalogueWriter } from './catalogue-writer.js';
import { CATALOGUE_ENTITIES } from './entities/index.js';

@Module({
  imports: [TypeOrmModule.forFeature([...CATALOGUE_ENTITIES]), AuditModule],
  providers: [CatalogueService, CatalogueWriter],
  exports: [CatalogueService, CatalogueWriter],
})
export class CatalogueModule {}
