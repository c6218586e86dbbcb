import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * The instance's shutdown state: once draining (SIGTERM), /api/health answers 503 so the balancer
 * stops sending, and every response closes its connection after it is sent.
 */
export const drainState = { draining: false };

const drainListeners = new Set<() => void>();

/**
 * Runs `listener` when the drain starts, for what an HTTP server cannot close by itself: upgraded
 * (WebSocket) connections and socket.io's long polls, which never become idle. Returns a remover.
 */
export function onDrain(listener: () => void): () => void {
  drainListeners.add(listener);
  return () => drainListeners.delete(listener);
}

/** How long a drain waits for requests in flight before it closes what is left. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Marks responses sent while draining with `Connection: close`, so a client on a kept-alive
 * connection gets its answer and then a cleanly closed connection, never a 5xx.
 */
export function closeConnectionsWhileDraining(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (_request, reply) => {
    if (drainState.draining && !reply.raw.headersSent) reply.header('connection', 'close');
  });
}

/**
 * Rolling-deploy shutdown of the HTTP side: stop accepting connections, close the idle kept-alive
 * ones at once and each busy one after its response (Connection: close), and resolve when none is
 * left, or after `timeoutMs`, when whatever remains is closed. Requests in flight are answered;
 * nothing is cut mid-response unless it outlives the timeout.
 */
export async function drainHttp(server: Server, timeoutMs = DRAIN_TIMEOUT_MS): Promise<{ drainedMs: number; forced: boolean }> {
  const started = Date.now();
  drainState.draining = true;
  for (const listener of drainListeners) listener();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A connection between requests at this instant closes now; one that becomes idle later was
  // answered with Connection: close. Poll for the race of a socket idle between two checks.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  let forced = false;
  const timer = setTimeout(() => {
    forced = true;
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
  return { drainedMs: Date.now() - started, forced };
}
