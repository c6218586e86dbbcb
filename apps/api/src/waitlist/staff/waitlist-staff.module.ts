import { Module } from '@nestjs/common';
import { WaitlistReportsModule } from '../reports/waitlist-reports.module.js';
import { WaitlistStaffController } from './waitlist-staff.controller.js';
import { WaitlistStaffRepository } from './waitlist-staff.repository.js';
import { WaitlistStaffService } from './waitlist-staff.service.js';

/** The waitlist for an office's staff (issue #18): counts per procedure and day, the entries without personal data, and the report. */
@Module({
  imports: [WaitlistReportsModule],
  controllers: [WaitlistStaffController],
  providers: [WaitlistStaffService, WaitlistStaffRepository],
})
export class WaitlistStaffModule {}
