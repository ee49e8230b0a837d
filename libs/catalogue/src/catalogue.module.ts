import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueService } from './catalogue.service.js';
import { CATALOGUE_ENTITIES } from './entities/index.js';

@Module({
  imports: [TypeOrmModule.forFeature([...CATALOGUE_ENTITIES])],
  providers: [CatalogueService],
  exports: [CatalogueService],
})
export class CatalogueModule {}
