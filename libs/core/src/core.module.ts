import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';
import { FactsChanged } from './facts-changed.js';

/** Cross-cutting providers every library may inject: the clock, the facts-changed counter. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }, FactsChanged], exports: [Clock, FactsChanged] })
export class CoreModule {}
