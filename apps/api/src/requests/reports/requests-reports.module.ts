import { Module } from '@nestjs/common';
import { RequestsReportsController } from './requests-reports.controller.js';
import { RequestsReportsRepository } from './requests-reports.repository.js';
import { RequestsReportsService } from './requests-reports.service.js';

/** Reports of requests and complaints (issue #17) and their section of the yearly public account (imported by ReportsModule). */
@Module({
  controllers: [RequestsReportsController],
  providers: [RequestsReportsService, RequestsReportsRepository],
  exports: [RequestsReportsService],
})
export class RequestsReportsModule {}
