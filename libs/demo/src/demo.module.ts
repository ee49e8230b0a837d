import { Module } from '@nestjs/common';
import { CatalogueModule } from '@app/catalogue';
import { IdentityModule } from '@app/identity';
import { LearningModule } from '@app/learning';
import { DemoSeeder } from './demo-seeder.js';

@Module({ imports: [IdentityModule, CatalogueModule, LearningModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
