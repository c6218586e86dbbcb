import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';

export interface SeatClaim {
  serviceId: string;
  /** The slot's start instant. */
  slotStart: Date;
  /** The slot's office-local date. */
  localDate: string;
  /** Seats of the slot as the scheduling rules compute them now. */
  seats: number;
  /** The service's daily appointment cap, or null for none. */
  dayCap: number | null;
}

/** Stands for "no daily cap" in day_capacity.cap (PostgreSQL's largest integer). */
const UNCAPPED = 2_147_483_647;

/** The booking row `bookSeat` inserts with the seat. */
export interface NewBookingRow {
  code: string;
  officeId: string;
  slotEnd: Date;
  documentType: string;
  documentNumber: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  smsConsent: boolean;
  preferential: boolean;
  /** The Idempotency-Key of the request and its scope, so a retry finds the booking its key made (null: none sent). */
  idempotencyScope: string | null;
  idempotencyKey: string | null;
  /** Booked while signed in with ClaveÚnica (issue #20); a group's holder only. */
  identityVerified: boolean;
}

/** One person of a group booking (`bookGroup`), the holder first. */
export interface GroupMemberRow {
  code: string;
  documentType: string;
  documentNumber: string;
  fullName: string;
}

export type ClaimOutcome = 'taken' | 'slot_full' | 'day_full';

/** Which confirmations `bookSeat` queues with the booking: the channels the API can send through now, and the app's clock. */
export interface ConfirmationChannels {
  /** A mail server is configured (SMTP_URL): an email is queued when the applicant gave an address. */
  email: boolean;
  /** An SMS provider is configured: an SMS is queued when the applicant consented with a phone. */
  sms: boolean;
  now: Date;
}

/**
 * The one place where seats are counted. Each claim is a single `INSERT … ON CONFLICT DO UPDATE
 * … WHERE booked < seats`: PostgreSQL locks the slot's row, so concurrent claims on any number of
 * API instances queue up and exactly `seats` of them succeed; the CHECK constraints
 * (`booked <= seats`, `booked <= cap`) make overbooking impossible even for a buggy caller.
 * Claims must run inside the booking's transaction, slot first then day (one lock order, no
 * deadlock between bookings), so that a failure later in the transaction gives the seat back.
 */
@Injectable()
export class CapacityLedger {
  /** Claims `people` seats of the slot and as many places of the day (a group moves together), or none. */
  async claim(manager: EntityManager, claim: SeatClaim, people = 1): Promise<ClaimOutcome> {
    // A group larger than the slot can never fit (and a new row holding it would break the CHECK).
    if (claim.seats < people) return 'slot_full';
    const slot: unknown[] = await manager.query(
      `INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service_id, slot_start) DO UPDATE
         SET booked = slot_capacity.booked + $4, seats = EXCLUDED.seats
         WHERE slot_capacity.booked + $4 <= EXCLUDED.seats
       RETURNING booked`,
      [claim.serviceId, claim.slotStart, claim.seats, people],
    );
    if (slot.length === 0) return 'slot_full';
    // The day's row is kept even without a cap, so the day's count is right if a cap is set later.
    const cap = claim.dayCap ?? UNCAPPED;
    if (cap < people) return 'day_full';
    const day: unknown[] = await manager.query(
      `INSERT INTO day_capacity (service_id, local_date, cap, booked) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service_id, local_date) DO UPDATE
         SET booked = day_capacity.booked + $4, cap = EXCLUDED.cap
         WHERE day_capacity.booked + $4 <= EXCLUDED.cap
       RETURNING booked`,
      [claim.serviceId, claim.localDate, cap, people],
    );
    return day.length === 0 ? 'day_full' : 'taken';
  }

  /**
   * The booking path in one autocommitted statement (`book_seat`, migration
   * BookingInOneStatement): under the office calendar's shared lock, refuse if the calendar
   * changed since `calendarVersion` ('stale': read it again and retry), answer a full slot or day
   * without a row lock, else claim the slot, then the day, then insert the booking with the
   * request's Idempotency-Key. A second active booking for the same document fails on
   * `uq_bookings_active_document`, a second booking by one key on `uq_bookings_idempotency`, and
   * nothing of the statement stays. The confirmation messages are queued in the same statement
   * (migration BookingNotifications), on the channels `channels` allows.
   */
  async bookSeat(
    manager: EntityManager,
    claim: SeatClaim & { calendarVersion: string },
    booking: NewBookingRow,
    channels: ConfirmationChannels,
  ): Promise<{ outcome: ClaimOutcome | 'stale'; id?: string; createdAt?: Date }> {
    if (claim.seats <= 0) return { outcome: 'slot_full' };
    const cap = claim.dayCap ?? UNCAPPED;
    if (cap <= 0) return { outcome: 'day_full' };
    const rows = await preparedQuery<{ out_outcome: ClaimOutcome | 'stale'; out_id: string | null; out_created_at: Date | null }>(
      manager,
      `SELECT out_outcome, out_id, out_created_at
         FROM book_seat($1::uuid, $2::bigint, $3::uuid, $4::timestamptz, $5::timestamptz, $6::date, $7::int, $8::int, $9, $10::document_type, $11, $12, $13, $14, $15::boolean, $16, $17, $18::boolean, $19::boolean, $20::boolean, $21::timestamptz, $22::boolean)`,
      [
        booking.officeId, claim.calendarVersion, claim.serviceId, claim.slotStart, booking.slotEnd, claim.localDate, claim.seats, cap,
        booking.code, booking.documentType, booking.documentNumber, booking.fullName, booking.email, booking.phone, booking.preferential,
        booking.idempotencyScope, booking.idempotencyKey, booking.smsConsent, channels.email, channels.sms, channels.now, booking.identityVerified,
      ],
    );
    const result = rows[0]!;
    if (result.out_outcome !== 'taken') return { outcome: result.out_outcome };
    return { outcome: 'taken', id: result.out_id!, createdAt: result.out_created_at! };
  }

