import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../testing/desk-fixtures.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { reportColumns } from './report-csv.js';
import { FIGURES } from './report-figures.js';

/**
 * One small day at an office, whose figures can be checked by hand (Tuesday 16 June 2026,
 * America/Santiago, UTC−4; the clock stands on the 17th). Standard for waiting: 30 minutes.
 *
 *   walk-ins of T            issued  called  start–end     counter/agent  quote  survey
 *   W1 done                   09:00   09:05   09:06–09:16   M1 / a1          8     5
 *   W2 done                   09:10   09:20   09:21–09:29   M1 / a1         12     3 "Lento"
 *   W3 done                   09:20   09:40   09:41–09:53   M2 / a2         15     –
 *   W4 no-show                09:30   10:10   (gone 10:15)  M1 / a1         25     –
 *   W5 closed, never called   10:20     –       –              –            10     –
 *   appointments of R (slot)
 *   A1 done (10:00)           09:45   11:00   11:01–11:21   M2 / a2          –     4
 *   A2 done (10:30)           10:40   10:45   10:46–11:00   M1 / a1          3     –
 *
 * Waits to the call (an appointment checked in early waits from its slot): W1 5, W2 10, W3 20,
 * W4 40, A1 60 (from 10:00), A2 5 (arrived late: from 10:40) → sorted 5 5 10 20 40 60:
 * mean 140/6 = 23.3; median (10+20)/2 = 15; p90 at rank 0.9×5 = 4.5 → 40 + 0.5×20 = 50;
 * within 30 minutes 4/6 = 0.667. Service times 10 8 12 20 14: mean 12.8, median 12.
 * Quoted vs actual (called tickets with a quote; minutes from issue): quotes 8 12 15 25 3 → 12.6,
 * actual 5 10 20 40 5 → 16. Surveys 5 3 4 → 3, mean 4.
 * Counters: no counter session is logged that day (as on the days before the session log existed),
 * so they are staffed from their first call to their last completion (the fallback;
 * reports-utilisation.spec.ts has days with sessions): M1 09:05–11:00 = 115 min, serving
 * 10+8+14 = 32; M2 09:40–11:21 = 101 min, serving 12+20 = 32; together 64/216 = 0.296.
 * Bookings of R on the 16th: 10:00 and 10:30 checked in, 11:00 cancelled, 11:30 never came
 * (still "confirmed"), 12:00 expired → 5 booked, 1 cancelled, 2 checked in, 2 no-shows; one more
 * on the 18th is still to come. Walk-ins of T refused by the cap that day: 3.
 */
const DAY = '2026-06-16';
const NOW = '2026-06-17T10:00:00-04:00';

