import { describe, expect, it } from 'vitest';
import { splitBookings } from './booking-order.js';

const NOW = Date.parse('2026-12-02T10:07:00-03:00');
const booking = (code: string, status: string, start: string) => ({
  code,
  status,
  slotStart: `2026-12-${start}:00-03:00`,
  slotEnd: new Date(Date.parse(`2026-12-${start}:00-03:00`) + 15 * 60_000).toISOString(),
});

describe('the order of the bookings in "Mis trámites"', () => {
  it('lists confirmed bookings not yet over soonest first, the rest newest first', () => {
    const list = [
      booking('LATER', 'confirmed', '09T09:00'),
      booking('OLD', 'checked_in', '01T09:00'),
      booking('SOON', 'confirmed', '03T11:00'),
      booking('CANCELLED', 'cancelled', '10T09:00'),
      booking('EXPIRED', 'expired', '01T08:00'),
    ];
    const { upcoming, past } = splitBookings(list, NOW);
    expect(upcoming.map((b) => b.code)).toEqual(['SOON', 'LATER']);
    expect(past.map((b) => b.code)).toEqual(['CANCELLED', 'OLD', 'EXPIRED']);
  });

  it('keeps a confirmed booking upcoming until its slot ends, by the given clock', () => {
    // 10:00–10:15 today: still upcoming at 10:07, over at 10:15.
    const now = booking('NOW', 'confirmed', '02T10:00');
    expect(splitBookings([now], NOW).upcoming).toHaveLength(1);
    expect(splitBookings([now], Date.parse('2026-12-02T10:15:00-03:00')).past).toHaveLength(1);
  });
});
