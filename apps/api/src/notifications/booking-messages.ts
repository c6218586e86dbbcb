import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import type { Config } from '../config/environment.js';
import type { ClaimedNotification } from './notifications.repository.js';
import type { SmsMessageData } from './messages/index.js';
import { reminderSkip } from './reminders/reminder-rules.js';
import { UnsubscribeTokens } from './reminders/unsubscribe-token.js';

export type BookingMessageKind = 'booking_confirmed' | 'booking_rescheduled' | 'booking_cancelled' | 'booking_cancelled_by_office' | 'booking_reminder';
export const BOOKING_MESSAGE_KINDS: readonly string[] = ['booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder'];

/** Why a booking message is not sent: the booking is gone, changed since, or its contact erased (or never given). */
export type BookingMessageSkip = 'no_booking' | 'no_address' | 'no_phone' | 'no_consent' | 'outdated' | 'unsubscribed' | 'too_late';

/** A booking message's data and its recipient, read from the database when it is sent. */
export interface BookingMessage {
  data: SmsMessageData;
  /** The booking's address (email) or phone (SMS), as stored now. */
  to: string;
}

interface Row {
  id: string;
  code: string;
  status: string;
  slot_start: Date;
  slot_end: Date;
  email: string | null;
  phone: string | null;
  sms_consent: boolean;
  office_id: string;
  office_name: string;
  office_address: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  time_zone: string;
  service_id: string;
  service_name: string;
  requirements: string[];
  check_in_before_minutes: number;
  check_in_grace_minutes: number;
  previous_slot_start: Date | null;
  /** A reminder's slot (kind 'booking_reminder') and the applicant's unsubscribe. */
  reminder_for_slot: Date | null;
  reminders_off: boolean;
  sequence: number;
  /** The group's people in the holder's status (cancelled with the holder, for a cancellation); 0 for a booking of one: it has no group. */
  party_size: number;
  /** The closure's reason (kind 'booking_cancelled_by_office'), else the booking's cancel reason. */
  closure_reason: string | null;
}

/**
 * The data of a booking confirmed / rescheduled / cancelled message, built from the booking,
 * service and office rows as they are when it is sent: an address or phone erased meanwhile (the
 * retention job) skips it, so does a booking cancelled before its confirmation went out. The
 * recipient is read here and nowhere else; the row of the outbox holds none.
 */
@Injectable()
export class BookingMessageComposer {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<Config, true>,
    private readonly clock: Clock,
    private readonly unsubscribeTokens: UnsubscribeTokens,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  async compose(n: ClaimedNotification): Promise<{ skip: BookingMessageSkip } | BookingMessage> {
    const [row] = (await this.db.query(
      `SELECT b.id, b.code, b.status::text AS status, b.slot_start, b.slot_end, b.email, b.phone, b.sms_consent,
              o.id AS office_id, o.name AS office_name, o.address AS office_address, o.contact_phone, o.contact_email, o.time_zone,
              s.id AS service_id, s.name AS service_name, s.requirements, s.check_in_before_minutes, s.check_in_grace_minutes,
              n.previous_slot_start, n.reminder_for_slot, b.reminders_off,
              COALESCE(CASE WHEN c.kind = 'closed' THEN c.reason END, b.cancel_reason) AS closure_reason,
              (SELECT count(*)::int FROM notifications r WHERE r.booking_id = b.id AND r.kind = 'booking_rescheduled' AND r.channel = n.channel AND r.id <= n.id) AS sequence,
              (SELECT count(*)::int FROM bookings g WHERE g.group_id = b.id AND g.status = b.status AND g.cancelled_at IS NOT DISTINCT FROM b.cancelled_at) AS party_size
         FROM notifications n
         JOIN bookings b ON b.id = n.booking_id
         JOIN offices o ON o.id = b.office_id
         JOIN services s ON s.id = b.service_id
         LEFT JOIN office_closures c ON c.id = n.closure_id
        WHERE n.id = $1`,
      [n.id],
    )) as Row[];
    if (!row) return { skip: 'no_booking' };
    const to = n.channel === 'email' ? row.email : row.phone;
    if (!to) return { skip: n.channel === 'email' ? 'no_address' : 'no_phone' };
    if (n.channel === 'sms' && !row.sms_consent) return { skip: 'no_consent' };
    // A confirmation or a move not yet sent when the booking was cancelled would announce a visit
    // that will not happen: the cancellation's message says what is true.
    if (n.kind !== 'booking_cancelled' && n.kind !== 'booking_cancelled_by_office' && row.status !== 'confirmed') return { skip: 'outdated' };
    if (n.kind === 'booking_reminder') {
      const skip = reminderSkip({ slotStart: row.slot_start, reminderForSlot: row.reminder_for_slot, remindersOff: row.reminders_off }, this.clock.now().toJSDate());
      if (skip) return { skip };
    }
    const office = { name: row.office_name, address: row.office_address, timeZone: row.time_zone, contactPhone: row.contact_phone, contactEmail: row.contact_email };
    const common = { publicUrl: this.publicUrl, officeId: row.office_id, office };
    const booking = { id: row.id, code: row.code, slotStart: row.slot_start, slotEnd: row.slot_end, partySize: Math.max(row.party_size, 1) };
    const service = {
      id: row.service_id,
      name: row.service_name,
      requirements: row.requirements,
      checkInBeforeMinutes: row.check_in_before_minutes,
      checkInGraceMinutes: row.check_in_grace_minutes,
    };
    switch (n.kind as BookingMessageKind) {
      case 'booking_confirmed':
        return { to, data: { ...common, kind: 'booking_confirmed', service, booking } };
      case 'booking_rescheduled':
        return {
          to,
          data: { ...common, kind: 'booking_rescheduled', service, booking, previousSlotStart: row.previous_slot_start ?? row.slot_start, sequence: Math.max(row.sequence, 1) },
        };
      case 'booking_cancelled':
        return { to, data: { ...common, kind: 'booking_cancelled', service: { id: service.id, name: service.name }, booking: { code: row.code, slotStart: row.slot_start, partySize: Math.max(row.party_size, 1) } } };
      case 'booking_cancelled_by_office':
        return {
          to,
          data: {
            ...common,
            kind: 'booking_cancelled_by_office',
            service: { id: service.id, name: service.name },
            booking: { code: row.code, slotStart: row.slot_start, partySize: Math.max(row.party_size, 1) },
            reason: row.closure_reason ?? '',
          },
        };
      case 'booking_reminder':
        return {
          to,
          data: {
            ...common,
            kind: 'reminder',
            service: { name: service.name, requirements: service.requirements, checkInBeforeMinutes: service.checkInBeforeMinutes, checkInGraceMinutes: service.checkInGraceMinutes },
            booking: { code: row.code, slotStart: row.slot_start, partySize: Math.max(row.party_size, 1) },
            unsubscribeUrl: `${this.publicUrl}/api/v1/notifications/unsubscribe/${this.unsubscribeTokens.sign({ bookingId: row.id, channel: n.channel })}`,
          },
        };
    }
  }
}
