import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { InjectRepository } from '@nestjs/typeorm';
import type { Namespace, Socket } from 'socket.io';
import { Repository } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { admission, authField, HandshakeError, isUuid, officeRoom } from './handshake.js';
import { type NoEvents, STAFF_NAMESPACE, type StaffEvents } from './realtime-events.js';

interface StaffData {
  officeId: string;
}
type StaffSocket = Socket<NoEvents, StaffEvents, NoEvents, StaffData>;

/**
 * Desk consoles: `auth: { token }` (the login's access token; admins add `officeId`). They are told
 * that the queue changed and refetch `GET /offices/{id}/queue` with their token, so nothing but the
 * office id travels here.
 */
@WebSocketGateway({ namespace: STAFF_NAMESPACE })
export class StaffGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<StaffSocket> {
  private readonly logger = new Logger(StaffGateway.name);
  @WebSocketServer() private readonly namespace!: Namespace<NoEvents, StaffEvents, NoEvents, StaffData>;

  constructor(
    private readonly auth: AuthService,
    @InjectRepository(Office) private readonly offices: Repository<Office>,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(
      admission(this.logger, async (socket) => {
        const user = await this.authenticate(authField(socket, 'token'));
        (socket as StaffSocket).data.officeId = await this.officeOf(user, authField(socket, 'officeId'));
      }),
    );
  }

  async handleConnection(socket: StaffSocket): Promise<void> {
    await socket.join(officeRoom(socket.data.officeId));
  }

  queueChanged(officeId: string): void {
    this.namespace.to(officeRoom(officeId)).emit('queue.changed', { officeId });
  }

  private async authenticate(token: string | undefined): Promise<AuthenticatedUser> {
    const bare = token?.replace(/^Bearer\s+/i, '');
    if (!bare) throw new HandshakeError(ErrorCode.UNAUTHORIZED, 'Connect with auth: { token }');
    try {
      return await this.auth.authenticate(bare);
    } catch {
      throw new HandshakeError(ErrorCode.UNAUTHORIZED, 'The session is invalid or has expired; log in again');
    }
  }

  /** API.md's office rule: admins pick any existing office, everyone else gets their own. */
  private async officeOf(user: AuthenticatedUser, requested: string | undefined): Promise<string> {
    if (user.role !== 'admin') {
      if (!user.officeId) throw new HandshakeError(ErrorCode.OFFICE_REQUIRED, 'This account belongs to no office');
      if (requested !== undefined && requested !== user.officeId) throw new HandshakeError(ErrorCode.FORBIDDEN, 'You can only follow your own office');
      return user.officeId;
    }
    if (requested === undefined) throw new HandshakeError(ErrorCode.OFFICE_REQUIRED, 'Admins connect with auth: { token, officeId }');
    if (!isUuid(requested) || !(await this.offices.existsBy({ id: requested }))) throw new HandshakeError(ErrorCode.OFFICE_NOT_FOUND, 'No office with this id');
    return requested;
  }
}
