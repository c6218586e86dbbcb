import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../testing/desk-fixtures.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { stoppedClock } from '../testing/visit-fixtures.js';

/**
 * Counter utilisation from the counters' session log, checked by hand (America/Santiago, UTC−4 in
 * June; the clock stopped on Wednesday 17 June 2026 at 11:30). Busy: start to completion of the
 * tickets completed. Staffed: the logged sessions' overlap with each local day.
 *
 *   Mon 15  nothing logged (before the log existed): the old span, first call to last completion
 *           M1/a1 served 09:00–09:30 and 10:00–11:00 → busy 90, span 09:00–11:00 = 120 → 0.75
 *   Tue 16  M1/a1 open 09:00–12:00 and 13:00–14:00 = 240; served 09:05–10:05, 11:00–11:30,
 *           13:10–13:40 = 120 → 0.5 (its old span, 09:05–13:40 = 275, is not used: the day is logged)
 *           a2 on two counters: M2 09:00–11:00 = 120, served 09:15–10:15 = 60 → M2 0.5;
 *           M3 11:30–13:30 = 120, served 12:00–12:30 = 30 → M3 0.25; a2: 90 / 240 = 0.375
 *           M4/a3 open 22:00 → Wed 02:00: 120 on the 16th, served 23:00–23:30 = 30 → 0.25
 *           the day: busy 240, staffed 600 → 0.4
 *   Wed 17  M4/a3 00:00–02:00 = 120, served 01:00–01:20 = 20 → 0.167
 *           M1/a1 open since 09:00, still open: 150 up to 11:30, served 09:30–10:30 = 60 → 0.4
 *           the day: busy 80, staffed 270 → 0.296
 *   15–17   M1 270 / 510 = 0.529, M2 0.5, M3 0.25, M4 50 / 240 = 0.208; a1 as M1, a2 0.375,
 *           a3 as M4; all counters 410 / 990 = 0.414
 */
const NOW = '2026-06-17T11:30:00-04:00';
const [MON, TUE, WED] = ['2026-06-15', '2026-06-16', '2026-06-17'];

