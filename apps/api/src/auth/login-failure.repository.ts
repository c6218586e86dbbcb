import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DateTime } from 'luxon';
import { DataSource } from 'typeorm';

const WINDOW_MINUTES = 15;
const LOCK_MINUTES = 15;

/** Counts failed logins per username in PostgreSQL, atomically, so every API instance sees them. */
@Injectable()
export class LoginFailureRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async secondsLocked(username: string, now: DateTime): Promise<number> {
    const rows: { locked_until: Date | null }[] = await this.db.query(
      'SELECT locked_until FROM login_failures WHERE username = $1',
      [username],
    );
    const until = rows[0]?.locked_until;
    return until ? Math.max(0, (until.getTime() - now.toMillis()) / 1000) : 0;
  }

  /** Adds a failure and returns how many seconds the username is now locked (0 when not). */
  async record(username: string, now: DateTime, maxFailures: number): Promise<number> {
    const rows: { locked_until: Date | null }[] = await this.db.query(
      `INSERT INTO login_failures (username, failures, window_started_at, locked_until)
       VALUES ($1, 1, $2, CASE WHEN 1 >= $3 THEN $2::timestamptz + make_interval(mins => $5) END)
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN login_failures.window_started_at < $2::timestamptz - make_interval(mins => $4)
                         THEN 1 ELSE login_failures.failures + 1 END,
         window_started_at = CASE WHEN login_failures.window_started_at < $2::timestamptz - make_interval(mins => $4)
                         THEN $2::timestamptz ELSE login_failures.window_started_at END,
         locked_until = CASE WHEN login_failures.window_started_at >= $2::timestamptz - make_interval(mins => $4)
                              AND login_failures.failures + 1 >= $3
                         THEN $2::timestamptz + make_interval(mins => $5) ELSE login_failures.locked_until END
       RETURNING locked_until`,
      [username, now.toISO(), maxFailures, WINDOW_MINUTES, LOCK_MINUTES],
    );
    const until = rows[0]?.locked_until;
    return until ? Math.max(0, (until.getTime() - now.toMillis()) / 1000) : 0;
  }

  async clear(username: string): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE username = $1', [username]);
  }
}
