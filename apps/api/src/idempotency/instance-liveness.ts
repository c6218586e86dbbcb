import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** Pauses between attempts to take the lock again after its connection was lost (ms). */
const RECONNECT_DELAYS_MS = [100, 250, 500, 1_000, 2_000];

/**
 * SQL that is true when the instance whose lock key is `ownerSql` is alive: it holds its
 * session-level advisory lock on this database. PostgreSQL drops the lock the moment the owner's
 * session ends — at once when its process dies (the socket closes), within about 11 s when its
 * host vanishes (the session's TCP keepalives, set below).
 */
export function ownerAliveSql(ownerSql: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND ((l.classid::bigint << 32) | l.objid::bigint) = ${ownerSql})`;
}

/**
 * This API instance's proof of life for the other instances: a random 63-bit key, held as a
 * session-level advisory lock on a connection of its own for as long as the process lives.
 * Idempotency claims record the key (`idempotency_keys.owner`), so a retry on another instance
 * can tell a request still running (409, retry shortly) from one whose instance died (take over
 * at once) — docs/architecture.md, "Idempotency and rate limits across instances".
 *
 * When the connection is lost (PostgreSQL restarted), it is opened again and the lock taken
 * again within a second or two of PostgreSQL being back.
 */
@Injectable()
export class InstanceLiveness implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('InstanceLiveness');
  /** The lock key, as decimal text (a bigint). Never 0. */
  readonly key: string;
  private client: pg.Client | undefined;
  private stopped = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly dataSource: DataSource) {
    this.key = ((randomBytes(8).readBigUInt64BE() >> 1n) | 1n).toString();
  }

  /** Whether this instance holds its lock right now. */
  get alive(): boolean {
    return this.client !== undefined;
  }

  async onModuleInit(): Promise<void> {
    await this.acquire();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    // Ending the session releases the lock: our claims still unanswered become abandoned.
    await client?.end().catch(() => undefined);
  }

  private async acquire(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: (this.dataSource.options as { url?: string }).url,
      application_name: 'turnero-api-liveness',
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // The server notices a vanished host after 5 + 3 × 2 s instead of hours (ignored on Unix sockets).
      await client.query(`SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3`);
      const [{ locked }] = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [this.key])).rows;
      // Only a session of ours that PostgreSQL has not yet seen end can still hold it: try again soon.
      if (!locked) throw new Error('the liveness lock is still held by an earlier session of this instance');
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      if (this.failures > 0) this.logger.log('Liveness lock held again');
      this.failures = 0;
    } catch (error) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      if (this.failures === 0) this.logger.warn(`Could not hold the liveness lock, retrying: ${error instanceof Error ? error.message : String(error)}`);
      this.retryLater();
    }
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`Liveness connection lost${error ? ` (${error.message})` : ''}; taking the lock again`);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
    this.failures++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.acquire(), delay);
    this.timer.unref();
  }
}
