import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { SEND_NOTIFICATION } from '../notifications.repository.js';
import { MessageChannels } from '../channels/message-channels.js';

/** The graphile-worker task that queues the reminders coming due. */
export const QUEUE_REMINDERS = 'queue_reminders';
/**
 * graphile-worker's crontab (one job per tick for the whole cluster: graphile-worker records each
 * tick in `known_crontabs`, so several instances add it once; no backfill, no retry, as the next
 * tick does the work a missed one left): every minute, the reminders whose instant is in the last
 * LOOKBACK_MINUTES or the next QUEUE_AHEAD_MINUTES; once an hour, a sweep of every appointment to
 * come (late reminders: an outage, a lead time lengthened, a reschedule into a nearer slot, an
 * office that switched reminders back on).
 */
export const REMINDER_CRONTAB = [`* * * * * ${QUEUE_REMINDERS} ?max=1`, `17 * * * * ${QUEUE_REMINDERS} ?max=1&id=${QUEUE_REMINDERS}_sweep {sweep:true}`].join('\n');
/** Reminders are queued this long before their instant, so a tick a little late still sends them on time. */
export const QUEUE_AHEAD_MINUTES = 5;
/** How far back the minute's run looks for reminder instants (missed ticks); the hourly sweep looks back to the appointment. */
export const LOOKBACK_MINUTES = 30;
/** Messages queued per statement (and transaction). */
export const REMINDER_BATCH = 5_000;

/**
 * Queues each booking's reminder (kind 'booking_reminder', due at `slot_start - the office's
 * reminder lead`) by email and SMS as the booking's other messages are: email with an address and
 * SMTP_URL set, SMS with consent, a phone and an SMS provider. Stateless: a run looks at the
 * confirmed bookings whose reminder instant is at most QUEUE_AHEAD_MINUTES away and at most
 * LOOKBACK_MINUTES past (a sweep: any past instant, as long as the appointment has not started),
 * that were made before their reminder instant, with reminders on (office switch and the
 * applicant's unsubscribe), and that have no reminder of their current slot on that channel yet.
 * A late reminder is due at once. A reminder is never queued twice for one slot
 * (uq_notifications_reminder), and runs take turns across instances (a transaction-level
 * advisory lock).
 */
@Injectable()
export class ReminderQueue {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
  ) {}

  /** Queues the reminders due by `now` + QUEUE_AHEAD_MINUTES (app clock), in batches of REMINDER_BATCH; returns how many. */
  async queueDue(options: { sweep?: boolean; now?: Date } = {}): Promise<number> {
    const now = options.now ?? this.clock.now().toJSDate();
    const lookback = options.sweep ? null : LOOKBACK_MINUTES;
    let queued = 0;
    for (;;) {
      const batch = await this.db.transaction(async (manager) => {
        // One run at a time in the cluster: a second instance's run waits, then finds them queued.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('turnero:queue_reminders', 0))`);
        // The reminders of a burst are inserted faster than statistics follow: without this, the
        // planner, believing notifications empty, probes it by a sequential scan per booking.
        await manager.query(`SET LOCAL enable_seqscan = off`);
        const [row] = (await manager.query(QUEUE_SQL, [now, QUEUE_AHEAD_MINUTES, this.channels.email, this.channels.sms, REMINDER_BATCH, lookback])) as { queued: number; seen: number; jobs: number }[];
        return row;
      });
      queued += batch.queued;
      // A short batch was the last; a full one that queued nothing (never expected) must not loop.
      if (batch.seen < REMINDER_BATCH || batch.queued === 0) return queued;
    }
  }
}

/**
 * One set-based statement per batch: per office with reminders on, its confirmed bookings whose
 * reminder instant (slot_start - lead) is in the window (an index range on
 * ix_bookings_confirmed_office_slot), × the channels they can be reached on, minus those already
 * queued (probes of uq_notifications_reminder); their rows inserted and their send_notification
 * jobs added by ONE graphile_worker.add_jobs call, as queue_notification(...) would add each
 * (job key `notification:<id>`, 10 attempts, run at the reminder instant: the caller's delay on
 * the database's clock). add_job per row costs 1-8 ms here; add_jobs, 5,000 jobs in 0.1-0.2 s.
 * `$6` null: no lower bound but the appointment's start.
 */
export const QUEUE_SQL = `
  WITH candidates AS (
         SELECT b.id AS booking_id, o.id AS office_id, b.slot_start, c.channel, greatest(b.slot_start - o.lead, $1::timestamptz) AS due_at
           FROM (SELECT id, make_interval(mins => reminder_lead_minutes) AS lead FROM offices WHERE NOT ('booking_reminder' = ANY(notifications_off))) AS o
           CROSS JOIN LATERAL (
             SELECT b.id, b.slot_start, b.email, b.phone, b.sms_consent
               FROM bookings b
              WHERE b.office_id = o.id AND b.status = 'confirmed'
                AND b.slot_start > greatest($1::timestamptz, $1::timestamptz - make_interval(mins => $6::int) + o.lead)
                AND b.slot_start <= $1::timestamptz + make_interval(mins => $2::int) + o.lead
                AND b.created_at <= b.slot_start - o.lead
                AND NOT b.reminders_off) AS b
           CROSS JOIN (VALUES ('email'), ('sms')) AS c(channel)
          WHERE CASE c.channel WHEN 'email' THEN $3::boolean AND b.email IS NOT NULL ELSE $4::boolean AND b.sms_consent AND b.phone IS NOT NULL END
            AND NOT EXISTS (SELECT 1 FROM notifications n
                             WHERE n.kind = 'booking_reminder' AND n.booking_id = b.id
                               AND n.channel = c.channel::notification_channel AND n.reminder_for_slot = b.slot_start)
          ORDER BY b.slot_start, b.id, c.channel
          LIMIT $5),
       queued AS (
         INSERT INTO notifications (kind, channel, booking_id, office_id, queued_at, due_at, updated_at, reminder_for_slot)
         SELECT 'booking_reminder', channel::notification_channel, booking_id, office_id, $1::timestamptz, due_at, $1::timestamptz, slot_start FROM candidates
         ON CONFLICT DO NOTHING
         RETURNING id, due_at),
       jobs AS (
         SELECT count(*)::int AS n
           FROM graphile_worker.add_jobs((
             SELECT array_agg(ROW('${SEND_NOTIFICATION}', json_build_object('id', id), NULL, now() + greatest(due_at - $1::timestamptz, interval '0'), 10,
                                  'notification:' || id, NULL, NULL)::graphile_worker.job_spec ORDER BY id)
               FROM queued)))
  SELECT (SELECT count(*)::int FROM queued) AS queued, (SELECT count(*)::int FROM candidates) AS seen, (SELECT n FROM jobs) AS jobs`;
