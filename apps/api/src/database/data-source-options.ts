import type { DataSourceOptions } from 'typeorm';
import { databaseOutage, onPoolError } from './database-errors.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * How long a request waits for a pool connection (a free one, or a new one to PostgreSQL) before
 * it is answered 503 DATABASE_UNAVAILABLE: long enough for a rush's queue, short enough that
 * nothing hangs when PostgreSQL is unreachable.
 */
export const DATABASE_CONNECT_TIMEOUT_MS = 5_000;

/** TypeORM settings for one PostgreSQL URL. The schema comes from migrations only. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    connectTimeoutMS: DATABASE_CONNECT_TIMEOUT_MS,
    // An idle client's lost connection is noted once per outage; it never ends the process.
    poolErrorHandler: onPoolError,
    extra: {
      max: poolSize,
      application_name: 'turnero-api',
      // A connection whose peer vanished (no FIN: host down, network cut) is noticed, not waited on forever.
      keepAlive: true,
      // pg-pool calls it for every new connection: the first one after an outage ends it.
      onConnect: () => databaseOutage.reachable(),
    },
  };
}
