import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Runner, run, runOnce, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import type { Config } from '../config/environment.js';
import { logJobFailure } from '../database/database-errors.js';
import { NotificationSender, type SendOutcome } from './notification-sender.js';
import { NotificationsRepository, SEND_NOTIFICATION } from './notifications.repository.js';
import { QUEUE_REQUEST_DIGESTS, REQUEST_DIGEST_CRONTAB, RequestDigestQueue } from '../requests/digest/request-digest-queue.js';
import { queueRequestDigestsTask } from '../requests/digest/request-digest-task.js';
import { SendRate } from './send-rate.js';
import { QUEUE_REMINDERS, REMINDER_CRONTAB, ReminderQueue } from './reminders/reminder-queue.js';
import { queueRemindersTask } from './tasks/queue-reminders.task.js';
import { sendNotificationTask } from './tasks/send-notification.task.js';
import { workerLogger } from './worker-logger.js';

/** How often each instance looks for jobs held by the workers of an instance that died. */
const SWEEP_MS = 30_000;
/** How long a finished job waits to be deleted with others (graphile-worker completeJobBatchDelay). */
const COMPLETE_BATCH_MS = 10;
/**
 * A message claimed by an instance that is gone (killed mid-send) is handed to another worker once
 * its claim is this old (app clock): long enough that an instance merely reconnecting to a
 * restarted PostgreSQL (its liveness lock briefly absent) has finished the send it had begun.
 */
export const DEAD_CLAIM_TAKEOVER_SECONDS = 60;

export type RunCounts = Record<SendOutcome, number>;

/**
 * The notifications outbox's worker in this API instance: a graphile-worker Runner (NOTIFY_CONCURRENCY
 * jobs at once, LISTEN/NOTIFY for new jobs, its own small connection pool) running the
 * `send_notification` task. Every instance runs one; graphile-worker's locking (SKIP LOCKED) gives
 * each job to one worker at a time. Off in NODE_ENV=test unless a test calls `start()`; tests run
 * what is due by the app's clock with `runDue()`. On shutdown the runner stops taking jobs and
 * finishes the ones it is sending, before the pools close. Every SWEEP_MS it unlocks the jobs held
 * by the workers of an instance that died mid-send (graphile-worker itself waits 4 hours). Its
 * cron adds one `queue_reminders` job a minute for the whole cluster (REMINDER_CRONTAB) and one
 * `queue_request_digests` every 15 minutes (REQUEST_DIGEST_CRONTAB, the supervisors' requests digest).
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationWorker');
  private readonly concurrency: number;
  private readonly url: string;
  private pool: pg.Pool | null = null;
  private runner: Runner | null = null;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly config: ConfigService<Config, true>,
    private readonly repo: NotificationsRepository,
    private readonly sender: NotificationSender,
    private readonly clock: Clock,
    private readonly reminders: ReminderQueue,
    private readonly rate: SendRate,
    private readonly digests: RequestDigestQueue,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.concurrency = config.get('NOTIFY_CONCURRENCY', { infer: true });
    this.url = (dataSource.options as { url: string }).url;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('NODE_ENV', { infer: true }) === 'test' || this.concurrency === 0) return;
    await this.start();
  }

  /** Starts this instance's runner (tests: at the instant they choose). */
  async start(concurrency = Math.max(this.concurrency, 1)): Promise<void> {
    if (this.runner || this.stopping) return;
    await this.sweep();
    this.runner = await run({
      pgPool: this.workerPool(concurrency),
      concurrency,
      noHandleSignals: true,
      pollInterval: 2_000,
      logger: workerLogger(),
      taskList: this.tasks(),
      // Reminders every minute; the supervisors' requests digest every 15 minutes (issue #17).
      crontab: `${REMINDER_CRONTAB}\n${REQUEST_DIGEST_CRONTAB}`,
      // Finished jobs are deleted in batches (one statement per 10 ms instead of one per message). A
      // crash before a batch is written leaves those jobs locked for graphile-worker's 4 hours, then
      // run again: their messages are no longer queued, so they send nothing.
      preset: { worker: { completeJobBatchDelay: COMPLETE_BATCH_MS } },
    });
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Tests: runs every job of a message due by the app's clock (ignoring retry backoff), one at a time, until none is left. */
  async runDue(): Promise<RunCounts> {
    const counts: RunCounts = { sent: 0, skipped: 0, failed: 0, retrying: 0, early: 0, finished: 0 };
    await this.repo.makeDueRunnable(this.clock.now().toJSDate());
    await runOnce({ pgPool: this.workerPool(1), noHandleSignals: true, logger: workerLogger(), taskList: this.tasks((o) => counts[o]++) });
    // runOnce resolves before the last job's completion (or failure, with its backoff) is written:
    // graphile-worker does not await it. Wait until no runOnce pool ("otpool-…") holds a job.
    for (let i = 0; i < 500 && (await this.repo.lockedByRunOnce()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return counts;
  }

  /** Shutdown: the runner takes no new job and finishes those being sent, before the pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweepTimer);
    const runner = this.runner;
    this.runner = null;
    await runner?.stop().catch((error: unknown) => logJobFailure(this.logger, 'Stopping the notifications worker', error));
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
  }

  /** Unlocks the jobs of messages whose instance died while sending them. */
  async sweep(): Promise<number> {
    try {
      const before = this.clock.now().minus({ seconds: DEAD_CLAIM_TAKEOVER_SECONDS }).toJSDate();
      const workers = await this.repo.deadWorkers(before);
      if (workers.length > 0) {
        await this.repo.forceUnlockWorkers(workers);
        this.logger.warn(`Unlocked the jobs of ${workers.length} worker(s) of a stopped instance: their messages are sent again`);
      }
      return workers.length;
    } catch (error) {
      logJobFailure(this.logger, 'Looking for the jobs of stopped instances', error);
      return 0;
    }
  }

  private tasks(onOutcome?: (outcome: SendOutcome) => void): TaskList {
    return {
      [SEND_NOTIFICATION]: sendNotificationTask(this.sender, this.rate, onOutcome),
      [QUEUE_REMINDERS]: queueRemindersTask(this.reminders),
      [QUEUE_REQUEST_DIGESTS]: queueRequestDigestsTask(this.digests),
    };
  }

  /** graphile-worker's pool: one connection for LISTEN, one per concurrent job for its lock and completion. */
  private workerPool(concurrency: number): pg.Pool {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.url, max: concurrency + 1, application_name: 'turnero-api-notifications' });
      // An idle connection dropped (PostgreSQL restarted): the pool opens another; the runner reconnects its LISTEN.
      const onError = (error: Error) => logJobFailure(this.logger, 'The notifications worker connection', error);
      this.pool.on('error', onError);
      this.pool.on('connect', (client) => client.on('error', onError));
    }
    return this.pool;
  }
}
