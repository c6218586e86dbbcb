import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { openingOn } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { OfficeCalendars } from '../closures/office-calendars.js';
import { Clock } from '../common/clock/clock.js';
import type { Config } from '../config/environment.js';
import { Office } from '../offices/office.entity.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';
import { logJobFailure } from '../database/database-errors.js';

/** Any constant shared by every instance; the job runs where it gets this lock. */
const CLOSING_LOCK_KEY = 7_420_001;
export const CLOSED_AT_END_OF_DAY = 'closed at end of day';

export interface ClosingRun {
  /** false when another instance held the lock: this run did nothing. */
  ran: boolean;
  closedTickets: number;
  /** Counter sessions left open after the office's hours, now closed. */
  closedSessions: number;
}

/**
 * Closing time: every five minutes, for each office whose hours ended more than
 * closeQueueAfterMinutes ago today (or any earlier day), tickets still waiting become
 * 'cancelled' and tickets still called become 'no_show', each with closedReason and a
 * ticket_events row; counters still open are closed, their logged session ending at that day's
 * closing time (or at the counter's last ticket action that day, if it worked later), so that
 * nobody's forgotten counter counts as staffed through the night. pg_try_advisory_lock lets one
 * instance run it at a time; the updates only touch rows still waiting, called or open, so a late
 * second run finds nothing to close.
 */
@Injectable()
export class QueueClosingJob {
  private readonly logger = new Logger('QueueClosingJob');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: OfficeCalendars,
    private readonly clock: Clock,
    private readonly notifier: QueueNotifier,
    private readonly config: ConfigService<Config, true>,
  ) {}

  @Cron('*/5 * * * *', { name: 'close-queues' })
  async onSchedule(): Promise<void> {
    // Tests call closeExpiredQueues() themselves, at the instant they choose.
    if (this.config.get('NODE_ENV', { infer: true }) === 'test') return;
    try {
      const run = await this.closeExpiredQueues();
      if (run.closedTickets > 0) this.logger.log(`Closed ${run.closedTickets} ticket(s) left at closing time`);
      if (run.closedSessions > 0) this.logger.log(`Closed ${run.closedSessions} counter(s) left open after closing time`);
    } catch (error) {
      // A database outage is one warning per outage (the job runs again later), anything else an error.
      logJobFailure(this.logger, 'Closing the queues', error);
    }
  }

  async closeExpiredQueues(): Promise<ClosingRun> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [CLOSING_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return { ran: false, closedTickets: 0, closedSessions: 0 };
      try {
        const run: ClosingRun = { ran: true, closedTickets: 0, closedSessions: 0 };
        const offices = await runner.manager.find(Office);
        for (const office of offices) {
          const closed = await this.closeOffice(runner.manager, office);
          run.closedTickets += closed.tickets;
          run.closedSessions += closed.sessions;
        }
        return run;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [CLOSING_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** One office, in its own transaction; returns how many tickets and counter sessions it closed. */
  private async closeOffice(manager: EntityManager, office: Office): Promise<{ tickets: number; sessions: number }> {
    const now = this.clock.now();
    const today = now.setZone(office.timeZone).toISODate()!;
    const sessionDays = await this.openSessionDays(manager, office);
    const { calendar } = await this.calendars.forOffice(office.id, { from: [today, ...sessionDays].sort()[0], to: today }, manager);
    const closingTime = (date: string) => {
      const opening = openingOn(calendar, date);
      return opening.open ? opening.intervals[opening.intervals.length - 1].end : DateTime.fromISO(date, { zone: office.timeZone }).startOf('day');
    };
    const todayIsOver = closingTime(today).plus({ minutes: office.closeQueueAfterMinutes }) <= now;
    const dueDays = sessionDays.filter((date) => date < today || (todayIsOver && date === today));
    const { closed, sessions } = await manager.transaction(async (tx) => {
      const closed = (await tx.query(
        `WITH closed AS (
           UPDATE tickets SET status = (CASE WHEN status = 'waiting' THEN 'cancelled' ELSE 'no_show' END)::ticket_status,
                  closed_reason = $4, completed_at = $3, updated_at = now()
            WHERE office_id = $1 AND status IN ('waiting', 'called') AND (local_date < $2 OR ($5 AND local_date = $2))
           RETURNING id, status, counter_id, tracking_code
         ), events AS (
           INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, details)
           SELECT id, $1, 'closed', $3, counter_id, jsonb_build_object('reason', $4::text, 'status', status) FROM closed
         )
         SELECT tracking_code FROM closed`,
        [office.id, today, now.toJSDate(), CLOSED_AT_END_OF_DAY, todayIsOver],
      )) as { tracking_code: string }[];
      const sessions = dueDays.length === 0 ? 0 : await this.closeSessions(tx, office, dueDays.map((date) => ({ date, closesAt: closingTime(date).toJSDate() })), now.toJSDate());
      return { closed, sessions };
    });
    if (closed.length > 0 || sessions > 0) this.notifier.changed(office.id, closed.map((r) => r.tracking_code));
    return { tickets: closed.length, sessions };
  }

  /** The office-local days on which the office's still-open counter sessions started. */
  private async openSessionDays(manager: EntityManager, office: Office): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT to_char(opened_at AT TIME ZONE $2::text, 'YYYY-MM-DD') AS day FROM counter_session_log WHERE office_id = $1 AND closed_at IS NULL`,
      [office.id, office.timeZone],
    )) as { day: string }[];
    return rows.map((r) => r.day);
  }

  /**
   * Closes the counters whose open session started on one of `days` (each with its closing
   * time), in the log and in their state, in one statement. The counters' session rows are locked
   * first, as opening and closing a counter do, so a counter opened or taken over meanwhile is
   * either closed whole or left to the next run; the log's update skips a session closed since.
   */
  private async closeSessions(tx: EntityManager, office: Office, days: { date: string; closesAt: Date }[], now: Date): Promise<number> {
    const closed = (await tx.query(
      `WITH due AS (
         SELECT l.id, d.closes_at, (d.day + 1)::timestamp AT TIME ZONE $4::text AS day_end
           FROM counter_session_log l
           JOIN unnest($2::date[], $3::timestamptz[]) AS d(day, closes_at) ON d.day = (l.opened_at AT TIME ZONE $4::text)::date
           JOIN counter_sessions s ON s.counter_id = l.counter_id
          WHERE l.office_id = $1 AND l.closed_at IS NULL
          FOR UPDATE OF s
       ), logged AS (
         UPDATE counter_session_log l
            SET closed_at = greatest(l.opened_at, due.closes_at, (
                  SELECT max(e.at) FROM ticket_events e
                   WHERE e.office_id = l.office_id AND e.counter_id = l.counter_id AND e.type <> 'closed'
                     AND e.at >= l.opened_at AND e.at < least(due.day_end, $5::timestamptz)))
           FROM due WHERE l.id = due.id AND l.closed_at IS NULL
         RETURNING l.counter_id, l.closed_at
       ), state AS (
         UPDATE counter_sessions s SET open = false, closed_at = logged.closed_at FROM logged WHERE s.counter_id = logged.counter_id AND s.open
       )
       SELECT counter_id FROM logged`,
      [office.id, days.map((d) => d.date), days.map((d) => d.closesAt), office.timeZone, now],
    )) as { counter_id: string }[];
    return closed.length;
  }
}
