import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { stoppedClock } from '../../testing/visit-fixtures.js';
import { WaitlistService } from '../waitlist.service.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const person = (n: number) => ({ documentType: 'RUT', documentNumber: rutFromBody(21_000_000 + n).formatted, fullName: `Persona ${n}`, email: `persona.${n}@example.cl` });

/**
 * The staff's view and the report on the rows the waitlist itself writes (issue #18): people join
 * through the public API, cancelled seats are handed to them, they confirm, let a hold expire or
 * leave, and the counts, the entries and the report follow, minute for minute.
 */
describe('the staff waitlist on the engine’s rows', () => {
  let t: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let officeId: string;
  let serviceId: string;
  let supervisor: string;
  const get = (path: string) => t.http.get(`/api/v1/offices/${officeId}${path}`).set('Authorization', supervisor);
  const join = (n: number, from: string, to: string, extra: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/waitlist').send({ serviceId, from, to, ...extra, applicant: person(n) }).expect(201);
  /** Someone books a slot and cancels it: the seat is handed to the first matching person waiting. */
  const freeSeat = async (slotStart: string, n: number) => {
    const owner = person(n);
    const code = (await t.http.post('/api/v1/bookings').send({ serviceId, slotStart, applicant: owner }).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    clock = stoppedClock([t], NOW);
    const f = deskFixtures(t);
    officeId = (await f.office({ openingHours: WEEKDAYS, timeZone: 'America/Santiago', waitlistHoldMinutes: 30 })).id;
    serviceId = (await f.service(officeId, 'R', { name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 1 })).id;
    supervisor = (await f.staff('supervisor', officeId)).auth;
  });
  afterAll(() => t?.close());

  it('counts the people waiting and the seats held, lists them in order, and reports what became of the offers', async () => {
    const a = (await join(1, '2026-12-09', '2026-12-09')).body.code as string;
    const b = (await join(2, '2026-12-07', '2026-12-11', { weekdays: [3, 5] })).body.code as string;
    const c = (await join(3, '2026-12-09', '2026-12-10', { morningOnly: true })).body.code as string;

    let overview = (await get('/waitlist').expect(200)).body;
    expect(overview.days).toEqual([
      { serviceId, date: '2026-12-09', waiting: 3, offered: 0 },
      { serviceId, date: '2026-12-10', waiting: 1, offered: 0 },
      { serviceId, date: '2026-12-11', waiting: 1, offered: 0 },
    ]);
    expect(overview.totals).toEqual({ waiting: 3, offered: 0 });

    // A seat of Wednesday 9 December at 10:00 frees: a is first in line.
    await freeSeat('2026-12-09T10:00:00-03:00', 10);
    overview = (await get('/waitlist').expect(200)).body;
    expect(overview.days[0]).toEqual({ serviceId, date: '2026-12-09', waiting: 2, offered: 1 });
    expect(overview.totals).toEqual({ waiting: 2, offered: 1 });
    let entries = (await get('/waitlist/entries').expect(200)).body.entries;
    expect(entries.map((e: { code: string; status: string; place: number | null }) => [e.code, e.status, e.place])).toEqual([
      [a, 'offered', null],
      [b, 'waiting', 1],
      [c, 'waiting', 2],
    ]);
    expect(entries[0].offer).toEqual({ slotStart: '2026-12-09T10:00:00-03:00', slotEnd: '2026-12-09T10:15:00-03:00', expiresAt: '2026-12-01T09:30:00-03:00', cause: 'cancellation' });

    // a confirms 7 minutes later; c leaves.
    clock.advance({ minutes: 7 });
    await t.http.post(`/api/v1/waitlist/${a}/accept`).send({ documentNumber: person(1).documentNumber }).expect(201);
    await t.http.post(`/api/v1/waitlist/${c}/leave`).send({ documentNumber: person(3).documentNumber }).expect(200);
    overview = (await get('/waitlist').expect(200)).body;
    expect(overview.totals).toEqual({ waiting: 1, offered: 0 });
    expect(overview.days.map((d: { date: string }) => d.date)).toEqual(['2026-12-09', '2026-12-11']);

    // A Friday seat frees for b, who lets the hold expire: back in line with one miss.
    await freeSeat('2026-12-11T11:00:00-03:00', 11);
    expect((await get('/waitlist').expect(200)).body.totals).toEqual({ waiting: 0, offered: 1 });
    clock.advance({ minutes: 31 });
    expect(await t.app.get(WaitlistService).expireDue()).toBe(1);
    entries = (await get('/waitlist/entries?status=waiting').expect(200)).body.entries;
    expect(entries).toEqual([expect.objectContaining({ code: b, misses: 1, place: 1, offer: null })]);
    expect((await get('/waitlist/entries?status=booked').expect(200)).body.entries).toEqual([expect.objectContaining({ code: a, endedAt: '2026-12-01T09:07:00-03:00' })]);
    expect((await get('/waitlist/entries?status=left').expect(200)).body.entries).toEqual([expect.objectContaining({ code: c })]);

    const report = (await get('/reports/waitlist?from=2026-12-01&to=2026-12-01').expect(200)).body;
    const figures = { joins: 3, offers: 2, accepted: 1, declined: 0, expired: 1, removed: 0, left: 1, seatsReused: 1, medianMinutesToAccept: 7 };
    expect(report.totals).toEqual(figures);
    expect(report.byService).toEqual([{ serviceId, serviceName: 'Residencia temporal', ...figures }]);

    // The booking a got is cancelled: the seat was not reused after all.
    const booking = (await t.http.post('/api/v1/waitlist/lookup').send({ code: a, documentNumber: person(1).documentNumber }).expect(200)).body.bookingCode as string;
    await t.http.post(`/api/v1/bookings/${booking}/cancel`).send({ documentNumber: person(1).documentNumber }).expect(200);
    expect((await get('/reports/waitlist?from=2026-12-01&to=2026-12-01').expect(200)).body.totals).toMatchObject({ accepted: 1, seatsReused: 0 });
  });
});
