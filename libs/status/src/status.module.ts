import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StatusEntry } from './entities/status-entry.entity.js';
import { StatusList } from './entities/status-list.entity.js';
import { StatusLists } from './status-lists.js';

@Module({ imports: [TypeOrmModule.forFeature([StatusList, StatusEntry])], providers: [StatusLists], exports: [StatusLists] })
export class StatusModule {}
