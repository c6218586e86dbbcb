import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What a message is about. A later kind is added by a migration that replaces the CHECK
 * `ck_notifications_kind` (and this list).
 */
export const NOTIFICATION_KINDS = [
  'rating',
  'booking_confirmed',
  'booking_rescheduled',
  'booking_cancelled',
  'booking_cancelled_by_office',
  'booking_reminder',
  'office_notice',
  'request_received',
  'request_info_requested',
  'request_answered',
  'request_digest',
  'waitlist_joined',
  'waitlist_offer',
  'waitlist_offer_expired',
  'waitlist_removed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_STATUSES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * The outbox: one row per message, written by `queue_notification(...)` in the transaction (often
 * the very statement) of the change that causes it, and sent by the `send_notification`
 * graphile-worker task (NotificationSender). It holds no address, phone or name: they are read
 * from the booking when the message is sent, so the retention job's erasure leaves nothing here
 * (and a message whose address was erased is skipped, `no_address`).
 */
@Entity('notifications')
@Check(
  'ck_notifications_kind',
  `"kind" IN ('rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder', 'office_notice', 'request_received', 'request_info_requested', 'request_answered', 'request_digest', 'waitlist_joined', 'waitlist_offer', 'waitlist_offer_expired', 'waitlist_removed')`,
)
// A ticket's rating message, once per channel.
@Index('uq_notifications_rating', ['ticketId', 'channel'], { unique: true, where: `"kind" = 'rating'` })
// A booking's messages (staff views, erasure).
@Index('ix_notifications_booking', ['bookingId'], { where: `"booking_id" IS NOT NULL` })
// A booking's reminder, once per channel and slot (a reschedule's new slot gets its own).
@Index('uq_notifications_reminder', ['bookingId', 'channel', 'reminderForSlot'], { unique: true, where: `"kind" = 'booking_reminder'` })
// A request's messages (its message log, erasure).
@Index('ix_notifications_request', ['requestId'], { where: `"request_id" IS NOT NULL` })
// A waitlist entry's messages (issue #18).
@Index('ix_notifications_waitlist_entry', ['waitlistEntryId'], { where: `"waitlist_entry_id" IS NOT NULL` })
// The supervisors' daily digest of requests, once per office, supervisor and day (due_at: that day's 08:00 local).
@Index('uq_notifications_request_digest', ['officeId', 'staffUserId', 'dueAt'], { unique: true, where: `"kind" = 'request_digest'` })
export class Notification {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('text')
  kind: NotificationKind;

  @Column({ type: 'enum', enum: NOTIFICATION_CHANNELS, enumName: 'notification_channel' })
  channel: NotificationChannel;

  @Column({ type: 'enum', enum: NOTIFICATION_STATUSES, enumName: 'notification_status', default: 'queued' })
  status: NotificationStatus;

  @Column('uuid', { nullable: true })
  bookingId: string | null;

  @Column('uuid', { nullable: true })
  ticketId: string | null;

  @Column('uuid')
  officeId: string;

  /**
   * Why it was skipped (`no_address`, `answered`, `expired`, `office_off`, `not_completed`,
   * `channel_off`…) or the last failure's code (`ESOCKET`, `EENVELOPE 550`): never a server's
   * words, which may quote the address.
   */
  @Column('text', { nullable: true })
  reason: string | null;

  /** Sending attempts so far (each run of its job that got as far as deciding counts one). */
  @Column('int', { default: 0 })
  attempts: number;

  /**
   * The liveness lock key (InstanceLiveness) of the instance whose worker is sending it; null
   * otherwise. A job whose instance died mid-send is unlocked for another worker (NotificationWorker).
   */
  @Column('bigint', { nullable: true })
  claimedBy: string | null;

  /** When the change that caused it happened (the app's clock). */
  @Column('timestamptz')
  queuedAt: Date;

  /** Not sent before this instant (the app's clock). */
  @Column('timestamptz')
  dueAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  /** A rescheduled booking's slot before the move (kind 'booking_rescheduled'), so the message says what changed. */
  @Column('timestamptz', { nullable: true })
  previousSlotStart: Date | null;

  /**
   * The closure that cancelled the booking (kind 'booking_cancelled_by_office'): the message reads
   * its reason when it is sent. No foreign key, as `bookings.closure_id`.
   */
  @Column('uuid', { nullable: true })
  closureId: string | null;

  /** The office notice a message announces (kind 'office_notice'). No foreign key, as `closure_id`. */
  @Column('uuid', { nullable: true })
  noticeId: string | null;

  /**
   * The slot a reminder ('booking_reminder') reminds of: skipped as `outdated` when the booking
   * has moved since, and the key of its de-duplication (uq_notifications_reminder).
   */
  @Column('timestamptz', { nullable: true })
  reminderForSlot: Date | null;

  /** The request a message is about (kinds request_*). No foreign key, as `closure_id`. */
  @Column('uuid', { nullable: true })
  requestId: string | null;

  /** The waitlist entry a message is about (kinds waitlist_*). No foreign key, as `request_id`. */
  @Column('uuid', { nullable: true })
  waitlistEntryId: string | null;

  /** The staff user a 'request_digest' goes to (their `email`). */
  @Column('uuid', { nullable: true })
  staffUserId: string | null;

  /** The route a phone message took when sent: 'sms', or 'whatsapp' (the office's approved template); null before, and for email. */
  @Column('text', { nullable: true })
  via: 'sms' | 'whatsapp' | null;

  /** The last change of the row (the app's clock). */
  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