describe('reports: counter utilisation from the session log', () => {
  let t: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let officeId: string;
  let supervisor: string;
  const counters: Record<'m1' | 'm2' | 'm3' | 'm4', string> = { m1: '', m2: '', m3: '', m4: '' };
  const agents: Record<'a1' | 'a2' | 'a3', string> = { a1: '', a2: '', a3: '' };

  const report = async (groupBy: string, from: string, to = from) =>
    (await t.http.get(`/api/v1/offices/${officeId}/reports?from=${from}&to=${to}&groupBy=${groupBy}`).set('Authorization', supervisor).expect(200)).body;
  const byKey = (body: { rows: { key: string }[] }) => Object.fromEntries(body.rows.map((row) => [row.key, row]));
  const use = (busyMinutes: number, staffedMinutes: number, utilisation: number | null) => ({ busyMinutes, staffedMinutes, utilisation });

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    clock = stoppedClock([t], NOW);
    const f = deskFixtures(t);
    const r = reportFixtures(t.db);
    officeId = (await f.office()).id;
    const service = (await f.service(officeId, 'T', { mode: 'walk_in' })).id;
    for (const [key, name] of [['m1', 'Módulo 1'], ['m2', 'Módulo 2'], ['m3', 'Módulo 3'], ['m4', 'Módulo 4']] as const) counters[key] = (await f.counter(officeId, name, [service])).id;
    for (const key of ['a1', 'a2', 'a3'] as const) agents[key] = (await f.staff('agent', officeId)).id;
    supervisor = (await f.staff('supervisor', officeId)).auth;

    const served = (date: string, counter: keyof typeof counters, agent: keyof typeof agents, called: string, completed: string) =>
      r.ticket(officeId, service, date, { issued: called, called, started: called, completed }, { counterId: counters[counter], agentId: agents[agent] });
    const session = (counter: keyof typeof counters, agent: keyof typeof agents, opened: string, closed: string | null) =>
      r.session(officeId, counters[counter], agents[agent], opened, closed);

    await served(MON, 'm1', 'a1', '09:00', '09:30');
    await served(MON, 'm1', 'a1', '10:00', '11:00');

    await session('m1', 'a1', `${TUE}T09:00`, `${TUE}T12:00`);
    await session('m1', 'a1', `${TUE}T13:00`, `${TUE}T14:00`);
    await served(TUE, 'm1', 'a1', '09:05', '10:05');
    await served(TUE, 'm1', 'a1', '11:00', '11:30');
    await served(TUE, 'm1', 'a1', '13:10', '13:40');
    await session('m2', 'a2', `${TUE}T09:00`, `${TUE}T11:00`);
    await session('m3', 'a2', `${TUE}T11:30`, `${TUE}T13:30`);
    await served(TUE, 'm2', 'a2', '09:15', '10:15');
    await served(TUE, 'm3', 'a2', '12:00', '12:30');
    await session('m4', 'a3', `${TUE}T22:00`, `${WED}T02:00`);
    await served(TUE, 'm4', 'a3', '23:00', '23:30');

    await served(WED, 'm4', 'a3', '01:00', '01:20');
    await session('m1', 'a1', `${WED}T09:00`, null);
    await served(WED, 'm1', 'a1', '09:30', '10:30');

    // Another office's sessions never count here.
    const other = await f.office();
    const otherCounter = (await f.counter(other.id, 'Módulo 1', [(await f.service(other.id, 'T')).id])).id;
    await r.session(other.id, otherCounter, agents.a1, `${MON}T08:00`, `${MON}T18:00`);
  });
  afterAll(() => t.close());

  it('a counter open 09:00–12:00 and 13:00–14:00 that served 2 hours is 0.5 utilised; each counter by its own sessions', async () => {
    const body = await report('counter', TUE);
    const rows = byKey(body);
    expect(rows[counters.m1]).toMatchObject(use(120, 240, 0.5));
    expect(rows[counters.m2]).toMatchObject(use(60, 120, 0.5));
    expect(rows[counters.m3]).toMatchObject(use(30, 120, 0.25));
    expect(body.totals).toMatchObject(use(240, 600, 0.4));
  });

  it("adds up an agent's sessions across two counters", async () => {
    const body = await report('agent', TUE);
    const rows = byKey(body);
    expect(rows[agents.a2]).toMatchObject(use(90, 240, 0.375));
    expect(rows[agents.a1]).toMatchObject(use(120, 240, 0.5));
    expect(rows[agents.a3]).toMatchObject(use(30, 120, 0.25));
    // The totals stay the counters'.
    expect(body.totals).toMatchObject(use(240, 600, 0.4));
  });

  it('splits a session across midnight between the two local days', async () => {
    expect(byKey(await report('counter', TUE))[counters.m4]).toMatchObject(use(30, 120, 0.25));
    expect(byKey(await report('counter', WED))[counters.m4]).toMatchObject(use(20, 120, 0.167));
    const days = byKey(await report('day', TUE, WED));
    expect(days[TUE]).toMatchObject(use(240, 600, 0.4));
    expect(days[WED]).toMatchObject(use(80, 270, 0.296));
  });

  it("counts a session still open up to the clock's now, and no further", async () => {
    expect(byKey(await report('counter', WED))[counters.m1]).toMatchObject(use(60, 150, 0.4));
    clock.advance({ minutes: 30 });
    try {
      expect(byKey(await report('counter', WED))[counters.m1]).toMatchObject(use(60, 180, 0.333));
      // Tomorrow has nothing yet: the open session stops at now.
      const tomorrow = await report('counter', '2026-06-18');
      expect(tomorrow.rows).toEqual([]);
      expect(tomorrow.totals).toMatchObject(use(0, 0, null));
    } finally {
      clock.set(NOW);
    }
  });

  it('falls back to the first call to last completion on a day without any logged session', async () => {
    const body = await report('counter', MON);
    expect(byKey(body)[counters.m1]).toMatchObject(use(90, 120, 0.75));
    expect(body.totals).toMatchObject(use(90, 120, 0.75));
  });

  it('adds the days up over a range, each day measured its own way', async () => {
    const body = await report('counter', MON, WED);
    const rows = byKey(body);
    expect(rows[counters.m1]).toMatchObject(use(270, 510, 0.529));
    expect(rows[counters.m2]).toMatchObject(use(60, 120, 0.5));
    expect(rows[counters.m3]).toMatchObject(use(30, 120, 0.25));
    expect(rows[counters.m4]).toMatchObject(use(50, 240, 0.208));
    expect(body.totals).toMatchObject(use(410, 990, 0.414));

    const byAgent = byKey(await report('agent', MON, WED));
    expect(byAgent[agents.a1]).toMatchObject(use(270, 510, 0.529));
    expect(byAgent[agents.a2]).toMatchObject(use(90, 240, 0.375));
    expect(byAgent[agents.a3]).toMatchObject(use(50, 240, 0.208));

    const days = byKey(await report('day', MON, WED));
    expect(days[MON]).toMatchObject(use(90, 120, 0.75));
  });
});
