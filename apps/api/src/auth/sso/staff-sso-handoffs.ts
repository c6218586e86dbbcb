import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';

/** How long the login page has to collect the token after the provider's callback. */
export const HANDOFF_SECONDS = 60;

/** 32 random bytes, base64url: what the hand-off cookie carries. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * The one-time hand-off between the provider's callback (which knows who signed in) and the login
 * page (which needs the token in JavaScript, never in a URL). PostgreSQL keeps the secret's
 * SHA-256 only; a hand-off is taken by one `DELETE … RETURNING`, so of two instances asked with
 * the same cookie at once, one gets the account and the other nothing.
 */
@Injectable()
export class StaffSsoHandoffs {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A new hand-off for the account; returns the secret for the cookie. Expired ones are removed on the way (staff logins are rare). */
  async open(staffUserId: string): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.query(
      `WITH expired AS (DELETE FROM staff_sso_handoffs WHERE expires_at <= $3)
       INSERT INTO staff_sso_handoffs (secret_hash, staff_user_id, expires_at) VALUES ($1, $2, $4)`,
      [hashOf(secret), staffUserId, now.toJSDate(), now.plus({ seconds: HANDOFF_SECONDS }).toJSDate()],
    );
    return secret;
  }

  /** The account the hand-off was opened for, once; null for an unknown, used or expired secret. */
  async take(secret: string | undefined): Promise<string | null> {
    if (!secret || !SECRET.test(secret)) return null;
    // TypeORM answers a DELETE … RETURNING with [rows, count].
    const [rows] = (await this.db.query(`DELETE FROM staff_sso_handoffs WHERE secret_hash = $1 RETURNING staff_user_id, expires_at`, [hashOf(secret)])) as [
      { staff_user_id: string; expires_at: Date }[],
      number,
    ];
    const row = rows[0];
    return row && row.expires_at.getTime() > this.clock.nowMs() ? row.staff_user_id : null;
  }
}
