import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DocumentType } from '@turnero/scheduling';
import type { DataSource } from 'typeorm';
import type { BookingStatus } from '../bookings/booking.entity.js';

/** A booking row of the staff list, with its ticket and its messages counted by status. */
export interface StaffBookingRow {
  id: string;
  code: string;
  slot_start: Date;
  slot_end: Date;
  status: BookingStatus;
  service_id: string;
  service_name: string;
  full_name: string;
  document_type: DocumentType;
  document_number: string;
  identity_verified: boolean;
  ticket_number: string | null;
  /** A group booking's: the holder's code, the person's place (0 the holder) and the people still in it; null for a booking of one. */
  group_code: string | null;
  group_index: number | null;
  group_size: number | null;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
}

export interface StaffBookingFilter {
  officeId: string;
  /** The slot's office-local date (bookings.local_date); null: any date. */
  date: string | null;
  status: BookingStatus | null;
  /** Canonical booking codes and normalised document numbers to match (either); null: no search. */
  match: { codes: string[]; documents: string[] } | null;
  limit: number;
}

/**
 * The office's bookings for its staff, in one statement: the office/date index picks the day, a
 * lateral count per booking reads its messages through the outbox's booking index. A group's
 * people are rows next to each other (by the holder's code, then their place in the group), and
 * a search by the holder's code finds the whole group.
 */
@Injectable()
export class StaffBookingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  find(filter: StaffBookingFilter): Promise<StaffBookingRow[]> {
    return this.db.query(
      `SELECT b.id, b.code, b.slot_start, b.slot_end, b.status::text AS status, b.service_id, s.name AS service_name,
              b.full_name, b.document_type::text AS document_type, b.document_number, b.identity_verified, t.number AS ticket_number,
              h.code AS group_code, b.group_index,
              CASE WHEN b.group_id IS NOT NULL THEN (SELECT count(*)::int FROM bookings g WHERE g.group_id = b.group_id AND g.status <> 'cancelled') END AS group_size,
              m.queued, m.sent, m.failed, m.skipped
         FROM bookings b
         JOIN services s ON s.id = b.service_id
         LEFT JOIN bookings h ON h.id = b.group_id
         LEFT JOIN tickets t ON t.booking_id = b.id
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE n.status = 'queued')::int AS queued, count(*) FILTER (WHERE n.status = 'sent')::int AS sent,
                  count(*) FILTER (WHERE n.status = 'failed')::int AS failed, count(*) FILTER (WHERE n.status = 'skipped')::int AS skipped
             FROM notifications n WHERE n.booking_id = b.id) m
        WHERE b.office_id = $1
          AND ($2::date IS NULL OR b.local_date = $2::date)
          AND ($3::booking_status IS NULL OR b.status = $3::booking_status)
          AND ($4::text[] IS NULL OR b.code = ANY($4::text[]) OR h.code = ANY($4::text[]) OR b.document_number = ANY($5::text[]))
        ORDER BY b.slot_start, s.name, coalesce(h.code, b.code), b.group_index
        LIMIT $6`,
      [filter.officeId, filter.date, filter.status, filter.match?.codes ?? null, filter.match?.documents ?? null, filter.limit],
    );
  }
}
