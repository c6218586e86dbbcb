import { holdUntil, waitlistSlotFacts } from '@turnero/scheduling';
import type { EntityManager } from 'typeorm';
import type { WaitlistOfferCause } from './waitlist-offer.entity.js';

/** A seat the caller holds in the ledger (a booking's, an offer's, one the sweep claimed). */
export interface HeldSeat {
  serviceId: string;
  officeId: string;
  slotStart: Date;
  slotEnd: Date;
  localDate: string;
}

/** What the hand-off needs of the office, and the moment. */
export interface HandOffContext {
  timeZone: string;
  holdMinutes: number;
  now: Date;
  cause: WaitlistOfferCause;
  /** The channels the server sends through now (MessageChannels). */
  channels: { email: boolean; sms: boolean };
  /** An entry not to offer it to (the one whose offer just ended). */
  exclude?: string | null;
}

/**
 * Gives a seat the caller holds to the next person waiting for it, or back to everyone: one call of
 * `waitlist_offer_seat` (migration Waitlist) in the caller's transaction. The hold window and the
 * slot's facts are computed here with the scheduling library; the pick (first matching entry by
 * order of joining, `FOR UPDATE SKIP LOCKED`), the offer, the entry's status, the message and,
 * failing all that, the release are the function's, in one round trip. Returns the offer's id, or
 * null when the seat went back to the ledger.
 */
export async function offerSeat(manager: EntityManager, seat: HeldSeat, context: HandOffContext): Promise<string | null> {
  const expiresAt = holdUntil({ now: context.now.getTime(), slotStart: seat.slotStart.getTime(), holdMinutes: context.holdMinutes });
  const facts = waitlistSlotFacts(seat.slotStart, context.timeZone);
  const rows = (await manager.query(
    `SELECT waitlist_offer_seat($1::uuid, $2::uuid, $3::timestamptz, $4::timestamptz, $5::date, $6::int, $7::boolean, $8::timestamptz, $9, $10::timestamptz, $11::boolean, $12::boolean, $13::uuid) AS id`,
    [
      seat.serviceId,
      seat.officeId,
      seat.slotStart,
      seat.slotEnd,
      seat.localDate,
      facts.isoWeekday,
      facts.morning,
      expiresAt === null ? null : new Date(expiresAt),
      context.cause,
      context.now,
      context.channels.email,
      context.channels.sms,
      context.exclude ?? null,
    ],
  )) as { id: string | null }[];
  return rows[0]?.id ?? null;
}
