import { DateTime } from 'luxon';

/**
 * Seats already taken, by slot: a map from the slot's start instant (any ISO 8601 spelling of it,
 * e.g. the `start` a slot reports or the UTC form from the database) to a count, or a function
 * called with the slot's `start` as the slots report it.
 */
export type BookedCounts = ReadonlyMap<string, number> | ((slotStart: string) => number);

/** A lookup by instant: map keys are normalised once, so "…-03:00" and "…Z" spellings meet. */
export function bookedLookup(booked: BookedCounts): (slotStart: string) => number {
  if (typeof booked === 'function') return (slotStart) => nonNegative(booked(slotStart));
  const byMillis = new Map<number, number>();
  for (const [key, count] of booked) {
    const instant = DateTime.fromISO(key, { setZone: true });
    // A key that is not an instant cannot match a slot: it is ignored rather than fatal.
    if (instant.isValid) byMillis.set(instant.toMillis(), (byMillis.get(instant.toMillis()) ?? 0) + nonNegative(count));
  }
  return (slotStart) => byMillis.get(DateTime.fromISO(slotStart, { setZone: true }).toMillis()) ?? 0;
}

function nonNegative(count: number): number {
  return Number.isFinite(count) && count > 0 ? count : 0;
}
