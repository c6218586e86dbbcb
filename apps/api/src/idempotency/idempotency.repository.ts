import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a stored response answers retries; after that the key counts as new (API.md). */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;
/**
 * A claim that has had no response for this long belongs to a request that died with its
 * instance (crash, kill): the next retry may take it over instead of waiting 24 hours.
 * Far longer than any request runs.
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
}

export type ClaimOutcome =
  | HeldClaim
  /** An earlier request with this key and hash finished: its response, to send again. */
  | { kind: 'replay'; status: number; body: unknown }
  /** An earlier request with this key and hash is still running. */
  | { kind: 'in-progress' }
  /** This key was used with another request (URL or body). */
  | { kind: 'reused' };

interface StoredRow {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

/**
 * The `idempotency_keys` table, in plain SQL. PostgreSQL is the only state the API instances
 * share, so every decision is one atomic statement there: the primary key (scope, key) makes
 * `INSERT … ON CONFLICT DO NOTHING` a claim that exactly one request wins.
 */
@Injectable()
export class IdempotencyRepository implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** Claims (scope, key) for a request with this hash, or says what an earlier request left there. */
  async claim(scope: string, key: string, requestHash: string): Promise<ClaimOutcome> {
    // A claim released (5xx) between our insert and our read: try again, a few times.
    for (let attempt = 0; attempt < 3; attempt++) {
      // Lazily forget an expired key, or take over an abandoned claim.
      await this.dataSource.query(
        `DELETE FROM idempotency_keys
          WHERE scope = $1 AND key = $2
            AND (created_at < now() - $3::double precision * interval '1 second'
                 OR (response_status IS NULL AND created_at < now() - $4::double precision * interval '1 second'))`,
        [scope, key, IDEMPOTENCY_KEY_TTL_SECONDS, ABANDONED_CLAIM_SECONDS],
      );
      const inserted: { token: string }[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING created_at::text AS token`,
        [scope, key, requestHash],
      );
      if (inserted.length > 0) return { kind: 'claimed', scope, key, token: inserted[0].token };

      const [row]: StoredRow[] = await this.dataSource.query(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      if (!row) continue;
      if (row.request_hash !== requestHash) return { kind: 'reused' };
      if (row.response_status === null) return { kind: 'in-progress' };
      return { kind: 'replay', status: row.response_status, body: row.response_body ?? null };
    }
    return { kind: 'in-progress' };
  }

  /** Stores the response of the request that holds the claim; `bodyJson` is the JSON text sent (null: no body). */
  async complete(claim: HeldClaim, status: number, bodyJson: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response_status = $4, response_body = $5::jsonb
        WHERE scope = $1 AND key = $2 AND created_at = $3::timestamptz AND response_status IS NULL`,
      [claim.scope, claim.key, claim.token, status, bodyJson],
    );
  }

  /** Gives the key back (the request failed on our side), so a retry runs the request again. */
  async release(claim: HeldClaim): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
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
