import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Namespace, Socket } from 'socket.io';
import { DataSource, Repository } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { localDateIn } from '../common/time/local-date.js';
import { TtlCache } from '../common/ttl-cache.js';
import { preparedQuery } from '../database/prepared.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { admission, authField, HandshakeError, isUuid, officeRoom } from './handshake.js';
import type { DisplaySnapshot, TicketCalledEvent } from './queue-events.js';
import { QueueReadModelLocator } from './queue-read-model.locator.js';
import { DISPLAY_NAMESPACE, type DisplayEvents, type DisplayNoticesChanged, type NoEvents } from './realtime-events.js';
import { notedDatabaseOutage } from '../database/database-errors.js';

interface DisplayData {
  officeId: string;
}
type DisplaySocket = Socket<NoEvents, DisplayEvents, NoEvents, DisplayData>;

/**
 * Waiting-room screens (public): `auth: { officeId }`, one room per office. Only numbers, counters
 * and counts travel here, never a name or document.
 */
@WebSocketGateway({ namespace: DISPLAY_NAMESPACE })
export class DisplayGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<DisplaySocket> {
  private readonly logger = new Logger(DisplayGateway.name);
  @WebSocketServer() private readonly namespace!: Namespace<NoEvents, DisplayEvents, NoEvents, DisplayData>;
  /** Each office's time zone for the waiting count, read at most every two seconds (zones are validated when written). */
  private readonly zones = new TtlCache<string>(2_000, { maxEntries: 10_000 });

  constructor(
    @InjectRepository(Office) private readonly offices: Repository<Office>,
    private readonly readModel: QueueReadModelLocator,
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(
      admission(this.logger, async (socket) => {
        const officeId = authField(socket, 'officeId');
        if (!isUuid(officeId) || !(await this.offices.existsBy({ id: officeId }))) {
          throw new HandshakeError(ErrorCode.OFFICE_NOT_FOUND, 'No office with this id; connect with auth: { officeId }');
        }
        (socket as DisplaySocket).data.officeId = officeId;
      }),
    );
  }

  async handleConnection(socket: DisplaySocket): Promise<void> {
    const { officeId } = socket.data;
    try {
      // Join first: a call made while the snapshot is read still reaches this screen.
      await socket.join(officeRoom(officeId));
      socket.emit('queue.snapshot', await this.snapshot(officeId));
    } catch (error) {
      if (!notedDatabaseOutage(error, 'a display snapshot')) this.logger.error(`Display snapshot of office ${officeId} failed: ${(error as Error).message}`);
    }
  }

  ticketCalled(officeId: string, { number, counter, calledAt, recall, partySize, numbers }: TicketCalledEvent): void {
    // Only the public fields, whatever else the caller's object holds (a group: its size and numbers).
    this.namespace.to(officeRoom(officeId)).emit('ticket.called', { number, counter, calledAt, recall, ...groupFields(partySize, numbers) });
  }

  /** The office's notices changed: its screens show these (public text only; notices/ decides which). */
  noticesChanged(event: DisplayNoticesChanged): void {
    this.namespace.to(officeRoom(event.officeId)).emit('notices.changed', event);
  }

  /**
   * A fresh waiting count for the office's screens (called at most ~4 times a second per office,
   * on every instance whose desks change the queue, whether or not screens are connected here:
   * the Redis adapter carries the emit to screens on other instances). Only the count is sent, so
   * only the count is read: one prepared statement (the office's zone remembered), the same count
   * as the snapshot's (TicketQueries.displaySnapshot), without its last calls nor a TypeORM entity.
   */
  async queueChanged(officeId: string): Promise<void> {
    if (!this.readModel.get()) return;
    const waitingCount = await this.waitingCount(officeId);
    this.namespace.to(officeRoom(officeId)).emit('queue.changed', { officeId, waitingCount });
  }

  /** How many of the office's tickets of today wait (today in the office's zone, by the API's clock). */
  async waitingCount(officeId: string): Promise<number> {
    const zone = await this.zones.get(officeId, async () => {
      const [row] = await preparedQuery<{ time_zone: string }>(this.db.manager, `SELECT time_zone FROM offices WHERE id = $1`, [officeId]);
      if (!row) throw new Error(`Office ${officeId} not found`);
      return row.time_zone;
    });
    const today = localDateIn(this.clock.now().toMillis(), zone);
    const [{ n }] = await preparedQuery<{ n: number }>(
      this.db.manager,
      `SELECT count(*)::int AS n FROM tickets WHERE office_id = $1 AND local_date = $2 AND status = 'waiting'`,
      [officeId, today],
    );
    return n;
  }

  private async snapshot(officeId: string): Promise<DisplaySnapshot> {
    const readModel = this.readModel.get();
    if (!readModel) return { officeId, called: [], waitingCount: 0 };
    const { called, waitingCount } = await readModel.displaySnapshot(officeId);
    return {
      officeId,
      called: called.map(({ number, counter, calledAt, partySize, numbers }) => ({ number, counter, calledAt, ...groupFields(partySize, numbers) })),
      waitingCount,
    };
  }
}

/** A group's public fields (issue #18), left out for one person: how many, and its numbers. */
function groupFields(partySize: number | undefined, numbers: string[] | undefined): { partySize?: number; numbers?: string[] } {
  return { ...(partySize && partySize > 1 ? { partySize } : {}), ...(numbers && numbers.length > 1 ? { numbers: [...numbers] } : {}) };
}
