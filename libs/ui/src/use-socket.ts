import { type RealtimeNamespace, type RealtimeNamespaces, SNAPSHOT_EVENTS } from '@turnero/api-client';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

type Events<N extends RealtimeNamespace> = RealtimeNamespaces[N]['events'];

/** The payload of the namespace's snapshot event (`queue.snapshot`, `turn.snapshot`); never for `/staff`. */
export type SnapshotOf<N extends RealtimeNamespace> = RealtimeNamespaces[N]['snapshot'] extends keyof Events<N>
  ? Events<N>[RealtimeNamespaces[N]['snapshot']] extends (payload: infer P) => void
    ? P
    : never
  : never;

/** Handlers for the namespace's events (docs/realtime.md); the latest ones are called, no reconnect. */
export type SocketHandlers<N extends RealtimeNamespace> = { [E in keyof Events<N>]?: Events<N>[E] };

/**
 * - `connecting`: the first attempt; `connected`: live;
 * - `reconnecting`: the connection dropped or fails; socket.io retries by itself and the snapshot
 *   redraws the page when it is back;
 * - `refused`: the server refused the handshake (`refusal.error`: UNAUTHORIZED, OFFICE_NOT_FOUND…);
 *   not retried, except SERVICE_UNAVAILABLE (a database hiccup), retried every few seconds.
 */
export type SocketStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface SocketState<N extends RealtimeNamespace> {
  status: SocketStatus;
  /** The last snapshot; the page redraws from it after every (re)connection. */
  snapshot: SnapshotOf<N> | null;
  refusal: { error: string; message: string } | null;
}

export interface UseSocketOptions {
  /** The API's origin; default: this page's (everything is served on one origin). */
  url?: string;
  /** Milliseconds before retrying a SERVICE_UNAVAILABLE refusal. */
  retryUnavailableMs?: number;
}

/**
 * A socket.io connection to one namespace, open while the component is mounted and `auth` is not
 * null, re-opened when `auth` changes. Returns the connection state and the latest snapshot;
 * `handlers` get the other events (`ticket.called`, `queue.changed`…).
 *
 * ```tsx
 * const { status, snapshot } = useSocket('/display', officeId ? { officeId } : null, { 'ticket.called': announce });
 * ```
 */
export function useSocket<N extends RealtimeNamespace>(
  namespace: N,
  auth: RealtimeNamespaces[N]['auth'] | null,
  handlers: SocketHandlers<N> = {},
  options: UseSocketOptions = {},
): SocketState<N> {
  const [state, setState] = useState<SocketState<N>>({ status: 'connecting', snapshot: null, refusal: null });
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const authKey = auth === null ? null : JSON.stringify(auth);
  const { url, retryUnavailableMs = 5_000 } = options;

  useEffect(() => {
    if (authKey === null) return undefined;
    setState({ status: 'connecting', snapshot: null, refusal: null });
    const socket: Socket = io(`${url ?? ''}${namespace}`, { auth: JSON.parse(authKey) as Record<string, unknown>, forceNew: true });
    const snapshotEvent = SNAPSHOT_EVENTS[namespace];
    let everConnected = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    socket.on('connect', () => {
      everConnected = true;
      setState((s) => ({ ...s, status: 'connected', refusal: null }));
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      setState((s) => ({ ...s, status: 'reconnecting' }));
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: { error?: string; message?: string } }) => {
      if (socket.active) {
        setState((s) => ({ ...s, status: everConnected ? 'reconnecting' : 'connecting' }));
        return;
      }
      const refusal = { error: error.data?.error ?? error.message, message: error.data?.message ?? error.message };
      if (refusal.error === 'SERVICE_UNAVAILABLE') {
        setState((s) => ({ ...s, status: 'reconnecting' }));
        retry = setTimeout(() => socket.connect(), retryUnavailableMs);
        return;
      }
      setState((s) => ({ ...s, status: 'refused', refusal }));
    });
    socket.onAny((event: string, payload: unknown) => {
      if (event === snapshotEvent) setState((s) => ({ ...s, snapshot: payload as SnapshotOf<N> }));
      const handler = (handlersRef.current as Record<string, ((payload: unknown) => void) | undefined>)[event];
      handler?.(payload);
    });

    return () => {
      clearTimeout(retry);
      socket.offAny();
      socket.disconnect();
    };
  }, [namespace, authKey, url, retryUnavailableMs]);

  return authKey === null ? { status: 'connecting', snapshot: null, refusal: null } : state;
}
