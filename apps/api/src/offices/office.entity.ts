import type { QueuePolicy, WeeklyHours } from '@turnero/scheduling';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** How a group booking's check-in is ticketed: one ticket for the group, or one per person. */
export const GROUP_TICKET_MODES = ['one', 'per_person'] as const;
export type GroupTicketMode = (typeof GROUP_TICKET_MODES)[number];

@Entity('offices')
@Unique('uq_offices_name', ['name'])
@Check('ck_offices_notifications_off', `"notifications_off" <@ ARRAY['booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder', 'office_notice']::text[]`)
@Check('ck_offices_reminder_lead', `"reminder_lead_minutes" BETWEEN 60 AND 10080`)
@Check('ck_offices_waitlist_hold', `"waitlist_hold_minutes" BETWEEN 5 AND 1440`)
@Check('ck_offices_group_tickets', `"group_tickets" IN ('one', 'per_person')`)
export class Office {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  address: string | null;

  /** IANA zone; the office's calendar days, hours and ticket days follow it. */
  @Column('text', { default: 'America/Santiago' })
  timeZone: string;

  /** Regular opening hours per ISO weekday, in local time. */
  @Column('jsonb', { default: {} })
  openingHours: WeeklyHours;

  /** Whose public holidays close the office: ISO country and optional region (e.g. "CL", "CO"). */
  @Column('text', { default: 'CL' })
  holidayCountry: string;

  @Column('text', { nullable: true })
  holidayRegion: string | null;

  /** How preferential tickets are weighed (libs/scheduling QueuePolicy); strict priority by default. */
  @Column('jsonb', { default: { kind: 'strict_priority' } })
  queuePolicy: QueuePolicy;

  /** Recalls after which a called ticket that nobody answers becomes a no-show. */
  @Column('int', { default: 3 })
  autoNoShowAfterRecalls: number;

  /** Tickets still waiting this many minutes after closing time are closed as not served. */
  @Column('int', { default: 30 })
  closeQueueAfterMinutes: number;

  /** The office's standard for waiting (reports: share of people called within it). */
  @Column('int', { default: 30 })
  waitTargetMinutes: number;

  /** Applicants' names, documents, emails and phones are erased this many days after their appointment's day. */
  @Column('int', { default: 365 })
  personalDataRetentionDays: number;

  /** After a booked visit is completed, email the applicant (when they gave an address) a link to rate it. */
  @Column('boolean', { default: true })
  ratingEmail: boolean;

  /** The message kinds (NOTIFICATION_KINDS but the rating) a supervisor switched off for this office. */
  @Column('text', { array: true, default: '{}' })
  notificationsOff: string[];

  /** How long before the appointment its reminder goes out (1 h to 7 days; 24 h by default). */
  @Column('int', { default: 1440 })
  reminderLeadMinutes: number;

  /** The office's contact given to applicants in messages (a phone in E.164, an email address). */
  @Column('text', { nullable: true })
  contactPhone: string | null;

  @Column('text', { nullable: true })
  contactEmail: string | null;

  /**
   * The WhatsApp templates approved for the office: message kind (booking_confirmed,
   * booking_reminder…) → Twilio Content SID (`HX` + 32 hex). A phone message of such a kind goes
   * as WhatsApp when the server has TWILIO_WHATSAPP_FROM (messages/whatsapp.ts fills its variables).
   */
  @Column('jsonb', { default: {} })
  whatsappTemplates: Partial<Record<string, string>>;

  /** How long a seat offered to the next person on the waitlist is held for them (issue #18; shorter when the slot is sooner). */
  @Column('int', { default: 30 })
  waitlistHoldMinutes: number;

  /** A group booking that checks in gets one ticket ('one') or one per person ('per_person'). */
  @Column('text', { default: 'one' })
  groupTickets: GroupTicketMode;

  /** Working days the office gives itself to answer a request, per kind (requests and complaints, issue #17). */
  @Column('jsonb', { default: { request: 10, complaint: 15, suggestion: 10, commendation: 10 } })
  requestDeadlineDays: Record<'request' | 'complaint' | 'suggestion' | 'commendation', number>;

  /**
   * Counts changes of what the slot grid depends on (hours, zone, holidays, closures), kept by
   * database triggers; a booking states the version it checked its rules against (book_seat).
   * A bigint: the driver gives it as a string.
   */
  @Column({ type: 'bigint', default: 0, update: false })
  calendarVersion: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
