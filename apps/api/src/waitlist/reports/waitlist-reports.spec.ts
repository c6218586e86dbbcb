import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { localInstant, reportFixtures } from '../../testing/report-fixtures.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { insertEntry, insertOffer } from '../../testing/waitlist-staff-fixtures.js';

/**
 * The waitlist report (issue #18) on a hand-made set, office in Santiago (UTC−4 in June), range
 * June 2026. Times are office-local.
 *
 *   entry  procedure  joined          now       ended
 *   j1     R1         01-06 00:10     booked    02-06
 *   j2     R1         05-06           removed   10-06          → removed
 *   j3     R1         06-06           left      01-07 00:30    (left after the range)
 *   j4     R1         31-05 23:50     left      03-06          (joined before) → left
 *   j5     R1         20-06           waiting
 *   k1     R2         10-06           booked    11-06
 *   k2     R2         01-07 00:05     waiting                  (after the range)
 *
 *   offer  entry  offered         outcome   after      booking
 *   o1     j1     01-06 10:00     accepted  12 min     confirmed   → reused
 *   o2     j2     03-06 09:00     declined
 *   o3     j2     08-06 09:00     expired
 *   o4     j5     21-06 09:00     accepted  30 min     cancelled   (not reused)
 *   o5     j3     31-05 23:00     accepted  5 min      confirmed   (offered before the range)
 *   o6     j5     30-06 23:50     held
 *   p1     k1     10-06 11:00     accepted  5 min      checked in  → reused
 *
 * R1: 4 joins, 5 offers, 2 accepted, 1 declined, 1 expired, 1 removed, 1 left, 1 reused, median 21.
 * R2: 1 join, 1 offer, 1 accepted, 1 reused, median 5. Total: median of 5 12 30 = 12.
 * R3 has nothing; another office's rows in June are never counted.
 */
