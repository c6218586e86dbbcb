import { Controller, Get, ServiceUnavailableException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { ThrottlerStorageHolder } from '../common/throttling/throttling.module.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseOutage, isDatabaseUnavailable } from '../database/database-errors.js';
import { drainState } from './drain.js';

/** How long the database may take to answer `SELECT 1` before it counts as down. */
const DATABASE_PING_TIMEOUT_MS = 1_500;

/**
 * Liveness and dependencies, for load balancers and people: 200 `{ status: "ok" | "degraded", info }`,
 * or 503 when the instance cannot serve. PostgreSQL down is 503 DATABASE_UNAVAILABLE (details name
 * it: `details.error.database`); Redis down is "degraded", still 200: the instance serves, with rate
 * limits counted per instance and live events reaching only its own clients until Redis is back.
 * While shutting down (SIGTERM) it answers 503, so a balancer stops sending before the port closes.
 */
@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly throttlerStorage: ThrottlerStorageHolder,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and dependencies (database, redis), for load balancers: 503 when the database is down' })
  async check() {
    if (drainState.draining) {
      throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, 'This instance is shutting down', { status: 'shutting_down' }, { 'Retry-After': '1' });
    }
    try {
      return await this.health.check([() => this.database(), () => this.redis()]);
    } catch (error) {
      const result = error instanceof ServiceUnavailableException ? error.getResponse() : undefined;
      const databaseDown = (result as { error?: { database?: unknown } } | undefined)?.error?.database !== undefined;
      if (!databaseDown) throw error;
      throw new ApiException(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable', result, { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) });
    }
  }

  private async database() {
    const indicator = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), DATABASE_PING_TIMEOUT_MS);
        }),
      ]);
      return indicator.up();
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        databaseOutage.failed(error, 'the health check');
        return indicator.down({ message: 'unreachable' });
      }
      return indicator.down({ message: error instanceof Error && error.message === 'timeout' ? `no answer within ${DATABASE_PING_TIMEOUT_MS} ms` : 'failing' });
    } finally {
      clearTimeout(timer);
    }
  }

  private redis() {
    const indicator = this.indicators.check('redis');
    const storage = this.throttlerStorage.storage;
    if (!storage) return indicator.up({ message: 'not configured (single instance)' });
    if (storage.status === 'ready') return indicator.up();
    return indicator.degraded({ message: 'unreachable: rate limits per instance, live events to this instance only' });
  }
}
