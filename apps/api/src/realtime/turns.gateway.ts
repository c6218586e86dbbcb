import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { isTrackingCode } from '@turnero/scheduling';
import type { Namespace, Socket } from 'socket.io';
import { ErrorCode } from '../common/errors/error-code.js';
import { admission, authField, HandshakeError } from './handshake.js';
import type { TurnView } from './queue-events.js';
import { QueueReadModelLocator } from './queue-read-model.locator.js';
import { type NoEvents, TURNS_NAMESPACE, type TurnEvents } from './realtime-events.js';

interface TurnData {
  trackingCode: string;
  /** The view read during the handshake, sent as the snapshot. */
  initial?: TurnView;
}
type TurnSocket = Socket<NoEvents, TurnEvents, NoEvents, TurnData>;

/** The tracking code is a bearer secret: it names the room but never appears in a log line. */
const turnRoom = (trackingCode: string) => `turn:${trackingCode}`;

/** TurnView's fields only, whatever else the read model's object holds. */
function publicTurn(turn: TurnView): TurnView {
  const { number, status, serviceName, officeName, position, estimatedWaitMinutes, counter, calledAt, canAskForMoreTime } = turn;
  return { number, status, serviceName, officeName, position, estimatedWaitMinutes, counter, calledAt, canAskForMoreTime };
}

/** "Follow your turn" pages: `auth: { trackingCode }`, one room per ticket. */
@WebSocketGateway({ namespace: TURNS_NAMESPACE })
export class TurnsGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<TurnSocket> {
  private readonly logger = new Logger(TurnsGateway.name);
  @WebSocketServer() private readonly namespace!: Namespace<NoEvents, TurnEvents, NoEvents, TurnData>;

  constructor(private readonly readModel: QueueReadModelLocator) {}

  afterInit(namespace: Namespace): void {
    namespace.use(
      admission(this.logger, async (socket) => {
        const trackingCode = authField(socket, 'trackingCode');
        const turn = trackingCode && isTrackingCode(trackingCode) ? await this.readModel.get()?.turn(trackingCode) : undefined;
        if (!trackingCode || !turn) throw new HandshakeError(ErrorCode.NOT_FOUND, 'No ticket with this tracking code');
        Object.assign((socket as TurnSocket).data, { trackingCode, initial: turn });
      }),
    );
  }

  async handleConnection(socket: TurnSocket): Promise<void> {
    const { trackingCode, initial } = socket.data;
    socket.data.initial = undefined;
    try {
      await socket.join(turnRoom(trackingCode));
      const turn = initial ?? (await this.readModel.get()?.turn(trackingCode));
      if (turn) socket.emit('turn.snapshot', publicTurn(turn));
    } catch (error) {
      this.logger.error(`Turn snapshot failed: ${(error as Error).message}`);
    }
  }

  async turnChanged(trackingCode: string): Promise<void> {
    const turn = await this.readModel.get()?.turn(trackingCode);
    if (turn) this.namespace.to(turnRoom(trackingCode)).emit('turn.changed', publicTurn(turn));
  }
}
