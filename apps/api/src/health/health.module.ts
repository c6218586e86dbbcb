import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlingModule } from '../common/throttling/throttling.module.js';
import { HealthController } from './health.controller.js';

@Module({
  // No Terminus logger: a failing check would log an error per probe; the outage is logged once (database-errors.ts).
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', gracefulShutdownTimeoutMs: 0, logger: false }), ThrottlingModule],
  controllers: [HealthController],
})
export class HealthModule {}
