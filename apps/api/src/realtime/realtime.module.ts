import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Office } from '../offices/office.entity.js';
import { DisplayGateway } from './display.gateway.js';
import { QueueEvents } from './queue-events.js';
import { QueueReadModelLocator } from './queue-read-model.locator.js';
import { SocketQueueEvents } from './socket-queue-events.js';
import { StaffGateway } from './staff.gateway.js';
import { TurnsGateway } from './turns.gateway.js';

/**
 * Live updates over socket.io (docs/realtime.md): waiting-room screens, desk consoles and the
 * applicants' "follow your turn" page. Global, so the tickets and desk modules inject QueueEvents
 * without importing it. The socket.io server itself is set up in create-app.ts (RealtimeIoAdapter).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Office])],
  providers: [
    DisplayGateway,
    StaffGateway,
    TurnsGateway,
    QueueReadModelLocator,
    SocketQueueEvents,
    { provide: QueueEvents, useExisting: SocketQueueEvents },
  ],
  exports: [QueueEvents, DisplayGateway],
})
export class RealtimeModule {}
