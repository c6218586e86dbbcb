import { Module } from '@nestjs/common';
import { ClosuresModule } from '../closures/closures.module.js';
import { QueueReadModel } from '../realtime/queue-events.js';
import { OptionalStaffGuard } from './optional-staff.guard.js';
import { QueueNotifier } from './queue-notifier.js';
import { TicketQueries } from './ticket-queries.js';
import { TicketSequences } from './ticket-sequences.js';
import { TicketTimeline } from './ticket-timeline.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';
import { TurnsController } from './turns.controller.js';
import { WalkInCapsService } from './walk-in-caps.service.js';
import { WalkInTallies } from './walk-in-tallies.js';

/**
 * Tickets: issuing (check-in, walk-in), numbering, walk-in caps, the queue's read side and the
 * "follow your turn" page. The desk module imports it for TicketsService (toDto), TicketQueries
 * (load/place: the waiting room as the queue rules read it), TicketTimeline and QueueNotifier; the
 * realtime module reads QueueReadModel. QueueEvents is optional here (see QueueNotifier): the
 * realtime module should provide it globally.
 */
@Module({
  imports: [ClosuresModule],
  controllers: [TicketsController, TurnsController],
  providers: [
    TicketsService,
    TicketQueries,
    { provide: QueueReadModel, useExisting: TicketQueries },
    TicketSequences,
    WalkInTallies,
    WalkInCapsService,
    TicketTimeline,
    QueueNotifier,
    OptionalStaffGuard,
  ],
  exports: [TicketsService, TicketQueries, QueueReadModel, TicketTimeline, QueueNotifier, TicketSequences],
})
export class TicketsModule {}
