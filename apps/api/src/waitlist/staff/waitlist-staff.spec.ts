import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures } from '../../testing/desk-fixtures.js';
import { localInstant } from '../../testing/report-fixtures.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { insertEntry, insertOffer } from '../../testing/waitlist-staff-fixtures.js';

/**
 * The staff's waitlist (issue #18) on a hand-made set. The clock stands on Wednesday 17 June 2026,
 * 11:00 in Santiago (UTC−4); the default overview is 17 June to 14 July.
 *
 *   entry  procedure  status    range         weekdays   mornings  covers (in the window)
 *   e1     S1         waiting   17–23 June    any        no        17 18 19 20 21 22 23
 *   e2     S1         waiting   18–30 June    Mon, Wed   no        22 24 29
 *   e3     S1         offered   17–19 June    any        no        (not waiting) — its held offer: 19 June 09:00
 *   e4     S1         booked    17–30 June    any        no        (ended)
 *   e5     S1         waiting   10–18 June    any        yes       17 18
 *   e6     S2         waiting   20 Jun–31 Jul Saturday   no        20 27 June, 4 11 July
 *   e7     other office's procedure, waiting 17–30 June (never counted here)
 */
describe('waitlist for the staff: counts per procedure and day, entries without personal data', () => {
  let t: TestApp;
  let officeId: string;
  let s1: string;
  let s2: string;
  let otherService: string;
  const entries: Record<string, { id: string; code: string }> = {};
  const auth: Record<'admin' | 'supervisor' | 'agent' | 'otherSupervisor', string> = { admin: '', supervisor: '', agent: '', otherSupervisor: '' };
  const get = (path: string, as: keyof typeof auth = 'supervisor') => t.http.get(`/api/v1/offices/${officeId}${path}`).set('Authorization', auth[as]);

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    const f = deskFixtures(t);
    officeId = (await f.office({ name: 'Oficina Migraciones', timeZone: 'America/Santiago' })).id;
    const other = (await f.office({})).id;
    // Created in the other order than their positions: the answers follow the office's order.
    s2 = (await f.service(officeId, 'B', { name: 'Visa de turismo', position: 2 })).id;
    s1 = (await f.service(officeId, 'A', { name: 'Residencia temporal', position: 1 })).id;
    otherService = (await f.service(other, 'A')).id;
    auth.admin = (await f.staff('admin', null)).auth;
    auth.supervisor = (await f.staff('supervisor', officeId)).auth;
    auth.agent = (await f.staff('agent', officeId)).auth;
    auth.otherSupervisor = (await f.staff('supervisor', other)).auth;

    const at = { officeId };
    entries.e1 = await insertEntry(t, { ...at, serviceId: s1, from: '2026-06-17', to: '2026-06-23', fullName: 'Wenceslao Oyarzún', documentNumber: 'PX1234567', email: 'wenceslao@example.cl', phone: '+56911112222' });
    entries.e2 = await insertEntry(t, { ...at, serviceId: s1, from: '2026-06-18', to: '2026-06-30', weekdays: [1, 3] });
    entries.e3 = await insertEntry(t, { ...at, serviceId: s1, from: '2026-06-17', to: '2026-06-19', status: 'offered', misses: 1 });
    entries.e4 = await insertEntry(t, { ...at, serviceId: s1, from: '2026-06-17', to: '2026-06-30', status: 'booked', endedAt: localInstant('2026-06-16', '15:00') });
    entries.e5 = await insertEntry(t, { ...at, serviceId: s1, from: '2026-06-10', to: '2026-06-18', morningOnly: true });
    entries.e6 = await insertEntry(t, { ...at, serviceId: s2, from: '2026-06-20', to: '2026-07-31', weekdays: [6] });
    entries.e7 = await insertEntry(t, { officeId: other, serviceId: otherService, from: '2026-06-17', to: '2026-06-30' });
    await insertOffer(t, {
      entryId: entries.e3.id,
      officeId,
      serviceId: s1,
      slotStart: localInstant('2026-06-19', '09:00'),
      localDate: '2026-06-19',
      offeredAt: localInstant('2026-06-17', '10:45'),
      expiresAt: localInstant('2026-06-17', '11:15'),
    });
    // What became of e4's offer: accepted, no longer held (not counted as offered).
    await insertOffer(t, {
      entryId: entries.e4.id,
      officeId,
      serviceId: s1,
      slotStart: localInstant('2026-06-18', '09:00'),
      localDate: '2026-06-18',
      status: 'accepted',
      offeredAt: localInstant('2026-06-16', '14:50'),
      endedAt: localInstant('2026-06-16', '15:00'),
    });
    // Another office's held offer on the 19th.
    await insertOffer(t, { entryId: entries.e7.id, officeId: other, serviceId: otherService, slotStart: localInstant('2026-06-19', '09:00'), localDate: '2026-06-19', offeredAt: localInstant('2026-06-17', '10:50') });
  });
  afterAll(() => t?.close());

  const day = (serviceId: string, date: string, waiting: number, offered = 0) => ({ serviceId, date, waiting, offered });

  it("counts, per procedure and day of the next four weeks, the entries whose wishes cover the day and the seats held; each entry once in the totals", async () => {
    const body = (await get('/waitlist').expect(200)).body;
    expect(body).toMatchObject({ officeId, timeZone: 'America/Santiago', from: '2026-06-17', to: '2026-07-14' });
    expect(body.days).toEqual([
      day(s1, '2026-06-17', 2),
      day(s1, '2026-06-18', 2),
      day(s1, '2026-06-19', 1, 1),
      day(s1, '2026-06-20', 1),
      day(s2, '2026-06-20', 1),
      day(s1, '2026-06-21', 1),
      day(s1, '2026-06-22', 2),
      day(s1, '2026-06-23', 1),
      day(s1, '2026-06-24', 1),
      day(s2, '2026-06-27', 1),
      day(s1, '2026-06-29', 1),
      day(s2, '2026-07-04', 1),
      day(s2, '2026-07-11', 1),
    ]);
    expect(body.services).toEqual([
      { serviceId: s1, serviceName: 'Residencia temporal', waiting: 3, offered: 1 },
      { serviceId: s2, serviceName: 'Visa de turismo', waiting: 1, offered: 0 },
    ]);
    expect(body.totals).toEqual({ waiting: 4, offered: 1 });
  });

  it('narrows to one procedure and a range; an empty range answers zeros', async () => {
    const one = (await get(`/waitlist?serviceId=${s2}&from=2026-06-21&to=2026-06-30`).expect(200)).body;
    expect(one.days).toEqual([day(s2, '2026-06-27', 1)]);
    expect(one.services).toEqual([{ serviceId: s2, serviceName: 'Visa de turismo', waiting: 1, offered: 0 }]);
    expect(one.totals).toEqual({ waiting: 1, offered: 0 });
    // e2 wants Mondays and Wednesdays: 25–26 June are a Thursday and a Friday.
    const s1Only = (await get(`/waitlist?serviceId=${s1}&from=2026-06-25&to=2026-06-26`).expect(200)).body;
    expect(s1Only).toMatchObject({ days: [], services: [], totals: { waiting: 0, offered: 0 } });
    // Only `from`: four weeks from it, never past the last date the API accepts.
    expect((await get('/waitlist?from=2026-07-01').expect(200)).body).toMatchObject({ from: '2026-07-01', to: '2026-07-28', totals: { waiting: 1, offered: 0 } });
    expect((await get('/waitlist?from=9999-12-20').expect(200)).body).toMatchObject({ from: '9999-12-20', to: '9999-12-31', days: [] });
  });

  it('follows the rows: a held offer accepted stops counting, an entry back to waiting counts again', async () => {
    await t.db.query(`UPDATE waitlist_offers SET status = 'expired', ended_at = now() WHERE entry_id = $1`, [entries.e3.id]);
    await t.db.query(`UPDATE waitlist_entries SET status = 'waiting' WHERE id = $1`, [entries.e3.id]);
    try {
      const body = (await get(`/waitlist?serviceId=${s1}&from=2026-06-19&to=2026-06-19`).expect(200)).body;
      expect(body.days).toEqual([day(s1, '2026-06-19', 2, 0)]);
    } finally {
      await t.db.query(`UPDATE waitlist_offers SET status = 'held', ended_at = NULL WHERE entry_id = $1`, [entries.e3.id]);
      await t.db.query(`UPDATE waitlist_entries SET status = 'offered' WHERE id = $1`, [entries.e3.id]);
    }
  });

  it('lists the active entries by procedure and order of joining, with the place in line and the held offer, and nothing personal', async () => {
    const res = await get('/waitlist/entries', 'agent').expect(200);
    const body = res.body;
    expect(body.timeZone).toBe('America/Santiago');
    expect(body.truncated).toBe(false);
    expect(body.entries.map((e: { code: string }) => e.code)).toEqual([entries.e1.code, entries.e2.code, entries.e3.code, entries.e5.code, entries.e6.code]);
    expect(body.entries[0]).toEqual({
      code: entries.e1.code,
      serviceId: s1,
      serviceName: 'Residencia temporal',
      status: 'waiting',
      joinedAt: '2026-06-10T08:00:00-04:00',
      from: '2026-06-17',
      to: '2026-06-23',
      weekdays: null,
      morningOnly: false,
      misses: 0,
      place: 1,
      endedAt: null,
      offer: null,
    });
    expect(body.entries[1]).toMatchObject({ weekdays: [1, 3], place: 2 });
    expect(body.entries[2]).toMatchObject({
      status: 'offered',
      misses: 1,
      place: null,
      offer: { slotStart: '2026-06-19T09:00:00-04:00', slotEnd: '2026-06-19T09:15:00-04:00', expiresAt: '2026-06-17T11:15:00-04:00', cause: 'cancellation' },
    });
    expect(body.entries[3]).toMatchObject({ morningOnly: true, place: 3 });
    expect(body.entries[4]).toMatchObject({ serviceId: s2, serviceName: 'Visa de turismo', weekdays: [6], place: 1 });
    for (const secret of ['Wenceslao', 'Oyarzún', 'PX1234567', 'wenceslao@example.cl', '+56911112222', 'espera@example.cl', 'Persona En Espera']) expect(res.text).not.toContain(secret);
  });

  it('filters by procedure and status', async () => {
    const booked = (await get(`/waitlist/entries?status=booked`).expect(200)).body;
    expect(booked.entries).toEqual([expect.objectContaining({ code: entries.e4.code, status: 'booked', place: null, offer: null, endedAt: '2026-06-16T15:00:00-04:00' })]);
    const s2Waiting = (await get(`/waitlist/entries?serviceId=${s2}&status=waiting`).expect(200)).body;
    expect(s2Waiting.entries.map((e: { code: string }) => e.code)).toEqual([entries.e6.code]);
    expect((await get(`/waitlist/entries?status=removed`).expect(200)).body.entries).toEqual([]);
  });

  it('carries at most 500 entries and says when more matched; the places still count every one ahead', async () => {
    const f = deskFixtures(t);
    const crowded = (await f.office({})).id;
    const service = (await f.service(crowded, 'M')).id;
    await t.db.query(
      `INSERT INTO waitlist_entries (code, office_id, service_id, from_date, to_date, document_type, document_number, full_name, email, status, joined_at)
       SELECT 'M' || lpad(n::text, 6, '0'), $1, $2, '2026-06-17', '2026-06-30', 'PASSPORT', 'M' || n, 'Persona ' || n, 'm' || n || '@example.cl', 'waiting', now()
         FROM generate_series(1, 501) AS n ORDER BY n`,
      [crowded, service],
    );
    const list = (await t.http.get(`/api/v1/offices/${crowded}/waitlist/entries`).set('Authorization', auth.admin).expect(200)).body;
    expect(list.truncated).toBe(true);
    expect(list.entries).toHaveLength(500);
    expect(list.entries.at(-1)).toMatchObject({ code: 'M000500', place: 500 });
    const overview = (await t.http.get(`/api/v1/offices/${crowded}/waitlist?from=2026-06-17&to=2026-06-30`).set('Authorization', auth.admin).expect(200)).body;
    expect(overview.totals).toEqual({ waiting: 501, offered: 0 });
    expect(overview.days).toHaveLength(14);
    expect(overview.days.every((d: { waiting: number }) => d.waiting === 501)).toBe(true);
  });

  it("office-scoped: staff of another office get 403, another office's procedure is 404, bad filters are 400 naming the field", async () => {
    await get('/waitlist', 'admin').expect(200);
    await get('/waitlist', 'agent').expect(200);
    for (const path of ['/waitlist', '/waitlist/entries']) {
      const refused = await get(path, 'otherSupervisor').expect(403);
      expect(refused.body.error).toBe('FORBIDDEN');
      await t.http.get(`/api/v1/offices/${officeId}${path}`).expect(401);
    }
    for (const path of [`/waitlist?serviceId=${otherService}`, `/waitlist/entries?serviceId=${otherService}`]) {
      expect((await get(path).expect(404)).body.error).toBe('SERVICE_NOT_FOUND');
    }
    const badService = await get('/waitlist?serviceId=nope').expect(400);
    expect(badService.body.details).toEqual([expect.objectContaining({ field: 'serviceId' })]);
    const badStatus = await get('/waitlist/entries?status=gone').expect(400);
    expect(badStatus.body.details).toEqual([expect.objectContaining({ field: 'status' })]);
    const backwards = await get('/waitlist?from=2026-06-30&to=2026-06-01').expect(400);
    expect(backwards.body).toMatchObject({ error: 'INVALID_DATE_RANGE', details: [expect.objectContaining({ field: 'to' })] });
    await get('/waitlist?from=2026-01-01&to=2027-06-30').expect(400);
    const badDate = await get('/waitlist?from=2026-02-30').expect(400);
    expect(badDate.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
  });
});
