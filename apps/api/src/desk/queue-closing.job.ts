import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { openingOn } from '@turnero/scheduling';
import { DataSource, type EntityManager } from 'typeorm';
import { OfficeCalendars } from '../closures/office-calendars.js';
import { Clock } from '../common/clock/clock.js';
import type { Config } from '../config/environment.js';
import { Office } from '../offices/office.entity.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';

/** Any constant shared by every instance; the job runs where it gets this lock. */
const CLOSING_LOCK_KEY = 7_420_001;
export const CLOSED_AT_END_OF_DAY = 'closed at end of day';

export interface ClosingRun {
  /** false when another instance held the lock: this run did nothing. */
  ran: boolean;
  closedTickets: number;
}

/**
 * Closing time: every five minutes, for each office whose hours ended more than
 * closeQueueAfterMinutes ago today (or any earlier day), tickets still waiting become
 * 'cancelled' and tickets still called become 'no_show', each with closedReason and a
 * ticket_events row. pg_try_advisory_lock lets one instance run it at a time; the updates only
 * touch rows still waiting or called, so a late second run finds nothing to close.
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
    } catch (error) {
      this.logger.error(`Closing the queues failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  async closeExpiredQueues(): Promise<ClosingRun> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [CLOSING_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return { ran: false, closedTickets: 0 };
      try {
        let closedTickets = 0;
        const offices = await runner.manager.find(Office);
        for (const office of offices) closedTickets += await this.closeOffice(runner.manager, office);
        return { ran: true, closedTickets };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [CLOSING_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** One office, in its own transaction; returns how many tickets it closed. */
  private async closeOffice(manager: EntityManager, office: Office): Promise<number> {
    const now = this.clock.now();
    const today = now.setZone(office.timeZone).toISODate()!;
    const { calendar } = await this.calendars.forOffice(office.id, { from: today, to: today }, manager);
    const opening = openingOn(calendar, today);
    const closesAt = opening.open ? opening.intervals[opening.intervals.length - 1].end : now.setZone(office.timeZone).startOf('day');
    const todayIsOver = closesAt.plus({ minutes: office.closeQueueAfterMinutes }) <= now;
    const closed = (await manager.transaction((tx) =>
      tx.query(
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
      ),
    )) as { tracking_code: string }[];
    if (closed.length > 0) this.notifier.changed(office.id, closed.map((r) => r.tracking_code));
    return closed.length;
  }
}
