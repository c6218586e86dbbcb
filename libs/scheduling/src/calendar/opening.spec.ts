import { describe, expect, it } from 'vitest';
import { officeCalendarProblems, type OfficeCalendar } from './office-calendar.js';
import { CLOSED_WEEKDAY, openingOn, sealCalendar, SKIPPED_BY_CLOCK_CHANGE } from './opening.js';
import { CHILE_HOLIDAYS, publicHolidaysOn } from './public-holidays.js';
import { isoInstant } from './wall-time.js';

const weekdays = [{ start: '08:30', end: '13:30' }, { start: '14:30', end: '16:00' }];
const calendar = (overrides: Partial<OfficeCalendar> = {}): OfficeCalendar => ({
  timeZone: 'America/Santiago',
  weeklyHours: { 1: weekdays, 2: weekdays, 3: weekdays, 4: weekdays, 5: weekdays },
  exceptions: [],
  holidays: CHILE_HOLIDAYS,
  ...overrides,
});
const spans = (day: ReturnType<typeof openingOn>) => day.intervals.map(({ start, end }) => `${isoInstant(start)}/${isoInstant(end)}`);

describe('openingOn', () => {
  it('an ordinary weekday opens with its weekly hours, as instants in the office zone', () => {
    const day = openingOn(calendar(), '2026-12-01');
    expect(day).toMatchObject({ date: '2026-12-01', open: true });
    expect(day.reason).toBeUndefined();
    expect(spans(day)).toEqual(['2026-12-01T08:30:00-03:00/2026-12-01T13:30:00-03:00', '2026-12-01T14:30:00-03:00/2026-12-01T16:00:00-03:00']);
  });

  it('a weekday without hours is closed and says so', () => {
    expect(openingOn(calendar(), '2026-12-05')).toEqual({ date: '2026-12-05', open: false, reason: CLOSED_WEEKDAY, intervals: [] });
  });

  it('a Chilean public holiday (18 Sep 2026) closes the office with the holiday name', () => {
    expect(openingOn(calendar(), '2026-09-18')).toMatchObject({ open: false, reason: 'Fiestas Patrias', intervals: [] });
  });

  it('a calendar without holidays opens on a public holiday that falls on a working weekday', () => {
    expect(openingOn(calendar({ holidays: null }), '2026-09-18').open).toBe(true);
  });

  it('a regional holiday closes only offices of that region (Arica y Parinacota, 7 Jun 2026)', () => {
    const sundays = { 7: [{ start: '09:00', end: '12:00' }] };
    expect(openingOn(calendar({ weeklyHours: sundays, holidays: { country: 'CL', region: 'AP' } }), '2026-06-07')).toMatchObject({
      open: false,
      reason: 'Asalto y Toma del Morro de Arica',
    });
    expect(openingOn(calendar({ weeklyHours: sundays }), '2026-06-07').open).toBe(true);
  });

  it('an extra opening replaces the weekday hours, even on a holiday', () => {
    const day = openingOn(
      calendar({ exceptions: [{ kind: 'open', date: '2026-09-18', intervals: [{ start: '10:00', end: '12:00' }], reason: 'Emergency operation' }] }),
      '2026-09-18',
    );
    expect(day.open).toBe(true);
    expect(spans(day)).toEqual(['2026-09-18T10:00:00-03:00/2026-09-18T12:00:00-03:00']);
  });

  it('an extra opening on a Saturday opens an otherwise closed day; overlapping intervals merge', () => {
    const day = openingOn(
      calendar({
        exceptions: [
          { kind: 'open', date: '2026-12-05', intervals: [{ start: '09:00', end: '11:00' }, { start: '10:30', end: '12:00' }] },
          { kind: 'open', date: '2026-12-05', intervals: [{ start: '11:30', end: '11:00' }] },
        ],
      }),
      '2026-12-05',
    );
    expect(spans(day)).toEqual(['2026-12-05T09:00:00-03:00/2026-12-05T12:00:00-03:00']);
  });

  it('a whole-day closure beats an extra opening and gives its reason', () => {
    const day = openingOn(
      calendar({
        exceptions: [
          { kind: 'open', date: '2026-12-05', intervals: [{ start: '09:00', end: '12:00' }] },
          { kind: 'closed', date: '2026-12-05', reason: 'Power outage' },
        ],
      }),
      '2026-12-05',
    );
    expect(day).toEqual({ date: '2026-12-05', open: false, reason: 'Power outage', intervals: [] });
  });

  it('closed hours are cut out of the day, splitting an interval', () => {
    const day = openingOn(calendar({ exceptions: [{ kind: 'closed', date: '2026-12-01', start: '10:00', end: '11:00', reason: 'Staff meeting' }] }), '2026-12-01');
    expect(spans(day)).toEqual([
      '2026-12-01T08:30:00-03:00/2026-12-01T10:00:00-03:00',
      '2026-12-01T11:00:00-03:00/2026-12-01T13:30:00-03:00',
      '2026-12-01T14:30:00-03:00/2026-12-01T16:00:00-03:00',
    ]);
  });

  it('closed hours covering the whole day close it with their reasons', () => {
    const day = openingOn(
      calendar({
        exceptions: [
          { kind: 'closed', date: '2026-12-01', start: '08:00', end: '14:00', reason: 'Fire drill' },
          { kind: 'closed', date: '2026-12-01', start: '14:00', end: '17:00', reason: 'Cleaning' },
        ],
      }),
      '2026-12-01',
    );
    expect(day).toMatchObject({ open: false, reason: 'Fire drill / Cleaning' });
  });

  it('hours that lie wholly in the skipped hour (6 Sep 2026, 00:00–00:45) leave the day closed', () => {
    const day = openingOn(calendar({ exceptions: [{ kind: 'open', date: '2026-09-06', intervals: [{ start: '00:00', end: '00:45' }] }] }), '2026-09-06');
    expect(day).toMatchObject({ open: false, reason: SKIPPED_BY_CLOCK_CHANGE });
  });

  it('refuses a malformed date', () => {
    expect(() => openingOn(calendar(), '1 Dec 2026')).toThrow(RangeError);
  });
});

