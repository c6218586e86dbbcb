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

/** The booking row `claimAndBook` inserts with the seat. */
export interface NewBookingRow {
  code: string;
  officeId: string;
  slotEnd: Date;
  documentType: string;
  documentNumber: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  preferential: boolean;
}

export type ClaimOutcome = 'taken' | 'slot_full' | 'day_full';

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
  async claim(manager: EntityManager, claim: SeatClaim): Promise<ClaimOutcome> {
    if (claim.seats <= 0) return 'slot_full';
    const slot: unknown[] = await manager.query(
      `INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES ($1, $2, $3, 1)
       ON CONFLICT (service_id, slot_start) DO UPDATE
         SET booked = slot_capacity.booked + 1, seats = EXCLUDED.seats
         WHERE slot_capacity.booked < EXCLUDED.seats
       RETURNING booked`,
      [claim.serviceId, claim.slotStart, claim.seats],
    );
    if (slot.length === 0) return 'slot_full';
    // The day's row is kept even without a cap, so the day's count is right if a cap is set later.
    const cap = claim.dayCap ?? UNCAPPED;
    if (cap <= 0) return 'day_full';
    const day: unknown[] = await manager.query(
      `INSERT INTO day_capacity (service_id, local_date, cap, booked) VALUES ($1, $2, $3, 1)
       ON CONFLICT (service_id, local_date) DO UPDATE
         SET booked = day_capacity.booked + 1, cap = EXCLUDED.cap
         WHERE day_capacity.booked < EXCLUDED.cap
       RETURNING booked`,
      [claim.serviceId, claim.localDate, cap],
    );
    return day.length === 0 ? 'day_full' : 'taken';
  }

  /**
   * The booking path in one round trip: claim the slot, then the day (only if the slot was
   * claimed), then insert the booking (only if both were), as one statement of chained
   * data-modifying CTEs. A full day after a claimed slot reports 'day_full' and the caller must
   * roll the transaction back (SeatUnavailable does). A second active booking for the same
   * document fails the insert on `uq_bookings_active_document`, rolling everything back.
   */
  async claimAndBook(manager: EntityManager, claim: SeatClaim, booking: NewBookingRow): Promise<{ outcome: ClaimOutcome; id?: string; createdAt?: Date }> {
    if (claim.seats <= 0) return { outcome: 'slot_full' };
    const cap = claim.dayCap ?? UNCAPPED;
    if (cap <= 0) return { outcome: 'day_full' };
    const rows = await preparedQuery<{ slot: number; day: number; id: string | null; created_at: Date | null }>(
      manager,
      `WITH slot AS (
         INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES ($1, $2, $3, 1)
         ON CONFLICT (service_id, slot_start) DO UPDATE SET booked = slot_capacity.booked + 1, seats = EXCLUDED.seats
           WHERE slot_capacity.booked < EXCLUDED.seats
         RETURNING 1),
       day AS (
         INSERT INTO day_capacity (service_id, local_date, cap, booked) SELECT $1::uuid, $4::date, $5::int, 1 FROM slot
         ON CONFLICT (service_id, local_date) DO UPDATE SET booked = day_capacity.booked + 1, cap = EXCLUDED.cap
           WHERE day_capacity.booked < EXCLUDED.cap
         RETURNING 1),
       booking AS (
         INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone, preferential)
         SELECT $6, $7::uuid, $1::uuid, $2::timestamptz, $8::timestamptz, $4::date, 'confirmed', $9::document_type, $10, $11, $12, $13, $14::boolean FROM day
         RETURNING id, created_at)
       SELECT (SELECT count(*) FROM slot)::int AS slot, (SELECT count(*) FROM day)::int AS day,
              (SELECT id FROM booking) AS id, (SELECT created_at FROM booking) AS created_at`,
      [
        claim.serviceId, claim.slotStart, claim.seats, claim.localDate, cap,
        booking.code, booking.officeId, booking.slotEnd, booking.documentType, booking.documentNumber,
        booking.fullName, booking.email, booking.phone, booking.preferential,
      ],
    );
    const result = rows[0];
    if (!result || result.slot === 0) return { outcome: 'slot_full' };
    if (result.day === 0) return { outcome: 'day_full' };
    return { outcome: 'taken', id: result.id!, createdAt: result.created_at! };
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

  /** Seats taken per slot start (ISO instants) for a service between two instants. */
  async bookedBySlot(manager: EntityManager, serviceId: string, from: Date, to: Date): Promise<Map<number, number>> {
    const rows = await preparedQuery<{ slot_start: Date; booked: number }>(
      manager,
      `SELECT slot_start, booked FROM slot_capacity WHERE service_id = $1 AND slot_start >= $2 AND slot_start < $3 AND booked > 0`,
      [serviceId, from, to],
    );
    return new Map(rows.map((row) => [row.slot_start.getTime(), row.booked]));
  }
}
