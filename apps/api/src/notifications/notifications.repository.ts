import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ownerAliveSql } from '../idempotency/instance-liveness.js';
import type { NotificationChannel, NotificationKind } from './notification.entity.js';

/** The graphile-worker task that sends a notification; its job key is `notification:<id>`. */
export const SEND_NOTIFICATION = 'send_notification';

/** A notification being sent: the row, with its attempts including this one (the fence of the marks). */
export interface ClaimedNotification {
  id: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  bookingId: string | null;
  ticketId: string | null;
  officeId: string;
  dueAt: Date;
  attempts: number;
  /** The office switched this kind off (offices.notifications_off; the rating has its own switch). */
  switchedOff: boolean;
  /** The office's approved WhatsApp template (Content SID) for this kind, if any. */
  whatsappSid: string | null;
}

export interface QueueRequest {
  kind: NotificationKind;
  channel: NotificationChannel;
  bookingId?: string | null;
  ticketId?: string | null;
  officeId: string;
  dueAt: Date;
  /** The app's now (Clock): the job waits dueAt - now on the database's clock. */
  now: Date;
}

interface ClaimedRow {
  id: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  booking_id: string | null;
  ticket_id: string | null;
  office_id: string;
  due_at: Date;
  attempts: number;
  switched_off: boolean;
  whatsapp_sid: string | null;
}

/** The outbox's SQL. Every statement autocommits: no transaction is open while a message is sent. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Queues a message in `manager`'s transaction (the row and its job commit or roll back with the
   * caller's change). Null when that message was already queued (a rating, once per ticket).
   * SQL callers call `queue_notification(...)` themselves, in their own statement.
   */
  async queue(manager: EntityManager, q: QueueRequest): Promise<string | null> {
    const [{ id }] = (await manager.query(`SELECT queue_notification($1, $2, $3, $4, $5, $6, $7) AS id`, [
      q.kind,
      q.channel,
      q.bookingId ?? null,
      q.ticketId ?? null,
      q.officeId,
      q.dueAt,
      q.now,
    ])) as { id: string | null }[];
    return id;
  }

  /**
   * Counts an attempt and records which instance makes it; null when the row is no longer queued
   * (sent, skipped or given up by an earlier run: nothing more to do). The office's say over the
   * message (its switch for the kind, its WhatsApp template) comes in the same statement: one round
   * trip fewer per message in a burst.
   */
  async claim(id: string, owner: string, now: Date): Promise<ClaimedNotification | null> {
    const [row] = (await this.db.query(
      `WITH claimed AS (
         UPDATE notifications SET attempts = attempts + 1, claimed_by = $2, updated_at = $3
          WHERE id = $1 AND status = 'queued'
          RETURNING id, kind, channel::text AS channel, booking_id, ticket_id, office_id, due_at, attempts)
       SELECT c.*, COALESCE(c.kind = ANY(o.notifications_off), false) AS switched_off, o.whatsapp_templates ->> c.kind AS whatsapp_sid
         FROM claimed c LEFT JOIN offices o ON o.id = c.office_id`,
      [id, owner, now],
    )) as ClaimedRow[];
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      bookingId: row.booking_id,
      ticketId: row.ticket_id,
      officeId: row.office_id,
      dueAt: row.due_at,
      attempts: row.attempts,
      switchedOff: row.switched_off,
      whatsappSid: row.whatsapp_sid,
    };
  }

  /** Gives the attempt back (woken early: not an attempt). */
  async unclaim(n: ClaimedNotification): Promise<void> {
    await this.db.query(`UPDATE notifications SET attempts = attempts - 1, claimed_by = NULL WHERE id = $1 AND attempts = $2 AND status = 'queued'`, [n.id, n.attempts]);
  }

  async markSent(n: ClaimedNotification, at: Date): Promise<void> {
    await this.finish(n, 'sent', at, null);
  }

  async markSkipped(n: ClaimedNotification, at: Date, reason: string): Promise<void> {
    await this.finish(n, 'skipped', at, reason);
  }

  async markFailed(n: ClaimedNotification, at: Date, code: string): Promise<void> {
    await this.finish(n, 'failed', at, code);
  }

  /** A failed attempt that will be tried again: its code kept, the claim released. */
  async recordRetry(n: ClaimedNotification, at: Date, code: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET reason = $3, claimed_by = NULL, updated_at = $4 WHERE id = $1 AND attempts = $2 AND status = 'queued'`, [
      n.id,
      n.attempts,
      code,
      at,
    ]);
  }

  private async finish(n: ClaimedNotification, status: 'sent' | 'skipped' | 'failed', at: Date, reason: string | null): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = $3::notification_status, reason = $4, sent_at = CASE WHEN $3 = 'sent' THEN $5::timestamptz END, updated_at = $5, claimed_by = NULL
        WHERE id = $1 AND attempts = $2 AND status = 'queued'`,
      [n.id, n.attempts, status, reason, at],
    );
  }

  /**
   * The graphile-worker ids (0.17 locks a job with its worker pool's id) holding jobs of messages whose instance died mid-send (its liveness
   * lock is gone) at least `claimedBefore` ago (app clock): their jobs are to be unlocked.
   */
  async deadWorkers(claimedBefore: Date): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT j.locked_by
         FROM graphile_worker.jobs j
         JOIN notifications n ON j.key = 'notification:' || n.id
        WHERE j.task_identifier = '${SEND_NOTIFICATION}' AND j.locked_by IS NOT NULL
          AND n.status = 'queued' AND n.claimed_by IS NOT NULL AND n.updated_at < $1 AND NOT ${ownerAliveSql('n.claimed_by')}`,
      [claimedBefore],
    )) as { locked_by: string }[];
    return rows.map((r) => r.locked_by);
  }

  /** Tests: how many jobs runOnce worker pools hold locked (graphile-worker locks with the pool's id, `otpool-…`). */
  async lockedByRunOnce(): Promise<number> {
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE locked_by LIKE 'otpool-%'`)) as { n: number }[];
    return n;
  }

  async forceUnlockWorkers(workerIds: string[]): Promise<void> {
    await this.db.query(`SELECT graphile_worker.force_unlock_workers($1::text[])`, [workerIds]);
  }

  /**
   * Tests: the jobs of queued messages due by `now` (the app's clock) made runnable at once,
   * whatever their run_at (the delay or a retry's backoff, on the database's clock). Returns how many.
   */
  async makeDueRunnable(now: Date): Promise<number> {
    const [{ n }] = (await this.db.query(
      `SELECT count(*)::int AS n FROM graphile_worker.reschedule_jobs(
         (SELECT array_agg(j.id) FROM graphile_worker.jobs j JOIN notifications n ON j.key = 'notification:' || n.id
           WHERE j.task_identifier = '${SEND_NOTIFICATION}' AND j.locked_at IS NULL AND j.attempts < j.max_attempts AND n.status = 'queued' AND n.due_at <= $1),
         run_at := now())`,
      [now],
    )) as { n: number }[];
    return n;
  }
}
