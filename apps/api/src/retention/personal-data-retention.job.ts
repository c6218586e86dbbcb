import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { ticketDay } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import type { Config } from '../config/environment.js';
import { RetentionRepository } from './retention.repository.js';
import { logJobFailure } from '../database/database-errors.js';
import { eraseClosedRequests } from '../requests/retention/request-retention.js';
import { eraseOldWaitlistEntries } from '../waitlist/waitlist-retention.js';

/** Any constant shared by every instance (the closing job uses 7_420_001); the job runs where it gets this lock. */
const RETENTION_LOCK_KEY = 7_420_002;
/** Bookings erased per statement: short row locks, even on the first run over years of data. */
const BATCH = 1_000;

export interface RetentionRun {
  /** false when another instance held the lock: this run did nothing. */
  ran: boolean;
  bookings: number;
  comments: number;
  /** Closed requests and complaints whose personal data, texts and attachments were erased (issue #17). */
  requests: number;
}

/**
 * Data protection: every night, for each office, the personal data of bookings whose appointment
 * day is more than `personalDataRetentionDays` before the office's today is erased (name,
 * document, email, phone), and so are the survey comments of tickets that old. Rows, statuses and
 * times stay, so the reports do not change. Tickets carry no personal data. Closed requests and
 * complaints closed that long ago lose their contact, texts and attachments (requests/retention/). pg_try_advisory_lock
 * lets one instance run it at a time; erased rows are recognised, so a second run finds nothing.
 */
@Injectable()
export class PersonalDataRetentionJob {
  private readonly logger = new Logger('PersonalDataRetentionJob');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RetentionRepository,
    private readonly clock: Clock,
    private readonly config: ConfigService<Config, true>,
  ) {}

  @Cron('17 3 * * *', { name: 'erase-personal-data' })
  async onSchedule(): Promise<void> {
    // Tests call eraseExpiredPersonalData() themselves, at the instant they choose.
    if (this.config.get('NODE_ENV', { infer: true }) === 'test') return;
    try {
      const run = await this.eraseExpiredPersonalData();
      if (run.bookings + run.comments + run.requests > 0)
        this.logger.log(
          `Erased the personal data of ${run.bookings} booking(s), ${run.comments} survey comment(s) and ${run.requests} closed request(s) past their office's retention`,
        );
    } catch (error) {
      // A database outage is one warning per outage (the job runs again later), anything else an error.
      logJobFailure(this.logger, 'Erasing personal data', error);
    }
  }

  async eraseExpiredPersonalData(): Promise<RetentionRun> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [RETENTION_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return { ran: false, bookings: 0, comments: 0, requests: 0 };
      try {
        const run: RetentionRun = { ran: true, bookings: 0, comments: 0, requests: 0 };
        const offices = (await runner.query(`SELECT id, time_zone, personal_data_retention_days FROM offices ORDER BY id`)) as {
          id: string;
          time_zone: string;
          personal_data_retention_days: number;
        }[];
        for (const office of offices) {
          const today = ticketDay(this.clock.now(), office.time_zone);
          const before = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: office.personal_data_retention_days }).toISODate()!;
          let erased: number;
          do {
            erased = await this.repo.eraseBookings(runner.manager, office.id, before, BATCH);
            run.bookings += erased;
          } while (erased === BATCH);
          run.comments += await this.repo.eraseComments(runner.manager, office.id, before);
          // Closed requests closed before that day: contact, texts and files erased, figures kept.
          do {
            erased = await eraseClosedRequests(runner.manager, { id: office.id, timeZone: office.time_zone }, before, BATCH, this.clock.now().toJSDate());
            run.requests += erased;
          } while (erased === BATCH);
          // Waitlist entries whose wished range ended before that day (issue #18): contact and document erased.
          do erased = await eraseOldWaitlistEntries(runner.manager, office.id, before, BATCH);
          while (erased === BATCH);
        }
        return run;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [RETENTION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
