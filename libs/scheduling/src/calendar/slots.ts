import type { DateTime } from 'luxon';
import type { ServiceSettings } from '../service-settings.js';
import { spreadDailyCap } from './daily-cap.js';
import type { OfficeCalendar } from './office-calendar.js';
import { resolvedOpening, type ResolvedDay } from './opening.js';
import { isoInstant, resolveWallTime } from './wall-time.js';

/** One appointment slot: instants with the office's offset, its local date and time, and its seats. */
export interface Slot {
  start: string;
  end: string;
  localDate: string;
  /** "HH:mm" on the wall clock when the slot starts. */
  localTime: string;
  seats: number;
}

/** A slot with its instants still as luxon values, for the calculations that compare them. */
export interface TimedSlot extends Slot {
  startAt: DateTime;
  endAt: DateTime;
}

/** The slots of one local date, without the luxon values. */
export function slotsForDay(calendar: OfficeCalendar, settings: Pick<ServiceSettings, 'slotMinutes' | 'seatsPerSlot' | 'dailyAppointmentCap'>, localDate: string): Slot[] {
  return timedSlotsForDay(calendar, settings, localDate).map(({ startAt: _start, endAt: _end, ...slot }) => slot);
}

/**
 * Slots start on a wall-clock grid from each opening interval's start, every `slotMinutes`, and last
 * `slotMinutes` of real time. A slot is kept only when it ends by the interval's end (no slot runs
 * across a break or past closing). Around a clock change:
 * - a grid time the clock skips gives no slot;
 * - a grid time the clock reads twice gives one slot, at its first occurrence;
 * - a slot that would overlap the previous one (the grid is compressed by a skipped hour) is dropped.
 */
export function timedSlotsForDay(
  calendar: OfficeCalendar,
  settings: Pick<ServiceSettings, 'slotMinutes' | 'seatsPerSlot' | 'dailyAppointmentCap'>,
  localDate: string,
): TimedSlot[] {
  return slotsInOpening(calendar.timeZone, settings, resolvedOpening(calendar, localDate));
}

type GridSettings = Pick<ServiceSettings, 'slotMinutes' | 'seatsPerSlot' | 'dailyAppointmentCap'>;

/** Grids per resolved day (memoized by `resolvedOpening`, so the same object comes back) and settings. */
const grids = new WeakMap<ResolvedDay, Map<string, readonly TimedSlot[]>>();

/** The slots of a day whose opening is already resolved (see `timedSlotsForDay`); shared and frozen. */
export function slotsInOpening(zone: string, settings: GridSettings, day: ResolvedDay): TimedSlot[] {
  let byKey = grids.get(day);
  if (!byKey) grids.set(day, (byKey = new Map()));
  const key = `${zone}|${settings.slotMinutes}|${settings.seatsPerSlot}|${settings.dailyAppointmentCap}`;
  let slots = byKey.get(key);
  if (!slots) byKey.set(key, (slots = Object.freeze(computeSlots(zone, settings, day))));
  return slots as TimedSlot[];
}

function computeSlots(zone: string, settings: GridSettings, day: ResolvedDay): TimedSlot[] {
  const { slotMinutes } = settings;
  if (!Number.isInteger(slotMinutes) || slotMinutes <= 0) throw new RangeError(`slotMinutes must be a positive whole number, not ${slotMinutes}`);
  const found: Omit<TimedSlot, 'seats'>[] = [];
  let previousEnd = -Infinity;
  for (const interval of day.intervals) {
    for (let wall = interval.wallStart; wall < interval.wallEnd; wall += slotMinutes) {
      const resolved = resolveWallTime(zone, day.date, wall);
      if (resolved.kind === 'missing') continue;
      const startAt = resolved.kind === 'exact' ? resolved.instant : resolved.earlier;
      const endAt = startAt.plus({ minutes: slotMinutes });
      const fits = startAt >= interval.start && endAt <= interval.end && startAt.toMillis() >= previousEnd;
      if (!fits) continue;
      previousEnd = endAt.toMillis();
      found.push({ start: isoInstant(startAt), end: isoInstant(endAt), localDate: day.date, localTime: startAt.toFormat('HH:mm'), startAt, endAt });
    }
  }
  const seats = spreadDailyCap(found.length, settings.seatsPerSlot, settings.dailyAppointmentCap);
  return found.map((slot, index) => ({ ...slot, seats: seats[index] }));
}
