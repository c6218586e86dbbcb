import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';
import { InstanceLiveness, ownerAliveSql } from './instance-liveness.js';

/** How long a stored response answers retries; after that the key counts as new (API.md). */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;
/**
 * A claim without a response this old is abandoned even if its owner looks alive (or is not
 * recorded): the request surely ended without recording its outcome. A claim whose owner died is
 * abandoned at once (InstanceLiveness); this is the backstop. Far longer than any request runs.
 */
export const ABANDONED_CLAIM_SECONDS = 5 * 60;
/** Expired rows are also deleted in bulk this often, by each instance (a cheap indexed delete). */
const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/** A claim we hold: `token` (its created_at, as PostgreSQL prints it) fences our later update or delete. */
export interface HeldClaim {
  kind: 'claimed';
  scope: string;
  key: string;
  token: string;
  /**
   * An earlier request with this key ran and left no response (its instance died, or it failed on
   * our side), or its response expired: what it did may have committed, and the handler should
   * look for it (a booking finds the one its key made) before doing it again.
   */
  resumed: boolean;
}

export type ClaimOutcome =
  | HeldClaim
  /** An earlier request with this key and hash finished: its response, to send again. */
  | { kind: 'replay'; status: number; body: unknown }
  /** An earlier request with this key and hash is still running on a live instance. */
  | { kind: 'in-progress' }
  /** This key was used with another request (URL or body). */
  | { kind: 'reused' };

interface StoredRow {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  token: string;
  expired: boolean;
  abandoned: boolean;
}

/**
 * The `idempotency_keys` table, in plain SQL. PostgreSQL is the only state the API instances
 * share, so every decision is one atomic statement there: the primary key (scope, key) makes
 * `INSERT … ON CONFLICT DO NOTHING` a claim that exactly one request wins, and taking over an
 * expired or abandoned row is an update fenced by the row's created_at, which exactly one wins.
 */
@Injectable()
export class IdempotencyRepository implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly liveness: InstanceLiveness,
  ) {}

  /**
   * Claims (scope, key) for a request with this hash, or says what an earlier request left there.
   * A new key costs one statement; a key already there, one more to read it (and one to take it
   * over when it expired or was abandoned).
   */
  async claim(scope: string, key: string, requestHash: string): Promise<ClaimOutcome> {
    // A row released or taken over between our statements: look again, a few times.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await preparedQuery<{ token: string }>(
        this.dataSource.manager,
        `INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ($1, $2, $3, $4::bigint)
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING created_at::text AS token`,
        [scope, key, requestHash, this.liveness.key],
      );
      if (inserted.length > 0) return { kind: 'claimed', scope, key, token: inserted[0].token, resumed: false };

      const [row]: StoredRow[] = await this.dataSource.query(
        `SELECT request_hash, response_status, response_body, created_at::text AS token,
                created_at < now() - $3::double precision * interval '1 second' AS expired,
                response_status IS NULL AND (
                  interrupted
                  OR created_at < now() - $4::double precision * interval '1 second'
                  OR (owner IS NOT NULL AND NOT ${ownerAliveSql('k.owner')})) AS abandoned
           FROM idempotency_keys k WHERE scope = $1 AND key = $2`,
        [scope, key, IDEMPOTENCY_KEY_TTL_SECONDS, ABANDONED_CLAIM_SECONDS],
      );
      if (!row) continue;
      if (row.expired || row.abandoned) {
        const taken = await this.takeOver(scope, key, requestHash, row.token);
        if (taken) return taken;
        continue;
      }
      if (row.request_hash !== requestHash) return { kind: 'reused' };
      if (row.response_status === null) return { kind: 'in-progress' };
      return { kind: 'replay', status: row.response_status, body: row.response_body ?? null };
    }
    return { kind: 'in-progress' };
  }

  /** The row as it was read (`token`) becomes our claim, unless someone changed it since. */
  private async takeOver(scope: string, key: string, requestHash: string, token: string): Promise<HeldClaim | undefined> {
    // Prepared statements through pg: rows back from UPDATE … RETURNING (TypeORM's query() wraps them).
    const [taken] = await preparedQuery<{ token: string }>(
      this.dataSource.manager,
      `UPDATE idempotency_keys
          SET request_hash = $4, owner = $5::bigint, interrupted = false, response_status = NULL, response_body = NULL,
              created_at = clock_timestamp()
        WHERE scope = $1 AND key = $2 AND created_at = $3::timestamptz
        RETURNING created_at::text AS token`,
      [scope, key, token, requestHash, this.liveness.key],
    );
    return taken ? { kind: 'claimed', scope, key, token: taken.token, resumed: true } : undefined;
  }

  /** Stores the response of the request that holds the claim; `bodyJson` is the JSON text sent (null: no body). */
  async complete(claim: HeldClaim, status: number, bodyJson: string | null): Promise<void> {
    await preparedQuery(
      this.dataSource.manager,
      `UPDATE idempotency_keys SET response_status = $4, response_body = $5::jsonb
        WHERE scope = $1 AND key = $2 AND created_at = $3::timestamptz AND response_status IS NULL`,
      [claim.scope, claim.key, claim.token, status, bodyJson],
    );
  }

  /**
   * Gives the key back (the request failed on our side), so a retry runs the request again; the
   * row stays, marked, so the retry knows an attempt ran before it (HeldClaim.resumed).
   */
  async release(claim: HeldClaim): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET interrupted = true
        WHERE scope = $1 AND key = $2 AND created_at = $3::timestamptz AND response_status IS NULL`,
      [claim.scope, claim.key, claim.token],
    );
  }

  /** Deletes every expired key (uses ix_idempotency_keys_created). */
  async deleteExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - $1::double precision * interval '1 second'`, [
      IDEMPOTENCY_KEY_TTL_SECONDS,
    ]);
  }

  onApplicationBootstrap(): void {
    this.cleanupTimer = setInterval(() => {
      this.deleteExpired().catch((error: unknown) => this.logger.warn(`Could not delete expired idempotency keys: ${String(error)}`));
    }, CLEANUP_INTERVAL_MS);
    this.cleanupTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.cleanupTimer);
  }
}
