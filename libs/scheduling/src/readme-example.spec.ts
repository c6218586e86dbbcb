import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { availability, checkBooking, nextTicket, parseRut, type OfficeCalendar, type ServiceSettings } from './index.js';

/** The example of libs/scheduling/README.md, kept true. */
describe('the README example', () => {
  const calendar: OfficeCalendar = {
    timeZone: 'America/Santiago',
    weeklyHours: { 1: [{ start: '08:30', end: '14:00' }], 2: [{ start: '08:30', end: '14:00' }] },
    exceptions: [{ kind: 'closed', date: '2026-12-01', start: '08:30', end: '10:00', reason: 'Capacitación' }],
    holidays: { country: 'CL', region: null },
  };
  const settings: ServiceSettings = {
    mode: 'appointment', slotMinutes: 15, seatsPerSlot: 3, dailyAppointmentCap: 50,
    bookingHorizonDays: 30, bookingOpensAt: '08:00', bookingLeadMinutes: 10,
    checkInBeforeMinutes: 30, checkInGraceMinutes: 15, walkInDailyCap: null, averageServiceMinutes: 20,
  };
  const now = DateTime.fromISO('2026-11-25T09:00:00-03:00');

  it('parses a RUT', () => {
    expect(parseRut('12.345.678-5')).toMatchObject({ ok: true, value: { normalized: '12345678-5', formatted: '12.345.678-5' } });
  });

  it('lists the days, with the closure taking the morning of 1 December', () => {
    const result = availability({ calendar, settings, from: '2026-11-30', to: '2026-12-04', booked: new Map(), now });
    if (!result.ok) throw new Error(result.error.message);
    const december1 = result.value.days[1];
    expect(december1).toMatchObject({ date: '2026-12-01', open: true });
    expect(december1.slots[0].start).toBe('2026-12-01T10:00:00-03:00');
    expect(result.value.days[2]).toMatchObject({ date: '2026-12-02', open: false });
  });

  it('refuses a full slot', () => {
    const result = checkBooking({ calendar, settings, slotStart: '2026-12-01T10:00:00-03:00', now, bookedInSlot: 3, bookedInDay: 10, hasActiveBookingForService: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'SLOT_FULL' } });
  });

  it('calls the preferential ticket first', () => {
    const t1 = { id: 't1', serviceId: 'R', kind: 'walk_in' as const, preferential: false, issuedAt: now.minus({ minutes: 20 }) };
    const t2 = { id: 't2', serviceId: 'R', kind: 'walk_in' as const, preferential: true, issuedAt: now.minus({ minutes: 5 }) };
    expect(nextTicket([t1, t2], { id: 'counter-1', serviceIds: ['R'] }, { kind: 'strict_priority' }, now)).toMatchObject({ ticket: t2, reason: { code: 'preferential' } });
  });
});