  /**
   * A group's booking in one autocommitted statement (`book_group`, migration GroupBookings): what
   * `bookSeat` does, for every member at once. The slot and the day must have room for all of
   * them (`booked + n`); one row per member is inserted, `members[0]` the holder (the contact and
   * the Idempotency-Key go on its row only), every row with the holder's id as `group_id`. Any
   * member's active booking of the procedure fails `uq_bookings_active_document` and nothing of
   * the statement stays. Used only with companions: a booking of one keeps `bookSeat`.
   */
  async bookGroup(
    manager: EntityManager,
    claim: SeatClaim & { calendarVersion: string },
    holder: Omit<NewBookingRow, 'code' | 'documentType' | 'documentNumber' | 'fullName'>,
    members: GroupMemberRow[],
    channels: ConfirmationChannels,
  ): Promise<{ outcome: ClaimOutcome | 'stale'; id?: string; createdAt?: Date }> {
    if (claim.seats < members.length) return { outcome: 'slot_full' };
    const cap = claim.dayCap ?? UNCAPPED;
    if (cap < members.length) return { outcome: 'day_full' };
    const rows = await preparedQuery<{ out_outcome: ClaimOutcome | 'stale'; out_id: string | null; out_created_at: Date | null }>(
      manager,
      `SELECT out_outcome, out_id, out_created_at
         FROM book_group($1::uuid, $2::bigint, $3::uuid, $4::timestamptz, $5::timestamptz, $6::date, $7::int, $8::int, $9::text[], $10::document_type[], $11::text[], $12::text[], $13, $14, $15::boolean, $16, $17, $18::boolean, $19::boolean, $20::boolean, $21::timestamptz, $22::boolean)`,
      [
        holder.officeId, claim.calendarVersion, claim.serviceId, claim.slotStart, holder.slotEnd, claim.localDate, claim.seats, cap,
        members.map((m) => m.code), members.map((m) => m.documentType), members.map((m) => m.documentNumber), members.map((m) => m.fullName),
        holder.email, holder.phone, holder.preferential, holder.idempotencyScope, holder.idempotencyKey, holder.smsConsent, channels.email, channels.sms, channels.now,
        holder.identityVerified,
      ],
    );
    const result = rows[0]!;
    if (result.out_outcome !== 'taken') return { outcome: result.out_outcome };
    return { outcome: 'taken', id: result.out_id!, createdAt: result.out_created_at! };
  }

  /** Gives a seat back (cancellation, reschedule, closure), in the caller's transaction. */
  async release(manager: EntityManager, seat: { serviceId: string; slotStart: Date; localDate: string }): Promise<void> {
    await manager.query(`UPDATE slot_capacity SET booked = booked - 1 WHERE service_id = $1 AND slot_start = $2 AND booked > 0`, [
      seat.serviceId,
      seat.slotStart,
    ]);
    await manager.query(`UPDATE day_capacity SET booked = booked - 1 WHERE service_id = $1 AND local_date = $2 AND booked > 0`, [
      seat.serviceId,
      seat.localDate,
    ]);
  }

  /** Seats taken per slot start (in ms) for a service between two instants. */
  async bookedBySlot(manager: EntityManager, serviceId: string, from: Date, to: Date): Promise<Map<number, number>> {
    // Epoch milliseconds as a number: parsing a timestamptz into a Date per row cost more than the query.
    const rows = await preparedQuery<{ ms: number; booked: number }>(
      manager,
      `SELECT (extract(epoch FROM slot_start) * 1000)::float8 AS ms, booked FROM slot_capacity
        WHERE service_id = $1 AND slot_start >= $2 AND slot_start < $3 AND booked > 0`,
      [serviceId, from, to],
    );
    return new Map(rows.map((row) => [row.ms, row.booked]));
  }
}
