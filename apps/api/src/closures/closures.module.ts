import { Module } from '@nestjs/common';
import { CapacityLedger } from '../bookings/capacity-ledger.js';
import { ClosuresController } from './closures.controller.js';
import { ClosuresService } from './closures.service.js';
import { OfficeCalendars } from './office-calendars.js';
import { ChannelsModule } from '../notifications/channels/channels.module.js';

@Module({
  imports: [ChannelsModule],
  controllers: [ClosuresController],
  providers: [ClosuresService, OfficeCalendars, CapacityLedger],
  exports: [ClosuresService, OfficeCalendars],
})
export class ClosuresModule {}
