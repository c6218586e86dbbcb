/** What the order of "Mis trámites" needs of a booking (BookingDto has these). */
export interface Ordered {
  status: string;
  slotStart: string;
  slotEnd: string;
}

/**
 * "Mis trámites": upcoming bookings (still confirmed, not over by `nowMs`, the server's clock) soonest
 * first; then the others (cancelled, attended, past) newest first.
 */
export function splitBookings<B extends Ordered>(bookings: readonly B[], nowMs: number): { upcoming: B[]; past: B[] } {
  const isUpcoming = (booking: B) => booking.status === 'confirmed' && Date.parse(booking.slotEnd) > nowMs;
  const bySlot = (a: B, b: B) => Date.parse(a.slotStart) - Date.parse(b.slotStart);
  return {
    upcoming: bookings.filter(isUpcoming).sort(bySlot),
    past: bookings.filter((booking) => !isUpcoming(booking)).sort((a, b) => bySlot(b, a)),
  };
}
