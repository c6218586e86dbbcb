import { Logger } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * SQLSTATEs that mean "PostgreSQL cannot be reached or is going away", not "this request is wrong":
 * class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up or shutting down), 53300 too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Socket errors on the way to PostgreSQL. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** What node-postgres and pg-pool say when a connection is lost, refused or not had in time. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated', // also "… unexpectedly" and "… due to connection timeout"
  'timeout exceeded when trying to connect', // pg-pool: no client within connectionTimeoutMillis
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection ended unexpectedly',
];

/** How long a client should wait before retrying, in seconds (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

function isUnavailableCause(error: unknown, depth: number): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true;
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((known) => message.startsWith(known))) return true;
  // TypeORM releases a query runner whose connection failed (PostgresQueryRunner listens to the
  // client's 'error'), so the next query of that transaction meets a released runner.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  // TypeORM keeps the driver's error; Node keeps a cause; a dual-stack connect fails with an AggregateError.
  if (error instanceof QueryFailedError && isUnavailableCause(error.driverError, depth + 1)) return true;
  if ('cause' in error && isUnavailableCause((error as { cause?: unknown }).cause, depth + 1)) return true;
  if (error instanceof AggregateError) return error.errors.some((inner) => isUnavailableCause(inner, depth + 1));
  return false;
}

/**
 * Whether `error` says the database cannot be reached right now (down, restarting, refusing
 * connections, or no connection had within the pool's timeout): the request was not wrong, and the
 * same request later may well succeed. The one place that decides it, for HTTP answers (503
 * DATABASE_UNAVAILABLE) and for background jobs (a warning, not an error with a stack).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isUnavailableCause(error, 0);
}

/**
 * The process's view of the database's reachability, for logs: one warning when an outage is first
 * seen and one line when a connection succeeds again, not one per failed request.
 */
class DatabaseOutage {
  private readonly logger = new Logger('Database');
  private since: number | null = null;

  /** True while the last thing seen was a failure to reach the database. */
  get down(): boolean {
    return this.since !== null;
  }

  /** A failure that `isDatabaseUnavailable` recognised; `where` names what failed (never data). */
  failed(error: unknown, where: string): void {
    if (this.since !== null) return;
    this.since = Date.now();
    const reason = (error as { code?: string; message?: string }).code ?? (error as { message?: string }).message ?? String(error);
    this.logger.warn(`PostgreSQL is unreachable (${reason}, first seen in ${where}); answering 503 DATABASE_UNAVAILABLE until it is back`);
  }

  /** A new connection to PostgreSQL succeeded. */
  reachable(): void {
    if (this.since === null) return;
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    this.since = null;
    this.logger.log(`PostgreSQL is reachable again (unreachable for ${seconds} s as seen from here)`);
  }
}

export const databaseOutage = new DatabaseOutage();

/**
 * When `error` says the database is unreachable, notes the outage (one warning per outage) and
 * returns true; the caller logs anything else as it did. `where` names what failed, never data.
 */
export function notedDatabaseOutage(error: unknown, where: string): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  databaseOutage.failed(error, where);
  return true;
}

/**
 * For background jobs: logs a failure as one warning per outage when the database is unreachable,
 * and as an error with its stack otherwise.
 */
export function logJobFailure(logger: Logger, what: string, error: unknown): void {
  if (isDatabaseUnavailable(error)) {
    databaseOutage.failed(error, what);
    return;
  }
  logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/**
 * An idle pool client losing its connection (PostgreSQL restarted) is a pool 'error' event that,
 * unhandled, would end the process, and that TypeORM by default logs once per client: here it
 * notes the outage once instead (TypeORM's poolErrorHandler).
 */
export function onPoolError(error: unknown): void {
  if (isDatabaseUnavailable(error)) databaseOutage.failed(error, 'an idle connection');
  else new Logger('Database').warn(`An idle database connection failed (${error instanceof Error ? error.message : String(error)})`);
}
