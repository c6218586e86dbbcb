import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { InstanceLiveness } from '../idempotency/instance-liveness.js';
import { RatingEmailComposer } from '../mail/rating-email.js';
import { type OutgoingEmail, SmtpMailer, sendFailure } from '../mail/smtp-mailer.js';
import { NoticeMessageComposer } from '../notices/notice-message-composer.js';
import { REQUEST_MESSAGE_KINDS } from '../requests/request-messages.js';
import { RequestMessageComposer } from '../requests/request-message-composer.js';
import { RequestDigestComposer } from '../requests/digest/request-digest-composer.js';
import { BOOKING_MESSAGE_KINDS, BookingMessageComposer } from './booking-messages.js';
import { renderSms } from './messages/index.js';
import { emailRenderCache } from './messages/render-cache.js';
import { type ClaimedNotification, NotificationsRepository, SEND_NOTIFICATION } from './notifications.repository.js';
import { SmsSender, type WhatsAppTemplate } from './sms/sms-sender.js';
import { MessageChannels } from './channels/message-channels.js';
import { whatsAppVariables } from './messages/whatsapp.js';
import { WAITLIST_MESSAGE_KINDS } from './messages/waitlist.js';
import { WaitlistMessageComposer } from '../waitlist/waitlist-message-composer.js';

export type SendOutcome = 'sent' | 'skipped' | 'failed' | 'retrying' | 'early' | 'finished';

/** The run of a `send_notification` job: its attempt number and its limit (graphile-worker's). */
export interface JobAttempt {
  attempts: number;
  maxAttempts: number;
}

/** A failed attempt to be retried: thrown to graphile-worker, which retries with its backoff. Its message is a code. */
export class TemporarySendFailure extends Error {
  constructor(readonly id: string, readonly code: string) {
    super(`Notification ${id}: ${code}`);
  }
}

/**
 * Sends one message of the outbox (the `send_notification` task's body). Claims the row (counts an
 * attempt; a row no longer queued was finished by an earlier run: nothing is sent again), decides
 * with what the database says now (skipped, and why), sends it through its channel and marks it.
 * A temporary failure records its code and throws, so graphile-worker retries it with its
 * exponential backoff; a permanent one (a 5xx reply), or the last attempt's, marks it failed and
 * does not throw. Logs carry ids, kinds and codes only: never an address, a phone or a name.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly mailer: SmtpMailer,
    private readonly rating: RatingEmailComposer,
    private readonly bookings: BookingMessageComposer,
    private readonly notices: NoticeMessageComposer,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
    private readonly liveness: InstanceLiveness,
    @InjectDataSource() private readonly db: DataSource,
    private readonly channels: MessageChannels,
    private readonly requests: RequestMessageComposer,
    private readonly digest: RequestDigestComposer,
    private readonly waitlist: WaitlistMessageComposer,
  ) {}

  async send(id: string, job: JobAttempt): Promise<SendOutcome> {
    const now = this.clock.now();
    const n = await this.repo.claim(id, this.liveness.key, now.toJSDate());
    if (!n) return 'finished';
    const early = n.dueAt.getTime() - now.toMillis();
    if (early > 0) {
      // Woken before its instant by the app's clock: a new job after the rest of the wait.
      await this.repo.unclaim(n);
      await this.db.query(
        `SELECT graphile_worker.add_job('${SEND_NOTIFICATION}', json_build_object('id', $1::bigint), run_at := now() + $2 * interval '1 millisecond', job_key := 'notification:' || $1, max_attempts := $3)`,
        [n.id, early, job.maxAttempts],
      );
      return 'early';
    }
    const message = await this.compose(n, now);
    if ('skip' in message) {
      await this.repo.markSkipped(n, now.toJSDate(), message.skip);
      return 'skipped';
    }
    let failure: { code: string; permanent: boolean } | null = null;
    if ('sms' in message) {
      // The route it takes, recorded before trying: a failure shows which one failed.
      const { whatsapp } = message.sms;
      await this.db.query(`UPDATE notifications SET via = $2 WHERE id = $1`, [n.id, whatsapp ? 'whatsapp' : 'sms']);
      const result = whatsapp ? await this.sms.sendWhatsApp(message.sms.to, whatsapp) : await this.sms.send(message.sms.to, message.sms.body);
      if (result.kind === 'failed') failure = result;
    } else {
      try {
        await this.mailer.send(message.email);
      } catch (error) {
        failure = sendFailure(error);
      }
    }
    if (failure) {
      const at = this.clock.now().toJSDate();
      if (failure.permanent || job.attempts >= job.maxAttempts) {
        await this.repo.markFailed(n, at, failure.code);
        this.logger.warn(`Notification ${n.id} (${n.kind}, ${n.channel}): given up after ${n.attempts} attempt(s) (${failure.code}${failure.permanent ? ', refused for good' : ''})`);
        return 'failed';
      }
      await this.repo.recordRetry(n, at, failure.code);
      this.logger.warn(`Notification ${n.id} (${n.kind}, ${n.channel}): attempt ${n.attempts} failed (${failure.code}); to be retried`);
      throw new TemporarySendFailure(n.id, failure.code);
    }
    await this.repo.markSent(n, this.clock.now().toJSDate());
    return 'sent';
  }

  private async compose(n: ClaimedNotification, now: DateTime): Promise<{ skip: string } | { email: OutgoingEmail } | { sms: { to: string; body: string; whatsapp?: WhatsAppTemplate } }> {
    if (n.channel === 'email' ? !this.mailer.enabled : !this.sms.enabled) return { skip: 'channel_off' };
    // The office's switch for the kind (offices.notifications_off, read with the claim; the rating has its own, rating_email).
    if (n.kind !== 'rating' && n.switchedOff) return { skip: 'switched_off' };
    if (n.kind === 'rating') return n.channel === 'email' ? this.rating.compose(n.ticketId, now) : { skip: 'unsupported' };
    // Requests and complaints (issue #17): their own composer, email or SMS (no WhatsApp templates for them).
    if ((REQUEST_MESSAGE_KINDS as readonly string[]).includes(n.kind)) return this.requests.compose(n);
    // The supervisors' daily digest of requests: to a staff user's address (requests/digest/).
    if (n.kind === 'request_digest') return this.digest.compose(n, now);
    // The waitlist's messages (issue #18): their own composer, email or SMS (no WhatsApp templates for them).
    if ((WAITLIST_MESSAGE_KINDS as readonly string[]).includes(n.kind)) return this.waitlist.compose(n);
    if (n.kind !== 'office_notice' && !BOOKING_MESSAGE_KINDS.includes(n.kind)) return { skip: 'unsupported' };
    const message = n.kind === 'office_notice' ? await this.notices.compose(n, now.toJSDate()) : await this.bookings.compose(n);
    if ('skip' in message) return message;
    if (n.channel === 'sms') {
      // As WhatsApp where the office has an approved template for the kind (and the server a WhatsApp sender).
      // The template was read with the claim.
      if (this.channels.whatsapp && n.whatsappSid) return { sms: { to: message.to, body: '', whatsapp: { contentSid: n.whatsappSid, variables: whatsAppVariables(message.data) } } };
      return { sms: { to: message.to, body: renderSms(message.data) } };
    }
    const email = await emailRenderCache.render(message.data);
    return { email: { to: message.to, ...email } };
  }
}