describe('publicHolidaysOn', () => {
  it('lists public holidays only and answers from the cache the second time', () => {
    expect(publicHolidaysOn(CHILE_HOLIDAYS, '2026-01-01')).toEqual(['Año Nuevo']);
    expect(publicHolidaysOn(CHILE_HOLIDAYS, '2026-01-01')).toEqual(['Año Nuevo']);
    expect(publicHolidaysOn(CHILE_HOLIDAYS, '2026-01-02')).toEqual([]);
    expect(publicHolidaysOn({ country: 'ZZ' }, '2026-01-01')).toEqual([]);
  });
});

describe('officeCalendarProblems', () => {
  it('accepts a valid calendar', () => {
    expect(officeCalendarProblems(calendar({ exceptions: [{ kind: 'closed', date: '2026-12-01', start: '10:00', end: '11:00', reason: 'x' }] }))).toEqual([]);
  });

  it('names a bad zone, bad weekly hours, a bad date, bad extra hours and bad closed hours', () => {
    expect(
      officeCalendarProblems({
        timeZone: 'CLT',
        weeklyHours: { 1: [{ start: '14:00', end: '08:00' }] },
        exceptions: [
          { kind: 'closed', date: '2026-02-30', reason: 'x' },
          { kind: 'open', date: '2026-12-05', intervals: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] },
          { kind: 'closed', date: '2026-12-01', start: '11:00', end: '10:00', reason: 'x' },
        ],
        holidays: null,
      }),
    ).toEqual([
      '"CLT" is not an IANA time zone',
      'weekday 1: 14:00–08:00 ends before it starts',
      'exception 1: "2026-02-30" is not a YYYY-MM-DD date',
      'exception 2 (2026-12-05): 09:00–12:00 overlaps 11:00–13:00',
      'exception 3 (2026-12-01): closed hours need start before end, as HH:mm',
    ]);
  });
});

describe('sealCalendar', () => {
  it('freezes the calendar deeply and answers every day as the unsealed calendar does', () => {
    const exceptions: OfficeCalendar['exceptions'] = [
      { kind: 'closed', date: '2026-12-03', reason: 'Inventario' },
      { kind: 'closed', date: '2026-12-04', start: '10:00', end: '11:00', reason: 'Simulacro' },
      { kind: 'open', date: '2026-12-05', intervals: [{ start: '09:00', end: '12:00' }], reason: 'Operativo' },
    ];
    const sealed = sealCalendar(calendar({ exceptions }));
    expect(Object.isFrozen(sealed) && Object.isFrozen(sealed.exceptions[2]) && Object.isFrozen(sealed.weeklyHours[1]![0])).toBe(true);
    expect(() => (sealed.exceptions as unknown[]).push({})).toThrow();
    const plain = calendar({ exceptions: structuredClone(exceptions) });
    for (const date of ['2026-12-01', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-08', '2026-12-25']) {
      for (let asked = 0; asked < 2; asked++) expect(openingOn(sealed, date)).toEqual(openingOn(plain, date)); // the second from memory
    }
    expect(() => openingOn(sealed, '2026-13-01')).toThrow();
  });
});
