import { Module } from '@nestjs/common';
import { WaitlistReportsController } from './waitlist-reports.controller.js';
import { WaitlistReportsRepository } from './waitlist-reports.repository.js';
import { WaitlistReportsService } from './waitlist-reports.service.js';

/** The waitlist report (issue #18), beside the office's other reports (imported by WaitlistStaffModule). */
@Module({
  controllers: [WaitlistReportsController],
  providers: [WaitlistReportsService, WaitlistReportsRepository],
})
export class WaitlistReportsModule {}
