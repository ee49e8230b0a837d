import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { DomainModule } from '@app/domain';
import type { ConnectionSettings } from '@app/persistence';

/** The same domain modules as the API, without HTTP: background jobs run here. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, database: ConnectionSettings): DynamicModule {
    return { module: WorkerModule, imports: [DomainModule.forRoot(config, database)] };
  }
}
