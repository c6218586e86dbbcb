import type { DateTime } from 'luxon';
import type { ServiceSettings } from '../service-settings.js';
import { availabilityOfDay, MAX_AVAILABILITY_DAYS, type AvailabilitySlot } from './availability.js';
import { bookedLookup, type BookedCounts } from './booked-counts.js';
import type { OfficeCalendar } from './office-calendar.js';
import { addDays, parseInstant } from './wall-time.js';

export interface NextSlotsRequest {
  calendar: OfficeCalendar;
  settings: ServiceSettings;
  /** Suggestions start strictly after this instant (the full slot's start). */
  after: string;
  now: DateTime;
  booked: BookedCounts;
  /** How many to suggest; 3 unless told. */
  limit?: number;
}

/**
 * The next slots with room that can be booked now, for SLOT_FULL's details. It looks from the
 * date of `after` up to the last date already released for booking, and never more than 62 days.
 */
export function nextSlotsWithRoom(request: NextSlotsRequest): AvailabilitySlot[] {
  const { calendar, settings, now, limit = 3 } = request;
  const after = parseInstant(request.after, calendar.timeZone);
  if (!after || limit <= 0) return [];
  const lookup = bookedLookup(request.booked);
  const firstDate = after.toISODate()!;
  // No date later than the horizon past today can have been released yet.
  const lastDate = addDays(now.setZone(calendar.timeZone).toISODate()!, settings.bookingHorizonDays);
  const found: AvailabilitySlot[] = [];
  for (let offset = 0; offset < MAX_AVAILABILITY_DAYS && found.length < limit; offset++) {
    const date = addDays(firstDate, offset);
    if (date > lastDate) break;
    for (const slot of availabilityOfDay(calendar, settings, date, lookup, now).slots) {
      if (found.length < limit && slot.remaining > 0 && Date.parse(slot.start) > after.toMillis()) found.push(slot);
    }
  }
  return found;
}
