import { Module } from '@nestjs/common';
import { ClosuresModule } from '../closures/closures.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { BookingArtifacts } from './booking-artifacts.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { CapacityLedger } from './capacity-ledger.js';
import { BookingReadModel } from './read-model/booking-read-model.js';
import { SeatHandOff } from './seat-hand-off.js';
import { ChannelsModule } from '../notifications/channels/channels.module.js';
import { IdentityModule } from '../identity/identity.module.js';

@Module({
  // IdentityModule: the ClaveÚnica session the booking route takes (identity/verified/applicant-identity.guard.ts).
  imports: [ClosuresModule, NotificationsModule, ChannelsModule, IdentityModule],
  controllers: [BookingsController],
  providers: [BookingsService, BookingReadModel, CapacityLedger, SeatHandOff, BookingArtifacts],
  exports: [CapacityLedger, SeatHandOff, BookingReadModel],
})
export class BookingsModule {}
