import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ClosuresModule } from '../closures/closures.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CounterDeskController } from './counter-desk.controller.js';
import { CounterSessionsService } from './counter-sessions.service.js';
import { DeskOffices } from './desk-offices.js';
import { DeskRepository } from './desk.repository.js';
import { QueueCallerService } from './queue-caller.service.js';
import { QueueClosingJob } from './queue-closing.job.js';
import { StaffPermissionsController } from './staff-permissions.controller.js';
import { StaffPermissionsService } from './staff-permissions.service.js';
import { TicketDeskController } from './ticket-desk.controller.js';
import { TicketDeskService } from './ticket-desk.service.js';
import { ChannelsModule } from '../notifications/channels/channels.module.js';

/**
 * The front desk: counter sessions, calling (next, or one ticket out of order), what happens to a
 * called ticket, desk permissions, and the closing-time job. QueueEvents is injected when the
 * realtime module provides it globally; without it the desk works and pushes nothing.
 */
@Module({
  imports: [ScheduleModule.forRoot(), ClosuresModule, TicketsModule, ChannelsModule],
  controllers: [CounterDeskController, TicketDeskController, StaffPermissionsController],
  providers: [DeskRepository, DeskOffices, CounterSessionsService, QueueCallerService, TicketDeskService, StaffPermissionsService, QueueClosingJob],
  exports: [QueueClosingJob],
})
export class DeskModule {}
