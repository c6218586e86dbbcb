import { generateBookingCode, generateTrackingCode } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../common/clock/clock.js';
import { QueueReadModel } from '../realtime/queue-events.js';
import { bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

const DAY = '2026-12-01'; // a Tuesday
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const at = (hhmm: string) => DateTime.fromISO(`${DAY}T${hhmm}:00-03:00`, { setZone: true });

/**
 * One morning at a small office: walk-ins for W (two counters), appointments and walk-ins for A
 * (one counter), strict priority. The clock is stopped and moved by hand.
 */
describe('the queue, the turn page and "more time"', () => {
  let t: TestApp;
  let officeId: string;
  let w: string;
  let a: string;
  let agent: string;
  let now = at('09:40');
  const tickets: Record<string, { id: string; trackingCode: string }> = {};
  const walkIn = async (serviceId: string, preferential = false) => {
    const { body } = await t.http.post(`/api/v1/offices/${officeId}/tickets`).send({ serviceId, preferential }).expect(201);
    tickets[body.number] = body;
    return body;
  };
  const queue = async () => (await t.http.get(`/api/v1/offices/${officeId}/queue`).set('Authorization', agent).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: now.toISO()! });
    vi.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
    vi.spyOn(t.app.get(Clock), 'nowMs').mockImplementation(() => now.toMillis());
    const seed = seeders(t.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS, name: 'Oficina Centro' })).id;
    w = (await seed.service(officeId, { code: 'W', name: 'Trámite rápido', mode: 'walk_in', averageServiceMinutes: 10 })).id;
    a = (await seed.service(officeId, { code: 'A', name: 'Residencia', mode: 'both', averageServiceMinutes: 20 })).id;
    const user = await seed.staff('agent', officeId);
    agent = await bearer(t.http, user.username, user.password);

    // Two open counters: one serving W and A, one serving W only.
    const counters: { id: string }[] = await t.db.query(`INSERT INTO counters (office_id, name) VALUES ($1, 'Módulo 1'), ($1, 'Módulo 2') RETURNING id`, [officeId]);
    await t.db.query(`INSERT INTO counter_sessions (counter_id, office_id, open, service_ids) VALUES ($1, $3, true, ARRAY[$4, $5]::uuid[]), ($2, $3, true, ARRAY[$4]::uuid[])`, [
      counters[0].id,
      counters[1].id,
      officeId,
      w,
      a,
    ]);
    // A's last three services took 4 minutes each; one W ticket is at a counter now.
    for (const [i, minute] of [[1, '09:00'], [2, '09:10'], [3, '09:20']] as const) {
      await t.db.query(
        `INSERT INTO tickets (office_id, service_id, kind, number, sequence, local_date, status, issued_at, queued_at, called_at, started_at, completed_at, counter_id, tracking_code)
         VALUES ($1, $2, 'walk_in', $3, $4, $5, 'done', $6, $6, $6, $6, $7, $8, $9)`,
        [officeId, a, `A-90${i}`, 900 + i, DAY, at(minute).toJSDate(), at(minute).plus({ minutes: 4 }).toJSDate(), counters[0].id, generateTrackingCode()],
      );
    }
    const called = generateTrackingCode();
    await t.db.query(
      `INSERT INTO tickets (office_id, service_id, kind, number, sequence, local_date, status, issued_at, queued_at, called_at, counter_id, tracking_code)
       VALUES ($1, $2, 'walk_in', 'W-900', 900, $3, 'called', $4, $4, $5, $6, $7)`,
      [officeId, w, DAY, at('09:30').toJSDate(), at('09:39').toJSDate(), counters[1].id, called],
    );
    tickets['W-900'] = { id: '', trackingCode: called };

    await walkIn(w); // W-001 at 09:40
    now = at('09:45');
    await walkIn(w); // W-002
    now = at('09:50');
    const code = generateBookingCode();
    await t.db.query(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name)
       VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', 'PASSPORT', 'P1234567', 'Persona')`,
      [code, officeId, a, at('09:55').toJSDate(), at('10:10').toJSDate(), DAY],
    );
    tickets['A-001'] = (await t.http.post(`/api/v1/offices/${officeId}/check-ins`).set('Authorization', agent).send({ documentNumber: 'p 1234567' }).expect(201)).body;
    now = at('09:55');
    await walkIn(w, true); // W-003, preferential
    now = at('09:58');
    await walkIn(a);
    now = at('10:00');
  });
  afterAll(() => t.close());

  it('orders the waiting room: preferential first, then the appointment whose slot started, then walk-ins by arrival, with reasons and estimates', async () => {
    const { waiting, called } = await queue();
    expect(waiting.map((x: { number: string; reason: { code: string }; estimatedWaitMinutes: number }) => [x.number, x.reason.code, x.estimatedWaitMinutes])).toEqual([
      ['W-003', 'preferential', 3], // (0 + ½) × 10 min ÷ 2 counters
      ['A-001', 'appointment_due', 2], // (0 + ½) × 4 min (A's recent pace) ÷ 1 counter
      ['W-001', 'arrival_order', 8],
      ['W-002', 'arrival_order', 13],
      ['A-002', 'arrival_order', 6],
    ]);
    expect(waiting[1].reason.explanation).toBe('Appointment at 09:55: its slot has started, so it goes before walk-ins.');
    expect(waiting[1]).toMatchObject({ kind: 'appointment', serviceName: 'Residencia', slotStart: '2026-12-01T09:55:00-03:00' });
    expect(waiting[0].trackingCode).toBeUndefined();
    expect(called).toEqual([expect.objectContaining({ number: 'W-900', status: 'called', counterName: 'Módulo 2', calledAt: '2026-12-01T09:39:00-03:00' })]);
  });

  it('keeps the queue to the office’s staff', async () => {
    await t.http.get(`/api/v1/offices/${officeId}/queue`).expect(401);
    const other = await seeders(t.db).office({ openingHours: WEEKDAYS });
    const stranger = await seeders(t.db).staff('agent', other.id);
    await t.http.get(`/api/v1/offices/${officeId}/queue`).set('Authorization', await bearer(t.http, stranger.username, stranger.password)).expect(403);
  });

  it('shows the turn page without personal data: place among its service, estimate, whether it may ask for more time', async () => {
    const turn = await t.http.get(`/api/v1/turns/${tickets['W-001'].trackingCode}`).expect(200);
    expect(turn.body).toEqual({
      number: 'W-001',
      status: 'waiting',
      serviceName: 'Trámite rápido',
      officeName: 'Oficina Centro',
      position: 1,
      estimatedWaitMinutes: 8,
      counter: null,
      calledAt: null,
      canAskForMoreTime: true,
      canAnswerSurvey: false,
    });
    const calledTurn = await t.http.get(`/api/v1/turns/${tickets['W-900'].trackingCode}`).expect(200);
    expect(calledTurn.body).toMatchObject({ status: 'called', position: null, counter: 'Módulo 2', calledAt: '2026-12-01T09:39:00-03:00', canAskForMoreTime: false });
    expect((await t.http.get(`/api/v1/turns/${generateTrackingCode()}`).expect(404)).body.error).toBe('TICKET_NOT_FOUND');
    await t.http.get('/api/v1/turns/not-a-code').expect(404);
  });

  it('gives the waiting-room screen its snapshot: the last calls with counters and the waiting count', async () => {
    const snapshot = await t.app.get(QueueReadModel).displaySnapshot(officeId);
    expect(snapshot).toEqual({
      officeId,
      called: [
        { number: 'W-900', counter: 'Módulo 2', calledAt: '2026-12-01T09:39:00-03:00' },
        { number: 'A-903', counter: 'Módulo 1', calledAt: '2026-12-01T09:20:00-03:00' },
        { number: 'A-902', counter: 'Módulo 1', calledAt: '2026-12-01T09:10:00-03:00' },
        { number: 'A-901', counter: 'Módulo 1', calledAt: '2026-12-01T09:00:00-03:00' },
      ],
      waitingCount: 5,
    });
  });

  it('"more time" with fewer than three behind sends the ticket to the end of its line, once', async () => {
    const moved = await t.http.post(`/api/v1/turns/${tickets['W-001'].trackingCode}/more-time`).expect(200);
    expect(moved.body).toMatchObject({ number: 'W-001', position: 2, canAskForMoreTime: false });
    const { waiting } = await queue();
    expect(waiting.map((x: { number: string }) => x.number)).toEqual(['W-003', 'A-001', 'W-002', 'A-002', 'W-001']);
    expect(waiting[4].reason.explanation).toMatch(/Asked for more time/);
    const again = await t.http.post(`/api/v1/turns/${tickets['W-001'].trackingCode}/more-time`).expect(409);
    expect(again.body.error).toBe('MORE_TIME_ALREADY_USED');
    const notWaiting = await t.http.post(`/api/v1/turns/${tickets['W-900'].trackingCode}/more-time`).expect(409);
    expect(notWaiting.body.error).toBe('INVALID_TRANSITION');
    const [event] = await t.db.query(`SELECT type FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.tracking_code = $1 AND e.type = 'more_time'`, [
      tickets['W-001'].trackingCode,
    ]);
    expect(event.type).toBe('more_time');
  });

  it('"more time" moves a ticket just behind the third ticket behind it of its service and line', async () => {
    for (const minute of ['10:01', '10:02', '10:03', '10:04']) {
      now = at(minute);
      await walkIn(w); // W-004 … W-007
    }
    now = at('10:05');
    await t.http.post(`/api/v1/turns/${tickets['W-002'].trackingCode}/more-time`).expect(200);
    const { waiting } = await queue();
    expect(waiting.filter((x: { serviceId: string }) => x.serviceId === w).map((x: { number: string }) => x.number)).toEqual([
      'W-003',
      'W-001',
      'W-004',
      'W-005',
      'W-002',
      'W-006',
      'W-007',
    ]);
  });
});