describe('reports', () => {
  let t: TestApp;
  let officeId: string;
  let otherOfficeId: string;
  let serviceT: string;
  let serviceR: string;
  let m1: string;
  let m2: string;
  let a1: { id: string; username: string };
  let a2: { id: string; username: string };
  const auth: Record<'admin' | 'supervisor' | 'agent' | 'otherSupervisor', string> = { admin: '', supervisor: '', agent: '', otherSupervisor: '' };

  const get = (path: string, as: keyof typeof auth = 'supervisor') => t.http.get(`/api/v1/offices/${officeId}${path}`).set('Authorization', auth[as]);
  const report = async (groupBy: string, from = DAY, to = DAY) => (await get(`/reports?from=${from}&to=${to}&groupBy=${groupBy}`).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const f = deskFixtures(t);
    const r = reportFixtures(t.db);
    officeId = (await f.office({ name: 'Oficina de informes' })).id;
    otherOfficeId = (await f.office()).id;
    serviceT = (await f.service(officeId, 'T', { name: 'Trámite rápido', mode: 'walk_in', position: 2 })).id;
    serviceR = (await f.service(officeId, 'R', { name: 'Residencia', mode: 'appointment', position: 1 })).id;
    m1 = (await f.counter(officeId, 'Módulo 1', [serviceT, serviceR])).id;
    m2 = (await f.counter(officeId, '+Módulo, "2"', [serviceT, serviceR])).id;
    a1 = await f.staff('agent', officeId);
    a2 = await f.staff('agent', officeId);
    auth.admin = (await f.staff('admin', null)).auth;
    auth.supervisor = (await f.staff('supervisor', officeId)).auth;
    auth.agent = (a1 as unknown as { auth: string }).auth;
    auth.otherSupervisor = (await f.staff('supervisor', otherOfficeId)).auth;

    const at1 = { counterId: m1, agentId: a1.id };
    const at2 = { counterId: m2, agentId: a2.id };
    const w1 = await r.ticket(officeId, serviceT, DAY, { issued: '09:00', called: '09:05', started: '09:06', completed: '09:16' }, { ...at1, quotedWaitMinutes: 8 });
    const w2 = await r.ticket(officeId, serviceT, DAY, { issued: '09:10', called: '09:20', started: '09:21', completed: '09:29' }, { ...at1, quotedWaitMinutes: 12 });
    await r.ticket(officeId, serviceT, DAY, { issued: '09:20', called: '09:40', started: '09:41', completed: '09:53' }, { ...at2, quotedWaitMinutes: 15 });
    await r.ticket(officeId, serviceT, DAY, { issued: '09:30', called: '10:10', completed: '10:15' }, { ...at1, status: 'no_show', quotedWaitMinutes: 25 });
    await r.ticket(officeId, serviceT, DAY, { issued: '10:20', completed: '14:30' }, { status: 'cancelled', quotedWaitMinutes: 10, closedReason: 'closed at end of day' });
    const a1t = await r.ticket(officeId, serviceR, DAY, { issued: '09:45', slot: '10:00', called: '11:00', started: '11:01', completed: '11:21' }, at2);
    await r.ticket(officeId, serviceR, DAY, { issued: '10:40', slot: '10:30', called: '10:45', started: '10:46', completed: '11:00' }, { ...at1, quotedWaitMinutes: 3 });
    await r.survey(w1, 5);
    await r.survey(w2, 3, 'Lento');
    await r.survey(a1t, 4);

    await r.booking(officeId, serviceR, DAY, '10:00', { status: 'checked_in' });
    await r.booking(officeId, serviceR, DAY, '10:30', { status: 'checked_in' });
    await r.booking(officeId, serviceR, DAY, '11:00', { status: 'cancelled' });
    await r.booking(officeId, serviceR, DAY, '11:30');
    await r.booking(officeId, serviceR, DAY, '12:00', { status: 'expired' });
    await r.booking(officeId, serviceR, '2026-06-18', '09:00');
    await r.refusals(serviceT, DAY, 5, 3);

    // Another office's day must not leak into this one's figures.
    const foreign = (await f.service(otherOfficeId, 'T', { mode: 'walk_in' })).id;
    await r.ticket(otherOfficeId, foreign, DAY, { issued: '09:00', called: '09:01', started: '09:02', completed: '09:03' });
    await r.refusals(foreign, DAY, 1, 9);
  });
  afterAll(() => t.close());

  const DAY_FIGURES = {
    appointmentsBooked: 5,
    appointmentsCancelled: 1,
    appointmentsCheckedIn: 2,
    appointmentsNoShow: 2,
    appointmentsPending: 0,
    arrivals: 7,
    walkInsIssued: 5,
    walkInsRefused: 3,
    served: 5,
    ticketNoShows: 1,
    unserved: 1,
    waitMeanMinutes: 23.3,
    waitMedianMinutes: 15,
    waitP90Minutes: 50,
    waitWithinTargetShare: 0.667,
    serviceMeanMinutes: 12.8,
    serviceMedianMinutes: 12,
    quotedWaitMeanMinutes: 12.6,
    quotedActualWaitMeanMinutes: 16,
    busyMinutes: 64,
    staffedMinutes: 216,
    utilisation: 0.296,
    surveys: 3,
    ratingMean: 4,
  };

  it('gives the hand-computed figures of the day, and the same totals', async () => {
    const body = await report('day');
    expect(body).toMatchObject({ officeId, officeName: 'Oficina de informes', timeZone: 'America/Santiago', from: DAY, to: DAY, groupBy: 'day', waitTargetMinutes: 30 });
    expect(body.rows).toEqual([{ key: DAY, label: 'martes 16 de junio de 2026', ...DAY_FIGURES }]);
    expect(body.totals).toEqual({ key: 'total', label: 'Total', ...DAY_FIGURES });
  });

  it('counts bookings still to come as pending', async () => {
    const body = await report('day', DAY, '2026-06-18');
    expect(body.rows.map((r: { key: string }) => r.key)).toEqual([DAY, '2026-06-18']);
    expect(body.rows[1]).toMatchObject({ appointmentsBooked: 1, appointmentsPending: 1, appointmentsNoShow: 0, arrivals: 0, served: 0, waitMeanMinutes: null, utilisation: null });
    expect(body.totals).toMatchObject({ appointmentsBooked: 6, appointmentsPending: 1, served: 5, waitMedianMinutes: 15 });
  });

  it('per service: percentiles of each service, refusals of walk-ins, bookings of appointments; services in their configured order', async () => {
    const body = await report('service');
    expect(body.rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      [serviceR, 'Residencia'],
      [serviceT, 'Trámite rápido'],
    ]);
    const [residencia, rapido] = body.rows;
    // R: waits 60 and 5 → mean = median 32.5, p90 5 + 0.9×55 = 54.5, 1 of 2 within 30 minutes.
    expect(residencia).toMatchObject({
      appointmentsBooked: 5,
      appointmentsCheckedIn: 2,
      arrivals: 2,
      walkInsIssued: 0,
      walkInsRefused: 0,
      served: 2,
      waitMeanMinutes: 32.5,
      waitMedianMinutes: 32.5,
      waitP90Minutes: 54.5,
      waitWithinTargetShare: 0.5,
      serviceMedianMinutes: 17,
      surveys: 1,
      ratingMean: 4,
      busyMinutes: null,
      utilisation: null,
    });
    // T: waits 5 10 20 40 → mean 18.75, median 15, p90 at rank 2.7 → 20 + 0.7×20 = 34, 3 of 4 within.
    expect(rapido).toMatchObject({
      appointmentsBooked: 0,
      arrivals: 5,
      walkInsIssued: 5,
      walkInsRefused: 3,
      served: 3,
      ticketNoShows: 1,
      unserved: 1,
      waitMeanMinutes: 18.8,
      waitMedianMinutes: 15,
      waitP90Minutes: 34,
      waitWithinTargetShare: 0.75,
      serviceMeanMinutes: 10,
      surveys: 2,
      ratingMean: 4,
    });
    expect(body.totals).toEqual({ key: 'total', label: 'Total', ...DAY_FIGURES });
  });

  it('per counter and per agent: who called, their waits, service and utilisation; no bookings or arrivals there', async () => {
    const counters = await report('counter');
    expect(counters.rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      [m2, '+Módulo, "2"'],
      [m1, 'Módulo 1'],
    ]);
    const byCounter = Object.fromEntries(counters.rows.map((r: { key: string }) => [r.key, r]));
    // M1: W1 5, W2 10, W4 40, A2 5 → mean 15, median 7.5; M2: W3 20, A1 60 → mean 40, median 40.
    expect(byCounter[m1]).toMatchObject({ served: 3, ticketNoShows: 1, waitMeanMinutes: 15, waitMedianMinutes: 7.5, busyMinutes: 32, staffedMinutes: 115, utilisation: 0.278, surveys: 2, ratingMean: 4 });
    expect(byCounter[m2]).toMatchObject({ served: 2, ticketNoShows: 0, waitMeanMinutes: 40, waitMedianMinutes: 40, busyMinutes: 32, staffedMinutes: 101, utilisation: 0.317, surveys: 1, ratingMean: 4 });
    for (const row of counters.rows) expect(row).toMatchObject({ appointmentsBooked: null, arrivals: null, walkInsIssued: null, walkInsRefused: null, unserved: null });
    expect(counters.totals).toEqual({ key: 'total', label: 'Total', ...DAY_FIGURES });

    const agents = await report('agent');
    const byAgent = Object.fromEntries(agents.rows.map((r: { key: string }) => [r.key, r]));
    expect(byAgent[a1.id]).toMatchObject({ label: a1.username, served: 3, busyMinutes: 32, staffedMinutes: 115, utilisation: 0.278, ratingMean: 4 });
    expect(byAgent[a2.id]).toMatchObject({ label: a2.username, served: 2, busyMinutes: 32, staffedMinutes: 101, utilisation: 0.317 });
    expect(agents.totals).toEqual({ key: 'total', label: 'Total', ...DAY_FIGURES });
  });

  it('per local hour: tickets by the hour they arrived, bookings by their slot; refusals have no hour', async () => {
    const body = await report('hour');
    expect(body.rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      ['09', '09:00–10:00'],
      ['10', '10:00–11:00'],
      ['11', '11:00–12:00'],
      ['12', '12:00–13:00'],
    ]);
    const [h9, h10, h11, h12] = body.rows;
    // 09: W1 W2 W3 W4 A1 → waits 5 10 20 40 60: mean 27, median 20, p90 at 3.6 → 52.
    expect(h9).toMatchObject({ arrivals: 5, walkInsIssued: 4, appointmentsBooked: 0, waitMeanMinutes: 27, waitMedianMinutes: 20, waitP90Minutes: 52, walkInsRefused: null });
    expect(h10).toMatchObject({ arrivals: 2, walkInsIssued: 1, appointmentsBooked: 2, appointmentsCheckedIn: 2, unserved: 1, waitMeanMinutes: 5 });
    expect(h11).toMatchObject({ arrivals: 0, appointmentsBooked: 2, appointmentsCancelled: 1, appointmentsNoShow: 1, waitMeanMinutes: null });
    expect(h12).toMatchObject({ appointmentsBooked: 1, appointmentsNoShow: 1 });
    expect(body.totals).toEqual({ key: 'total', label: 'Total', ...DAY_FIGURES });
  });

  it('serves the same report as CSV, by Accept header and by .csv, cell for cell', async () => {
    for (const groupBy of ['day', 'service', 'counter', 'agent', 'hour']) {
      const json = await report(groupBy);
      const negotiated = await get(`/reports?from=${DAY}&to=${DAY}&groupBy=${groupBy}`).set('Accept', 'text/csv').expect(200);
      const download = await get(`/reports.csv?from=${DAY}&to=${DAY}&groupBy=${groupBy}`).expect(200);
      expect(negotiated.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(download.headers['content-disposition']).toBe(`attachment; filename="reporte-${DAY}-${DAY}-${groupBy}.csv"`);
      expect(download.text).toBe(negotiated.text);
      expect(download.text.startsWith('\uFEFF')).toBe(true);

      const [header, ...lines] = parseCsv(download.text.slice(1));
      const columns = reportColumns(groupBy as 'day');
      expect(header).toEqual(columns.map((c) => c.header));
      const expected = [...json.rows, json.totals].map((row: Record<string, unknown>) =>
        columns.map((c) => {
          const value = row[c.field];
          if (value === null) return '';
          const text = String(value);
          return typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
        }),
      );
      expect(lines).toEqual(expected);
    }
    const counters = await get(`/reports.csv?from=${DAY}&to=${DAY}&groupBy=counter`).expect(200);
    expect(counters.text).toContain(`${m2},"'+Módulo, ""2""",`);
    // JSON stays the default, and wins when preferred.
    const preferred = await get(`/reports?from=${DAY}&to=${DAY}&groupBy=day`).set('Accept', 'text/csv;q=0.5, application/json').expect(200);
    expect(preferred.headers['content-type']).toContain('application/json');
  });

  it('gives the yearly public account: the day sits in June, per service and in total, with true percentiles', async () => {
    const body = (await get('/reports/yearly?year=2026').expect(200)).body;
    expect(body).toMatchObject({ officeId, year: 2026, waitTargetMinutes: 30, timeZone: 'America/Santiago' });
    const year = {
      appointmentsBooked: 6,
      appointmentsCheckedIn: 2,
      appointmentsNoShow: 2,
      appointmentsCancelled: 1,
      walkInsIssued: 5,
      walkInsRefused: 3,
      served: 5,
      servedByAppointment: 2,
      servedWalkIns: 3,
      waitMeanMinutes: 23.3,
      waitMedianMinutes: 15,
      waitP90Minutes: 50,
      waitWithinTargetShare: 0.667,
      surveys: 3,
      ratingMean: 4,
    };
    expect(body.total).toEqual(year);
    expect(body.months).toHaveLength(12);
    expect(body.months[5]).toEqual({ month: 6, ...year });
    expect(body.months[0]).toEqual({ month: 1, ...zeroYear() });
    expect(body.services.map((s: { code: string }) => s.code)).toEqual(['R', 'T']);
    const [r, tt] = body.services;
    expect(r.year).toMatchObject({ appointmentsBooked: 6, servedByAppointment: 2, walkInsIssued: 0, waitMedianMinutes: 32.5, waitP90Minutes: 54.5 });
    expect(tt.year).toMatchObject({ appointmentsBooked: 0, walkInsIssued: 5, walkInsRefused: 3, servedWalkIns: 3, waitP90Minutes: 34, ratingMean: 4 });
    expect(tt.months[5]).toEqual({ month: 6, ...tt.year });
    expect((await get('/reports/yearly?year=2025').expect(200)).body.total).toEqual(zeroYear());
  });

  it('draws the arrivals heat map by local weekday and hour', async () => {
    const body = (await get(`/reports/arrivals?from=2026-06-15&to=2026-06-21`).expect(200)).body;
    expect(body.cells).toHaveLength(7 * 24);
    expect(body.weekdays).toEqual([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, days: 1 })));
    const cell = (weekday: number, hour: number) => body.cells.find((c: { weekday: number; hour: number }) => c.weekday === weekday && c.hour === hour);
    expect(cell(2, 9)).toEqual({ weekday: 2, hour: 9, arrivals: 5, walkIns: 4, meanPerDay: 5 });
    expect(cell(2, 10)).toEqual({ weekday: 2, hour: 10, arrivals: 2, walkIns: 1, meanPerDay: 2 });
    expect(body.cells.reduce((sum: number, c: { arrivals: number }) => sum + c.arrivals, 0)).toBe(7);
  });

  it('keeps reports to the office’s supervisor and admins: 401 anonymous, 403 agent or other supervisor, 404 unknown office', async () => {
    const paths = [`/reports?from=${DAY}&to=${DAY}&groupBy=day`, `/reports.csv?from=${DAY}&to=${DAY}&groupBy=agent`, '/reports/yearly?year=2026', `/reports/arrivals?from=${DAY}&to=${DAY}`];
    for (const path of paths) {
      const anonymous = await t.http.get(`/api/v1/offices/${officeId}${path}`);
      expect(anonymous.status, path).toBe(401);
      for (const who of ['agent', 'otherSupervisor'] as const) {
        const refused = await get(path, who);
        expect(refused.status, `${who} ${path}`).toBe(403);
        expect(refused.body.error).toBe('FORBIDDEN');
      }
      expect((await get(path, 'admin')).status, path).toBe(200);
      expect((await get(path, 'supervisor')).status, path).toBe(200);
    }
    const unknown = await t.http.get(`/api/v1/offices/00000000-0000-4000-8000-000000000000/reports/yearly?year=2026`).set('Authorization', auth.admin);
    expect(unknown.status).toBe(404);
  });

  it.each([
    ['no groupBy', `from=${DAY}&to=${DAY}`, ['groupBy']],
    ['an unknown groupBy', `from=${DAY}&to=${DAY}&groupBy=week`, ['groupBy']],
    ['no dates', 'groupBy=day', ['from', 'to']],
    ['an impossible date', `from=2026-02-30&to=${DAY}&groupBy=day`, ['from']],
    ['a range backwards', `from=${DAY}&to=2026-06-01&groupBy=day`, ['to']],
    ['a range over 366 days', `from=2025-01-01&to=${DAY}&groupBy=day`, ['to']],
    ['an unknown parameter', `from=${DAY}&to=${DAY}&groupBy=day&office=x`, ['office']],
  ])('refuses %s with 400 naming the parameter', async (_, query, fields) => {
    const response = await get(`/reports?${query}`).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
  });

  it('refuses a bad year or office id with 400 naming it', async () => {
    for (const year of ['', '26', 'abcd', '1999', '2101']) {
      expect((await get(`/reports/yearly?year=${year}`).expect(400)).body.details[0].field).toBe('year');
    }
    expect((await t.http.get('/api/v1/offices/not-a-uuid/reports/yearly?year=2026').set('Authorization', auth.admin).expect(400)).body.details[0].field).toBe('officeId');
  });

  it('describes every figure in OpenAPI, and the CSV response', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    const properties = Object.keys(doc.components.schemas.ReportRowDto.properties);
    expect(properties).toEqual(['key', 'label', ...FIGURES.map((f) => f.field)]);
    expect(Object.keys(doc.paths['/api/v1/offices/{officeId}/reports'].get.responses['200'].content).sort()).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(doc.paths['/api/v1/offices/{officeId}/reports.csv'].get.responses['200'].content)).toEqual(['text/csv']);
    expect(doc.paths['/api/v1/offices/{officeId}/reports/yearly'].get.security).toEqual([{ bearer: [] }]);
  });
});

function zeroYear() {
  return {
    appointmentsBooked: 0,
    appointmentsCheckedIn: 0,
    appointmentsNoShow: 0,
    appointmentsCancelled: 0,
    walkInsIssued: 0,
    walkInsRefused: 0,
    served: 0,
    servedByAppointment: 0,
    servedWalkIns: 0,
    waitMeanMinutes: null,
    waitMedianMinutes: null,
    waitP90Minutes: null,
    waitWithinTargetShare: null,
    surveys: 0,
    ratingMean: null,
  };
}

/** RFC 4180: quoted cells with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return records;
}
