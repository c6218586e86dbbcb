import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';
import { onDrain } from '../health/drain.js';

/** Channel prefix of the socket.io messages in Redis, apart from anything else sharing that Redis. */
export const SOCKET_IO_REDIS_KEY = 'turnero:socket.io';

type NestServer = ReturnType<IoAdapter['createIOServer']>;
type NestServerOptions = Parameters<IoAdapter['createIOServer']>[1];

export interface RealtimeAdapterOptions {
  /** CORS_ORIGINS as a list; empty means same origin only, like the HTTP API. */
  corsOrigins: string[];
  /** With it, broadcasts reach the clients of every API instance through Redis pub/sub. */
  redisUrl?: string;
}

/**
 * socket.io on the application's own HTTP server (Fastify's), for every gateway: one path, the
 * HTTP API's CORS rule, short-outage recovery, and with REDIS_URL the Redis adapter that fans
 * broadcasts out across API instances. Its Redis clients are closed when the application closes.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly log = new Logger('RealtimeIoAdapter');
  private redis?: { pub: Redis; sub: Redis };
  private failing = false;
  private readonly drainListeners: (() => void)[] = [];

  constructor(
    app: ConstructorParameters<typeof IoAdapter>[0],
    private readonly options: RealtimeAdapterOptions,
  ) {
    super(app);
  }

  /** Connects to Redis when configured; if Redis is down the API starts anyway, one instance's clients only. */
  async connectToRedis(): Promise<void> {
    if (!this.options.redisUrl || this.redis) return;
    const common = { lazyConnect: true, connectTimeout: 1_000, retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000) };
    // The publisher fails fast while Redis is away: an event published late would show an old
    // call on the screens. The subscriber queues its (re)subscriptions until Redis is back.
    const pub = new Redis(this.options.redisUrl, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    const sub = new Redis(this.options.redisUrl, { ...common, maxRetriesPerRequest: null });
    // The Redis adapter publishes without handling the result: a refused publish must not become
    // an unhandled rejection (which would end the process). Local clients still get the event.
    const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
    pub.publish = ((channel: string, message: string | Buffer) =>
      publish(channel, message).catch((error: Error) => {
        this.failed(error);
        return 0;
      })) as unknown as Redis['publish'];
    for (const client of [pub, sub]) {
      client.on('error', (error: Error) => this.failed(error));
      client.on('ready', () => this.recovered());
    }
    this.redis = { pub, sub };
    await Promise.all([pub.connect(), sub.connect()].map((connecting) => connecting.catch((error: Error) => this.failed(error))));
  }

  /**
   * Builds the server from this project's socket.io rather than the copy pinned inside
   * @nestjs/platform-socket.io, so the server, the gateways' types and the Redis adapter agree.
   */
  override createIOServer(port: number, options?: NestServerOptions): NestServer {
    const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
    const settings: Partial<ServerOptions> = {
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      serveClient: false,
      // Clients only listen; a handshake is a few hundred bytes.
      maxHttpBufferSize: 16 * 1024,
      ...(this.options.corsOrigins.length > 0 ? { cors: { origin: this.options.corsOrigins, credentials: false } } : {}),
      // Middlewares run again on recovery, so a staff token is checked on every reconnection.
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
      ...given,
    };
    const server = this.httpServer && port === 0 ? new Server(this.httpServer, settings) : new Server(port, settings);
    if (this.redis) server.adapter(createAdapter(this.redis.pub, this.redis.sub, { key: SOCKET_IO_REDIS_KEY }));
    // A rolling deploy: this instance's screens and consoles are closed at the transport level
    // (not `disconnectSockets`, which the Redis adapter would send to every instance and which
    // clients do not reconnect after), so they reconnect at once to an instance that stays and get
    // a fresh snapshot there; otherwise their connections would hold the drain open.
    this.drainListeners.push(onDrain(() => server.engine.close()));
    return server as unknown as NestServer;
  }

  override async dispose(): Promise<void> {
    for (const remove of this.drainListeners.splice(0)) remove();
    await super.dispose();
    await this.closeRedis();
  }

  /** Idempotent: called by dispose() and by the HTTP server's onClose hook (an app closed before init). */
  async closeRedis(): Promise<void> {
    const redis = this.redis;
    this.redis = undefined;
    if (!redis) return;
    await Promise.all(
      [redis.pub, redis.sub].map(async (client) => {
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }),
    );
  }

  /** One warning per outage; the message never carries a payload. */
  private failed(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.log.warn(`Redis is unavailable; live events reach only this instance's clients until it is back (${error.message})`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log.log('Redis is reachable again; live events reach every instance');
  }
}
