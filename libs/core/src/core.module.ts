import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';

/** Cross-cutting providers every library may inject: the clock. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class CoreModule {}
