import { DateTime } from 'luxon';

/** What a person on the waitlist will take: a range of office-local dates, some weekdays, mornings only. */
export interface WaitlistWishes {
  /** First office-local date ('YYYY-MM-DD'), inclusive. */
  from: string;
  /** Last office-local date, inclusive. */
  to: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the person can come; null: any. */
  weekdays: readonly number[] | null;
  /** Only slots that start before 12:00 office time. */
  morningOnly: boolean;
}

/** What the matching needs to know of a slot, in the office's zone. */
export interface WaitlistSlotFacts {
  /** The slot's office-local date ('YYYY-MM-DD'). */
  localDate: string;
  /** Its ISO weekday, 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  /** It starts before 12:00 office time. */
  morning: boolean;
}

/** The hour (office time) before which a slot counts as a morning one. */
export const WAITLIST_MORNING_ENDS_HOUR = 12;

/** A hold shorter than this is no use to anyone: the seat is given back to everyone instead. */
export const MIN_HOLD_MINUTES = 10;

/** The facts of a slot starting at `slotStart` (an instant) in the office's zone. */
export function waitlistSlotFacts(slotStart: Date | number, timeZone: string): WaitlistSlotFacts {
  const local = DateTime.fromMillis(typeof slotStart === 'number' ? slotStart : slotStart.getTime(), { zone: timeZone });
  return { localDate: local.toISODate()!, isoWeekday: local.weekday, morning: local.hour < WAITLIST_MORNING_ENDS_HOUR };
}

/**
 * Whether a slot fits a person's wishes: its date within [from, to], its weekday among theirs (or
 * any), and before noon when they asked for mornings only. The SQL that picks the next person
 * (migration Waitlist, `waitlist_offer_seat`) applies the same three conditions to these facts.
 */
export function slotMatchesWishes(wishes: WaitlistWishes, slot: WaitlistSlotFacts): boolean {
  if (slot.localDate < wishes.from || slot.localDate > wishes.to) return false;
  if (wishes.weekdays !== null && !wishes.weekdays.includes(slot.isoWeekday)) return false;
  return !wishes.morningOnly || slot.morning;
}

/**
 * Until when a freed seat is held for the person it is offered to: the office's hold time, but
 * never more than half the time left before the slot starts (so that, if they let it go, someone
 * else still has time to take it). Null when that leaves less than MIN_HOLD_MINUTES: the seat is
 * then given back to everyone instead of being offered. Instants in epoch milliseconds.
 */
export function holdUntil(input: { now: number; slotStart: number; holdMinutes: number }): number | null {
  const { now, slotStart, holdMinutes } = input;
  if (!(slotStart > now) || !(holdMinutes > 0)) return null;
  const expiresAt = Math.min(now + holdMinutes * 60_000, now + Math.floor((slotStart - now) / 2));
  return expiresAt - now < MIN_HOLD_MINUTES * 60_000 ? null : expiresAt;
}
