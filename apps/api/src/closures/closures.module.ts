import { Module } from '@nestjs/common';
import { CapacityLedger } from '../bookings/capacity-ledger.js';
import { SmsModule } from '../notifications/sms/sms.module.js';
import { ClosuresController } from './closures.controller.js';
import { ClosuresService } from './closures.service.js';
import { OfficeCalendars } from './office-calendars.js';

@Module({
  imports: [SmsModule],
  controllers: [ClosuresController],
  providers: [ClosuresService, OfficeCalendars, CapacityLedger],
  exports: [ClosuresService, OfficeCalendars],
})
export class ClosuresModule {}
