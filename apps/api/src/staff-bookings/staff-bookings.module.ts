import { Module } from '@nestjs/common';
import { StaffBookingsController } from './staff-bookings.controller.js';
import { StaffBookingsRepository } from './staff-bookings.repository.js';
import { StaffBookingsService } from './staff-bookings.service.js';

/** The office's bookings as its staff see them: a day's list and a search, with each booking's messages counted. */
@Module({
  controllers: [StaffBookingsController],
  providers: [StaffBookingsService, StaffBookingsRepository],
})
export class StaffBookingsModule {}
