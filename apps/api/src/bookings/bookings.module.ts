import { Module } from '@nestjs/common';
import { ClosuresModule } from '../closures/closures.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { SmsModule } from '../notifications/sms/sms.module.js';
import { BookingArtifacts } from './booking-artifacts.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { CapacityLedger } from './capacity-ledger.js';

@Module({
  imports: [ClosuresModule, NotificationsModule, SmsModule],
  controllers: [BookingsController],
  providers: [BookingsService, CapacityLedger, BookingArtifacts],
  exports: [CapacityLedger],
})
export class BookingsModule {}
