import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { isTrackingCode } from '@turnero/scheduling';
import type { Namespace, Socket } from 'socket.io';
import { ErrorCode } from '../common/errors/error-code.js';
import type { Config } from '../config/environment.js';
import { admission, authField, HandshakeError } from './handshake.js';
import { publicTurn, type TurnView } from './queue-events.js';
import { QueueReadModelLocator } from './queue-read-model.locator.js';
import { type NoEvents, TURNS_NAMESPACE, type TurnEvents } from './realtime-events.js';
import { notedDatabaseOutage } from '../database/database-errors.js';

interface TurnData {
  trackingCode: string;
  officeId: string;
  /** The view read during the handshake, sent as the snapshot. */
  initial?: TurnView;
  /** The last view sent, to skip refreshes that change nothing. */
  sent?: string;
}
/** Between instances (Redis adapter): "these pages may have changed, refresh yours". */
interface TurnServerEvents {
  'turn.changed': (trackingCode: string) => void;
  'office.changed': (officeId: string) => void;
}
type TurnSocket = Socket<NoEvents, TurnEvents, TurnServerEvents, TurnData>;

/** The tracking code is a bearer secret: it names the room but never appears in a log line. */
const turnRoom = (trackingCode: string) => `turn:${trackingCode}`;
const officeRoom = (officeId: string) => `office:${officeId}`;

/**
 * "Follow your turn" pages: `auth: { trackingCode }`, one room per ticket. A page is recomputed only
 * where it is open: each instance refreshes its own sockets, told by the others through the Redis
 * adapter's server-side events, so a change nobody follows costs no query.
 */
@WebSocketGateway({ namespace: TURNS_NAMESPACE })
export class TurnsGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<TurnSocket> {
  private readonly logger = new Logger(TurnsGateway.name);
  @WebSocketServer() private readonly namespace!: Namespace<NoEvents, TurnEvents, TurnServerEvents, TurnData>;
  /** With REDIS_URL other instances may hold pages of the same tickets. */
  private readonly shared: boolean;

  constructor(
    private readonly readModel: QueueReadModelLocator,
    config: ConfigService<Config, true>,
  ) {
    this.shared = Boolean(config.get('REDIS_URL', { infer: true }));
  }

  afterInit(namespace: Namespace<NoEvents, TurnEvents, TurnServerEvents, TurnData>): void {
    namespace.use(
      admission(this.logger, async (socket) => {
        const trackingCode = authField(socket, 'trackingCode');
        const turn = trackingCode && isTrackingCode(trackingCode) ? await this.readModel.get()?.turn(trackingCode) : undefined;
        if (!trackingCode || !turn) throw new HandshakeError(ErrorCode.NOT_FOUND, 'No ticket with this tracking code');
        Object.assign((socket as TurnSocket).data, { trackingCode, officeId: turn.officeId, initial: publicTurn(turn) });
      }),
    );
    namespace.on('turn.changed', (trackingCode) => this.fromOtherInstance(this.refreshTurn(trackingCode)));
    namespace.on('office.changed', (officeId) => this.fromOtherInstance(this.refreshOffice(officeId)));
  }

  async handleConnection(socket: TurnSocket): Promise<void> {
    const { trackingCode, officeId, initial } = socket.data;
    socket.data.initial = undefined;
    try {
      await socket.join([turnRoom(trackingCode), officeRoom(officeId)]);
      const turn = initial ?? (await this.readModel.get()?.turn(trackingCode));
      if (turn) this.send(socket, 'turn.snapshot', publicTurn(turn));
    } catch (error) {
      if (!notedDatabaseOutage(error, 'a turn snapshot')) this.logger.error(`Turn snapshot failed: ${(error as Error).message}`);
    }
  }

  /** One ticket's own state changed (called, served, moved back…). */
  async turnChanged(trackingCode: string): Promise<void> {
    if (this.shared) this.namespace.serverSideEmit('turn.changed', trackingCode);
    await this.refreshTurn(trackingCode);
  }

  /** The office's queue moved: the positions and estimates of its waiting tickets. */
  async officeChanged(officeId: string): Promise<void> {
    if (this.shared) this.namespace.serverSideEmit('office.changed', officeId);
    await this.refreshOffice(officeId);
  }

  private async refreshTurn(trackingCode: string): Promise<void> {
    const sockets = this.localSockets(turnRoom(trackingCode));
    if (sockets.length === 0) return;
    const turn = await this.readModel.get()?.turn(trackingCode);
    if (turn) for (const socket of sockets) this.send(socket, 'turn.changed', publicTurn(turn));
  }

  private async refreshOffice(officeId: string): Promise<void> {
    const sockets = this.localSockets(officeRoom(officeId));
    if (sockets.length === 0) return;
    const pages = await this.readModel.get()?.waitingTurns(officeId, [...new Set(sockets.map((s) => s.data.trackingCode))]);
    for (const socket of sockets) {
      const page = pages?.get(socket.data.trackingCode);
      if (page) this.send(socket, 'turn.changed', page);
    }
  }

  private fromOtherInstance(refresh: Promise<void>): void {
    refresh.catch((error: Error) => {
      if (!notedDatabaseOutage(error, 'a turn page refresh')) this.logger.error(`Turn pages not refreshed: ${error.message}`);
    });
  }

  private localSockets(room: string): TurnSocket[] {
    const ids = this.namespace.adapter.rooms.get(room);
    if (!ids) return [];
    return [...ids].map((id) => this.namespace.sockets.get(id)).filter((socket): socket is TurnSocket => socket !== undefined);
  }

  private send(socket: TurnSocket, event: 'turn.snapshot' | 'turn.changed', turn: TurnView): void {
    const serialized = JSON.stringify(turn);
    if (event === 'turn.changed' && socket.data.sent === serialized) return;
    socket.data.sent = serialized;
    socket.emit(event, turn);
  }
}
