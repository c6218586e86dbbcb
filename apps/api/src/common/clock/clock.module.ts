import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from '../../config/environment.js';
import { Clock, RunningClock } from './clock.js';

@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Config, true>) => new RunningClock(config.get('FAKE_NOW', { infer: true })),
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
