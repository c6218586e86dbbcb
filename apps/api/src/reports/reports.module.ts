import { Module } from '@nestjs/common';
import { RequestsReportsModule } from '../requests/reports/requests-reports.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Reports, the yearly public account and the arrivals heat map: read-only SQL over tickets, bookings, walk-in tallies and surveys. */
@Module({
  imports: [RequestsReportsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
