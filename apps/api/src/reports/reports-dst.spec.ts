import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../testing/desk-fixtures.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * America/Santiago changes its clocks at midnight: on Sunday 5 April 2026 at 00:00 (−03) it goes
 * back to 23:00 of Saturday the 4th (−04), so 23:00–23:59 of the 4th happens twice; on Sunday
 * 6 September 2026 at 00:00 (−04) it jumps to 01:00 (−03), so that day has no hour 00. The
 * instants below are written in UTC: local hours must come from the zone, never from a fixed offset.
 */
const ARRIVALS: { utc: string; localDate: string; local: string }[] = [
  { utc: '2026-04-03T12:15:00Z', localDate: '2026-04-03', local: 'Fri 09:15 (−03)' },
  { utc: '2026-04-05T02:30:00Z', localDate: '2026-04-04', local: 'Sat 23:30, first time (−03)' },
  { utc: '2026-04-05T03:30:00Z', localDate: '2026-04-04', local: 'Sat 23:30, second time (−04)' },
  { utc: '2026-04-05T13:15:00Z', localDate: '2026-04-05', local: 'Sun 09:15 (−04)' },
  { utc: '2026-09-05T13:15:00Z', localDate: '2026-09-05', local: 'Sat 09:15 (−04)' },
  { utc: '2026-09-06T04:30:00Z', localDate: '2026-09-06', local: 'Sun 01:30 (−03), just after the jump' },
  { utc: '2026-09-07T12:15:00Z', localDate: '2026-09-07', local: 'Mon 09:15 (−03)' },
];

describe('reports across daylight-saving changes (America/Santiago)', () => {
  let t: TestApp;
  let officeId: string;
  let supervisor: string;
  const get = async (path: string) => (await t.http.get(`/api/v1/offices/${officeId}${path}`).set('Authorization', supervisor).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: '2026-10-01T10:00:00-03:00' });
    const f = deskFixtures(t);
    officeId = (await f.office()).id;
    const serviceId = (await f.service(officeId, 'D', { mode: 'both' })).id;
    supervisor = (await f.staff('supervisor', officeId)).auth;
    const r = reportFixtures(t.db);
    for (const arrival of ARRIVALS) {
      const issuedAt = new Date(arrival.utc);
      await r.ticket(officeId, serviceId, arrival.localDate, { issued: '00:00' }, { issuedAt, queuedAt: issuedAt, status: 'cancelled', completedAt: null });
    }
    // An appointment at 09:00 on the Monday after the change (12:00 UTC) counts in hour 09.
    await r.booking(officeId, serviceId, '2026-09-07', '09:00', { status: 'checked_in' });
  });
  afterAll(() => t.close());

  it('groups arrivals by the office-local hour on both sides of each change', async () => {
    const body = await get('/reports?from=2026-04-01&to=2026-09-30&groupBy=hour');
    const byHour = Object.fromEntries(body.rows.map((r: { key: string; arrivals: number; appointmentsBooked: number }) => [r.key, [r.arrivals, r.appointmentsBooked]]));
    expect(byHour).toEqual({ '01': [1, 0], '09': [4, 1], '23': [2, 0] });
    expect(body.totals.arrivals).toBe(ARRIVALS.length);
  });

  it('keeps both 23:30s of the repeated hour on Saturday the 4th, and the day after the jump whole', async () => {
    const body = await get('/reports?from=2026-04-03&to=2026-09-07&groupBy=day');
    expect(body.rows.map((r: { key: string; arrivals: number }) => [r.key, r.arrivals])).toEqual([
      ['2026-04-03', 1],
      ['2026-04-04', 2],
      ['2026-04-05', 1],
      ['2026-09-05', 1],
      ['2026-09-06', 1],
      ['2026-09-07', 1],
    ]);
  });

  it('places the same arrivals on the heat map by local weekday and hour', async () => {
    const body = await get('/reports/arrivals?from=2026-04-01&to=2026-09-30');
    const filled = body.cells.filter((c: { arrivals: number }) => c.arrivals > 0).map((c: { weekday: number; hour: number; arrivals: number }) => [c.weekday, c.hour, c.arrivals]);
    expect(filled).toEqual([
      [1, 9, 1],
      [5, 9, 1],
      [6, 9, 1],
      [6, 23, 2],
      [7, 1, 1],
      [7, 9, 1],
    ]);
    // 1 April (Wednesday) to 30 September 2026: 183 days, 26 of each weekday and 27 Wednesdays.
    expect(body.weekdays.map((w: { days: number }) => w.days)).toEqual([26, 26, 27, 26, 26, 26, 26]);
  });
});
