import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { LEARNING_ENTITIES } from './entities/index.js';
import { LearningEvents } from './learning-events.js';
import { LearningService } from './learning.service.js';
import { RecordImporter } from './record-importer.js';

@Module({
  imports: [TypeOrmModule.forFeature([...LEARNING_ENTITIES]), AuditModule, IdentityModule],
  providers: [LearningService, RecordImporter, LearningEvents],
  exports: [LearningService, RecordImporter, LearningEvents],
})
export class LearningModule {}
