import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, type ConnectionSettings } from './data-source-options.js';

/**
 * The TypeORM connection. Entities are registered by the library that owns them
 * (`TypeOrmModule.forFeature` in its module) and collected with `autoLoadEntities`, so the set of
 * tables follows the modules an app imports. The database URL is resolved before Nest starts
 * (the embedded server may have to be started first).
 */
/** Injection token of the ConnectionSettings (for clients besides TypeORM, such as the job queue). */
export const DATABASE_SETTINGS = Symbol('DATABASE_SETTINGS');

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(settings: ConnectionSettings): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE_SETTINGS, useValue: settings }],
      exports: [DATABASE_SETTINGS],
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(settings),
          autoLoadEntities: true,
          // Fail fast at boot rather than retrying for minutes behind a healthcheck.
          retryAttempts: 2,
          retryDelay: 1000,
        }),
      ],
    };
  }
}
