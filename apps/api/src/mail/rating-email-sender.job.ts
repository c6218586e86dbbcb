import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import type { DateTime } from 'luxon';
import { Clock } from '../common/clock/clock.js';
import { logJobFailure } from '../database/database-errors.js';
import type { Config } from '../config/environment.js';
import { surveyWindowOpen } from '../surveys/survey-window.js';
import { InstanceLiveness } from '../idempotency/instance-liveness.js';
import { RATING_EMAIL_MAX_ATTEMPTS, leaseUntil, orphanedLeaseBefore, retryAt } from './rating-email-schedule.js';
import { ratingEmail } from './rating-email.template.js';
import { type ClaimedRatingEmail, RatingEmailsRepository, type SkipReason } from './rating-emails.repository.js';
import { SmtpMailer, sendFailure } from './smtp-mailer.js';

/** How often each instance looks for due emails. */
const POLL_MS = 20_000;
/** Emails one run sends at most, one claim each: a backlog drains over several runs. */
const RUN_LIMIT = 50;

export interface RatingEmailRun {
  sent: number;
  skipped: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Given up: a permanent refusal, or the attempts used up. */
  failed: number;
}

/**
 * Works off the rating emails' outbox in every API instance: claims one due email at a time
 * (`FOR UPDATE SKIP LOCKED`, so two instances never take the same), decides with what the database
 * says now — the address may have been erased, the survey answered, its window closed or the
 * office's switch turned off: then it is skipped — and sends it through the mail server, then
 * marks it sent; a failure is retried with a growing pause, up to RATING_EMAIL_MAX_ATTEMPTS, and a
 * permanent refusal (5xx) is given up at once. A claim whose instance died before marking it
 * (killed mid-send) is taken over once it is ORPHANED_CLAIM_TAKEOVER_SECONDS old, without waiting
 * for its lease: delivery is at least once (an instance killed after the server accepted the
 * message but before marking it sent means the email goes out twice; once marked, never again). Logs carry outbox ids, counts and error codes only:
 * never an address, a name or a document. On shutdown it takes no new email and waits for the one
 * being sent. Without SMTP_URL it does nothing (and nothing is queued).
 */
@Injectable()
export class RatingEmailSenderJob implements BeforeApplicationShutdown, OnApplicationBootstrap {
  private readonly logger = new Logger('RatingEmailSender');
  private readonly publicUrl: string;
  private running: Promise<RatingEmailRun> | null = null;
  private stopping = false;

  constructor(
    private readonly repo: RatingEmailsRepository,
    private readonly mailer: SmtpMailer,
    private readonly clock: Clock,
    private readonly config: ConfigService<Config, true>,
    private readonly liveness: InstanceLiveness,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  /** A (re)started instance works off what is due at once, not a poll later: a restart after a crash mid-send resends soon. */
  onApplicationBootstrap(): void {
    setTimeout(() => void this.onSchedule(), 1_000).unref();
  }

  @Interval('send-rating-emails', POLL_MS)
  async onSchedule(): Promise<void> {
    // Tests call sendDue() themselves, at the instant they choose.
    if (this.config.get('NODE_ENV', { infer: true }) === 'test' || !this.mailer.enabled || this.stopping || this.running) return;
    try {
      const run = await this.sendDue();
      if (run.sent + run.skipped + run.retrying + run.failed > 0) {
        this.logger.log(`Rating emails: ${run.sent} sent, ${run.skipped} skipped, ${run.retrying} to try again, ${run.failed} given up`);
      }
    } catch (error) {
      // PostgreSQL away: one warning per outage; the emails wait in the outbox for the next run.
      logJobFailure(this.logger, 'Sending the rating emails', error);
    }
  }

  /** Sends what is due now; while a run is going on this instance, it is that run. */
  sendDue(): Promise<RatingEmailRun> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Shutdown: no new claim; the email being sent is finished and marked before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<RatingEmailRun> {
    const run: RatingEmailRun = { sent: 0, skipped: 0, retrying: 0, failed: 0 };
    if (!this.mailer.enabled) return run;
    for (let i = 0; i < RUN_LIMIT && !this.stopping; i++) {
      const now = this.clock.now().toJSDate();
      const email = await this.repo.claimNext(now, leaseUntil(now), this.liveness.key, orphanedLeaseBefore(now));
      if (!email) break;
      run[await this.deliver(email)]++;
    }
    return run;
  }

  private async deliver(email: ClaimedRatingEmail): Promise<keyof RatingEmailRun> {
    const now = this.clock.now();
    const skip = skipReason(email, now);
    if (skip) {
      await this.repo.markSkipped(email, now.toJSDate(), skip);
      return 'skipped';
    }
    if (email.attempts > RATING_EMAIL_MAX_ATTEMPTS) {
      // Claimed before by senders that stopped mid-send, until the attempts ran out.
      await this.repo.markFailed(email, now.toJSDate(), 'EATTEMPTS');
      this.logger.warn(`Rating email ${email.id}: given up, its attempts were used up by interrupted sends`);
      return 'failed';
    }
    try {
      const message = ratingEmail({
        officeName: email.officeName!,
        officeAddress: email.officeAddress,
        serviceName: email.serviceName ?? '',
        number: email.number!,
        completedAt: email.completedAt!,
        timeZone: email.timeZone!,
        publicUrl: this.publicUrl,
        trackingCode: email.trackingCode!,
      });
      await this.mailer.send({ to: email.email!, ...message });
    } catch (error) {
      const failure = sendFailure(error);
      const at = this.clock.now().toJSDate();
      const retry = failure.permanent ? null : retryAt(email.attempts, at);
      if (retry) {
        await this.repo.retryLater(email, retry, failure.code);
        this.logger.warn(`Rating email ${email.id}: attempt ${email.attempts} failed (${failure.code}); next attempt at ${retry.toISOString()}`);
        return 'retrying';
      }
      await this.repo.markFailed(email, at, failure.code);
      this.logger.warn(`Rating email ${email.id}: given up after ${email.attempts} attempt(s) (${failure.code}${failure.permanent ? ', refused for good' : ''})`);
      return 'failed';
    }
    await this.repo.markSent(email, this.clock.now().toJSDate());
    return 'sent';
  }
}

/** Why a claimed email must not go out now, if it must not. */
function skipReason(email: ClaimedRatingEmail, now: DateTime): SkipReason | null {
  if (email.ticketStatus !== 'done' || !email.trackingCode || !email.officeName) return 'not_completed';
  if (!email.officeSends) return 'office_off';
  if (!email.email) return 'no_address';
  if (email.answered) return 'answered';
  if (!surveyWindowOpen(email.completedAt, now)) return 'expired';
  return null;
}
