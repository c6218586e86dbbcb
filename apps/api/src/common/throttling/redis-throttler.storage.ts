import { Logger } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { Redis } from 'ioredis';

export const THROTTLE_KEY_PREFIX = 'turnero:throttle:';

/** What `ThrottlerStorage.increment` returns (ThrottlerStorageRecord of @nestjs/throttler). */
export interface ThrottleRecord {
  totalHits: number;
  /** Seconds until the current window ends. */
  timeToExpire: number;
  isBlocked: boolean;
  /** Seconds until the client may try again (0 when not blocked). */
  timeToBlockExpire: number;
}

/**
 * One hit, atomically. KEYS: the window's counter, the block marker. ARGV: ttl ms, limit, block ms.
 * Returns { hits, ms until the window ends, blocked (0/1), ms until the block ends }.
 * Like the module's in-memory storage: hits made while blocked are not counted, and a block starts
 * a fresh window when it ends.
 */
const HIT_SCRIPT = `
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])

local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return { tonumber(redis.call('GET', KEYS[2])), blockedFor, 1, blockedFor }
end

local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ttl) end
local expiresIn = redis.call('PTTL', KEYS[1])
if expiresIn < 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  expiresIn = ttl
end

if hits <= limit then return { hits, expiresIn, 0, 0 } end
if blockDuration > 0 then
  redis.call('SET', KEYS[2], hits, 'PX', blockDuration)
  redis.call('DEL', KEYS[1])
  return { hits, blockDuration, 1, blockDuration }
end
return { hits, expiresIn, 1, expiresIn }
`;

type HitReply = [hits: number, expiresInMs: number, blocked: 0 | 1, blockedForMs: number];
type RedisWithHit = Redis & {
  throttleHit(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number): Promise<HitReply>;
};

/** A client that fails fast instead of queueing while Redis is away, so requests never wait on it. */
export function createThrottlerRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 500,
    // Keep reconnecting in the background, at most every 5 s.
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
}

const toSeconds = (ms: number) => Math.max(Math.ceil(ms / 1000), 1);

/**
 * @nestjs/throttler's counters in Redis, so every API instance shares them. When Redis fails, the
 * request is counted in this instance's memory instead (the module's own storage): rate limiting
 * never takes the API down or waits on Redis, and while Redis is away each instance applies the
 * limit on its own (a client spread over N instances gets up to N times the limit). Once Redis
 * answers again the shared counters are used again; what was counted in memory meanwhile is not
 * carried over.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RedisThrottlerStorage');
  private readonly redis: RedisWithHit;
  /** Per-instance counters for while Redis is unavailable. */
  private readonly fallback = new ThrottlerStorageService();
  private failing = false;

  constructor(
    redis: Redis,
    private readonly keyPrefix = THROTTLE_KEY_PREFIX,
  ) {
    redis.defineCommand('throttleHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
    redis.on('error', (error: Error) => this.failed(error));
    redis.on('ready', () => this.recovered());
  }

  /** Connects, waiting at most the connect timeout; if Redis is down the API starts anyway. */
  async connect(): Promise<void> {
    await this.redis.connect().catch((error: Error) => this.failed(error));
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottleRecord> {
    // A hash tag ({…}) keeps both keys in one Redis Cluster slot, as a script needs.
    const base = `${this.keyPrefix}${throttlerName}:{${key}}`;
    try {
      const [hits, expiresIn, blocked, blockedFor] = await this.redis.throttleHit(
        `${base}:hits`,
        `${base}:blocked`,
        Math.max(Math.ceil(ttl), 1),
        limit,
        Math.max(Math.ceil(blockDuration), 0),
      );
      this.recovered();
      return {
        totalHits: hits,
        timeToExpire: toSeconds(expiresIn),
        isBlocked: blocked === 1,
        timeToBlockExpire: blocked === 1 ? toSeconds(blockedFor) : 0,
      };
    } catch (error) {
      this.failed(error as Error);
      const record = await this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
      // The module's storage reports a meaningless block time when not blocked.
      return { ...record, timeToBlockExpire: record.isBlocked ? record.timeToBlockExpire : 0 };
    }
  }

  /** The connection's state, as ioredis names it ('ready', 'reconnecting', 'end'…). */
  get status(): string {
    return this.redis.status;
  }

  async close(): Promise<void> {
    this.fallback.onApplicationShutdown();
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }

  /** One warning per outage, not one per request. Never the key: it derives from the client's address. */
  private failed(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`Redis is unavailable; rate limits are counted per instance until it is back (${error.message})`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log('Redis is reachable again; rate limits are shared across instances');
  }
}
