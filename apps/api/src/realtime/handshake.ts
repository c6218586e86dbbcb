import type { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ErrorCode } from '../common/errors/error-code.js';
import { notedDatabaseOutage } from '../database/database-errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The room of an office's screens and consoles (one per namespace). */
export const officeRoom = (officeId: string) => `office:${officeId}`;

/**
 * A refused handshake. The client's `connect_error` carries the code as `message` (e.g.
 * 'UNAUTHORIZED') and `{ error, message }` as `data`, like the HTTP API's errors.
 */
export class HandshakeError extends Error {
  readonly data: { error: ErrorCode; message: string };

  constructor(code: ErrorCode, message: string) {
    super(code);
    this.name = 'HandshakeError';
    this.data = { error: code, message };
  }
}

/** A string field of the handshake's `auth` object, or undefined. */
export function authField(socket: Socket, name: string): string | undefined {
  const auth: unknown = socket.handshake.auth;
  const value = auth && typeof auth === 'object' ? (auth as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A namespace middleware from an async check: resolves to let the client in, throws a
 * HandshakeError to refuse it. Anything else is logged (message only, never the handshake) and
 * refused as SERVICE_UNAVAILABLE, so a database hiccup never reaches the client as a stack trace.
 */
export function admission(logger: Logger, check: (socket: Socket) => Promise<void>) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    check(socket).then(
      () => next(),
      (error: unknown) => {
        if (error instanceof HandshakeError) return next(error);
        if (!notedDatabaseOutage(error, 'a socket handshake')) logger.error(`Handshake failed: ${error instanceof Error ? error.message : String(error)}`);
        next(new HandshakeError(ErrorCode.SERVICE_UNAVAILABLE, 'Try again in a moment'));
      },
    );
  };
}
