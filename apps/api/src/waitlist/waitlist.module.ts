import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module.js';
import { ClosuresModule } from '../closures/closures.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ChannelsModule } from '../notifications/channels/channels.module.js';
import { WaitlistController } from './waitlist.controller.js';
import { WaitlistTicker } from './waitlist-ticker.js';
import { WaitlistService } from './waitlist.service.js';

/**
 * The waitlist (issue #18): the public API, the engine (expiry and sweep; the hand-off of a freed
 * seat is SeatHandOff's, in BookingsModule, through waitlist-hand-off.ts) and its periodic task.
 */
@Module({
  // IdentityModule: the ClaveÚnica session the join route takes (identity/verified/applicant-identity.guard.ts).
  imports: [BookingsModule, ClosuresModule, ChannelsModule, IdentityModule],
  controllers: [WaitlistController],
  providers: [WaitlistService, WaitlistTicker],
  exports: [WaitlistService],
})
export class WaitlistModule {}