describe('waitlist report', () => {
  let t: TestApp;
  let officeId: string;
  let r1: string;
  let r2: string;
  const auth: Record<'admin' | 'supervisor' | 'agent' | 'otherSupervisor', string> = { admin: '', supervisor: '', agent: '', otherSupervisor: '' };
  const get = (path: string, as: keyof typeof auth = 'supervisor') => t.http.get(`/api/v1/offices/${officeId}${path}`).set('Authorization', auth[as]);

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: '2026-07-02T10:00:00-04:00' });
    const f = deskFixtures(t);
    const rows = reportFixtures(t.db);
    officeId = (await f.office({ name: 'Oficina Iquique', timeZone: 'America/Santiago' })).id;
    const other = (await f.office({})).id;
    r2 = (await f.service(officeId, 'B', { name: 'Visa de turismo', position: 2 })).id;
    r1 = (await f.service(officeId, 'A', { name: 'Residencia temporal', position: 1 })).id;
    await f.service(officeId, 'C', { name: 'Nacionalidad', position: 3 });
    const otherService = (await f.service(other, 'A')).id;
    auth.admin = (await f.staff('admin', null)).auth;
    auth.supervisor = (await f.staff('supervisor', officeId)).auth;
    auth.agent = (await f.staff('agent', officeId)).auth;
    auth.otherSupervisor = (await f.staff('supervisor', other)).auth;

    const at = (date: string, time: string) => localInstant(date, time);
    const range = { from: '2026-06-01', to: '2026-08-31' };
    const entry = (serviceId: string, joined: Date, status: string, ended: Date | null = null) =>
      insertEntry(t, { officeId, serviceId, ...range, status, joinedAt: joined, endedAt: ended });
    const j1 = await entry(r1, at('2026-06-01', '00:10'), 'booked', at('2026-06-02', '10:00'));
    const j2 = await entry(r1, at('2026-06-05', '10:00'), 'removed', at('2026-06-10', '10:00'));
    const j3 = await entry(r1, at('2026-06-06', '10:00'), 'left', at('2026-07-01', '00:30'));
    await entry(r1, at('2026-05-31', '23:50'), 'left', at('2026-06-03', '10:00'));
    const j5 = await entry(r1, at('2026-06-20', '10:00'), 'waiting');
    const k1 = await entry(r2, at('2026-06-10', '10:00'), 'booked', at('2026-06-11', '10:00'));
    await entry(r2, at('2026-07-01', '00:05'), 'waiting');

    const booking = async (serviceId: string, status: 'confirmed' | 'cancelled' | 'checked_in') => (await rows.booking(officeId, serviceId, '2026-07-15', '09:00', { status })).id;
    const offer = (entryId: string, serviceId: string, offered: Date, status: string, minutes: number | null = null, bookingId: string | null = null) =>
      insertOffer(t, {
        entryId,
        officeId,
        serviceId,
        slotStart: at('2026-07-15', '09:00'),
        localDate: '2026-07-15',
        status,
        offeredAt: offered,
        endedAt: minutes === null ? (status === 'held' ? null : new Date(offered.getTime() + 20 * 60_000)) : new Date(offered.getTime() + minutes * 60_000),
        bookingId,
      });
    await offer(j1.id, r1, at('2026-06-01', '10:00'), 'accepted', 12, await booking(r1, 'confirmed'));
    await offer(j2.id, r1, at('2026-06-03', '09:00'), 'declined');
    await offer(j2.id, r1, at('2026-06-08', '09:00'), 'expired');
    await offer(j5.id, r1, at('2026-06-21', '09:00'), 'accepted', 30, await booking(r1, 'cancelled'));
    await offer(j3.id, r1, at('2026-05-31', '23:00'), 'accepted', 5, await booking(r1, 'confirmed'));
    await offer(j5.id, r1, at('2026-06-30', '23:50'), 'held');
    await offer(k1.id, r2, at('2026-06-10', '11:00'), 'accepted', 5, await booking(r2, 'checked_in'));

    // Another office's June: never counted here.
    const stranger = await insertEntry(t, { officeId: other, serviceId: otherService, ...range, status: 'removed', joinedAt: at('2026-06-15', '10:00'), endedAt: at('2026-06-16', '10:00') });
    await insertOffer(t, { entryId: stranger.id, officeId: other, serviceId: otherService, slotStart: at('2026-07-15', '09:00'), localDate: '2026-07-15', status: 'accepted', offeredAt: at('2026-06-15', '11:00'), endedAt: at('2026-06-15', '11:01') });
  });
  afterAll(() => t?.close());

  const figures = (joins: number, offers: number, accepted: number, declined: number, expired: number, removed: number, left: number, seatsReused: number, medianMinutesToAccept: number | null) => ({
    joins,
    offers,
    accepted,
    declined,
    expired,
    removed,
    left,
    seatsReused,
    medianMinutesToAccept,
  });

  it('counts joins, offers and their outcomes, removals, departures, seats reused and the median minutes to accept, per procedure, over the office-local range', async () => {
    const body = (await get('/reports/waitlist?from=2026-06-01&to=2026-06-30').expect(200)).body;
    expect(body).toMatchObject({ officeId, officeName: 'Oficina Iquique', timeZone: 'America/Santiago', from: '2026-06-01', to: '2026-06-30' });
    expect(body.generatedAt).toMatch(/^2026-07-02T10:0\d:/);
    expect(body.byService).toEqual([
      { serviceId: r1, serviceName: 'Residencia temporal', ...figures(4, 5, 2, 1, 1, 1, 1, 1, 21) },
      { serviceId: r2, serviceName: 'Visa de turismo', ...figures(1, 1, 1, 0, 0, 0, 0, 1, 5) },
    ]);
    expect(body.totals).toEqual(figures(5, 6, 3, 1, 1, 1, 1, 2, 12));
  });

  it('a range with nothing to count answers zeros and no procedures; July counts what happened in July', async () => {
    const empty = (await get('/reports/waitlist?from=2026-01-01&to=2026-01-31').expect(200)).body;
    expect(empty.byService).toEqual([]);
    expect(empty.totals).toEqual(figures(0, 0, 0, 0, 0, 0, 0, 0, null));
    const july = (await get('/reports/waitlist?from=2026-07-01&to=2026-07-31').expect(200)).body;
    // k2 joined on 1 July at 00:05; j3 left at 00:30.
    expect(july.byService).toEqual([
      { serviceId: r1, serviceName: 'Residencia temporal', ...figures(0, 0, 0, 0, 0, 0, 1, 0, null) },
      { serviceId: r2, serviceName: 'Visa de turismo', ...figures(1, 0, 0, 0, 0, 0, 0, 0, null) },
    ]);
  });

  it('CSV like the other reports: a line per procedure and the total; by Accept or by the .csv link', async () => {
    const res = await get('/reports/waitlist?from=2026-06-01&to=2026-06-30').set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="lista-espera-2026-06-01-2026-06-30.csv"');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toEqual([
      'Id servicio,Servicio,Inscripciones,Ofertas,Aceptadas,Rechazadas,Vencidas,Retiradas,Salidas,Cupos reutilizados,Mediana minutos hasta aceptar',
      `${r1},Residencia temporal,4,5,2,1,1,1,1,1,21`,
      `${r2},Visa de turismo,1,1,1,0,0,0,0,1,5`,
      'total,Total,5,6,3,1,1,1,1,2,12',
      '',
    ]);
    const link = await get('/reports/waitlist.csv?from=2026-06-01&to=2026-06-30').expect(200);
    expect(link.text).toBe(res.text);
    const empty = await get('/reports/waitlist.csv?from=2026-01-01&to=2026-01-31').expect(200);
    expect(empty.text.replace(/^\uFEFF/, '').split('\r\n')[1]).toBe('total,Total,0,0,0,0,0,0,0,0,');
  });

  it('supervisor of the office and admin only: an agent and another office get 403; a bad range is 400 naming the field', async () => {
    await get('/reports/waitlist?from=2026-06-01&to=2026-06-30', 'admin').expect(200);
    const agent = await get('/reports/waitlist?from=2026-06-01&to=2026-06-30', 'agent').expect(403);
    expect(agent.body.error).toBe('FORBIDDEN');
    await get('/reports/waitlist.csv?from=2026-06-01&to=2026-06-30', 'agent').expect(403);
    await get('/reports/waitlist?from=2026-06-01&to=2026-06-30', 'otherSupervisor').expect(403);
    await get('/reports/waitlist.csv?from=2026-06-01&to=2026-06-30', 'otherSupervisor').expect(403);
    const backwards = await get('/reports/waitlist?from=2026-06-30&to=2026-06-01').expect(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    const missing = await get('/reports/waitlist?from=2026-06-01').expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('to');
    await get('/reports/waitlist?from=2025-01-01&to=2026-06-30').expect(400);
  });
});
