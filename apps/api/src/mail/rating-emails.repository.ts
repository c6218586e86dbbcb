import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ownerAliveSql } from '../idempotency/instance-liveness.js';

export type SkipReason = 'no_address' | 'answered' | 'expired' | 'office_off' | 'not_completed';

/**
 * A claim: the row and its attempts including this one. The count fences the marks: a claim taken
 * over by another instance after its lease ended is not overwritten by the first one.
 */
export interface Claim {
  id: string;
  attempts: number;
}

/** A claimed email with what deciding and writing it needs, read when it is sent. */
export interface ClaimedRatingEmail extends Claim {
  /** Null when the ticket is gone. */
  ticketStatus: string | null;
  trackingCode: string | null;
  number: string | null;
  completedAt: Date | null;
  /** The booking's address now: null once erased by the retention job (or never given). */
  email: string | null;
  answered: boolean;
  officeName: string | null;
  officeAddress: string | null;
  timeZone: string | null;
  /** The office's switch now: turning it off stops what is still queued. */
  officeSends: boolean;
  serviceName: string | null;
}

/** The rating emails' outbox SQL. Every statement autocommits: no transaction is open while a message is sent. */
@Injectable()
export class RatingEmailsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Claims the oldest due email that no other instance is claiming (SKIP LOCKED): counts the
   * attempt, moves it out of reach until `leaseUntil` and records `owner` (this instance's liveness
   * lock key), in the same statement, so once this commits no live instance claims it again before
   * the lease ends (the sender marks it sooner). A claim whose owner died (its lock is gone from
   * pg_locks) and that was taken before `orphanedBefore`'s lease start is due at once: its sender
   * was killed between claim and mark. Returns it with the ticket, booking, office and service as they are now.
   */
  async claimNext(now: Date, leaseUntil: Date, owner: string, orphanedLeaseBefore: Date): Promise<ClaimedRatingEmail | null> {
    const [row] = (await this.db.query(
      `WITH next AS (
         SELECT id FROM rating_emails
          WHERE status = 'pending'
            AND (next_attempt_at <= $1
                 OR (claimed_by IS NOT NULL AND next_attempt_at <= $4 AND NOT ${ownerAliveSql('claimed_by')}))
          ORDER BY next_attempt_at, id LIMIT 1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE rating_emails r SET attempts = r.attempts + 1, next_attempt_at = $2, claimed_by = $3
           FROM next WHERE r.id = next.id
         RETURNING r.id, r.ticket_id, r.attempts
       )
       SELECT c.id, c.attempts, t.status::text AS ticket_status, t.tracking_code, t.number, t.completed_at,
              b.email, EXISTS (SELECT 1 FROM survey_answers a WHERE a.ticket_id = c.ticket_id) AS answered,
              o.name AS office_name, o.address AS office_address, o.time_zone, COALESCE(o.rating_email, false) AS office_sends,
              s.name AS service_name
         FROM claimed c
         LEFT JOIN tickets t ON t.id = c.ticket_id
         LEFT JOIN bookings b ON b.id = t.booking_id
         LEFT JOIN offices o ON o.id = t.office_id
         LEFT JOIN services s ON s.id = t.service_id`,
      [now, leaseUntil, owner, orphanedLeaseBefore],
    )) as {
      id: string;
      attempts: number;
      ticket_status: string | null;
      tracking_code: string | null;
      number: string | null;
      completed_at: Date | null;
      email: string | null;
      answered: boolean;
      office_name: string | null;
      office_address: string | null;
      time_zone: string | null;
      office_sends: boolean;
      service_name: string | null;
    }[];
    if (!row) return null;
    return {
      id: row.id,
      attempts: row.attempts,
      ticketStatus: row.ticket_status,
      trackingCode: row.tracking_code,
      number: row.number,
      completedAt: row.completed_at,
      email: row.email,
      answered: row.answered,
      officeName: row.office_name,
      officeAddress: row.office_address,
      timeZone: row.time_zone,
      officeSends: row.office_sends,
      serviceName: row.service_name,
    };
  }

  async markSent(claim: Claim, at: Date): Promise<void> {
    await this.finish(claim, 'sent', at, null);
  }

  async markSkipped(claim: Claim, at: Date, reason: SkipReason): Promise<void> {
    await this.finish(claim, 'skipped', at, reason);
  }

  async markFailed(claim: Claim, at: Date, code: string): Promise<void> {
    await this.finish(claim, 'failed', at, code);
  }

  /** Another attempt at `retryAt`, remembering the failure's code. */
  async retryLater(claim: Claim, retryAt: Date, code: string): Promise<void> {
    await this.db.query(`UPDATE rating_emails SET next_attempt_at = $3, outcome = $4, claimed_by = NULL WHERE id = $1 AND attempts = $2 AND status = 'pending'`, [
      claim.id,
      claim.attempts,
      retryAt,
      code,
    ]);
  }

  private async finish(claim: Claim, status: 'sent' | 'skipped' | 'failed', at: Date, outcome: string | null): Promise<void> {
    await this.db.query(
      `UPDATE rating_emails SET status = $3::rating_email_status, finished_at = $4, outcome = $5, claimed_by = NULL WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [claim.id, claim.attempts, status, at, outcome],
    );
  }
}
