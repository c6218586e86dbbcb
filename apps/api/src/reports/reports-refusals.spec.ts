import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_DAY, DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/** Unmet demand end to end: walk-ins refused by the cap at the kiosk are the report's refusals. */
describe('reports: walk-ins refused by the cap', () => {
  let t: TestApp;
  let officeId: string;
  let capped: string;
  let open: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    const f = deskFixtures(t);
    officeId = (await f.office()).id;
    capped = (await f.service(officeId, 'C', { mode: 'walk_in', walkInDailyCap: 3 })).id;
    open = (await f.service(officeId, 'O', { mode: 'walk_in', walkInDailyCap: null })).id;
    supervisor = (await f.staff('supervisor', officeId)).auth;
  });
  afterAll(() => t.close());

  it('counts every refusal of 10 simultaneous kiosk requests for 3 places, per service and day', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.http.post(`/api/v1/offices/${officeId}/tickets`).send({ serviceId: capped })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    await t.http.post(`/api/v1/offices/${officeId}/tickets`).send({ serviceId: open }).expect(201);

    const get = async (groupBy: string) =>
      (await t.http.get(`/api/v1/offices/${officeId}/reports?from=${DESK_DAY}&to=${DESK_DAY}&groupBy=${groupBy}`).set('Authorization', supervisor).expect(200)).body;
    const byService = await get('service');
    expect(byService.rows.map((r: { key: string; walkInsIssued: number; walkInsRefused: number }) => [r.key, r.walkInsIssued, r.walkInsRefused])).toEqual([
      [capped, 3, 7],
      [open, 1, 0],
    ]);
    const byDay = await get('day');
    expect(byDay.rows).toHaveLength(1);
    expect(byDay.rows[0]).toMatchObject({ key: DESK_DAY, arrivals: 4, walkInsIssued: 4, walkInsRefused: 7 });
    expect(byDay.totals).toMatchObject({ walkInsIssued: 4, walkInsRefused: 7 });
    // Refusals are counted per service and day: the hour grouping leaves them out, the totals keep them.
    const byHour = await get('hour');
    expect(byHour.rows.every((r: { walkInsRefused: number | null }) => r.walkInsRefused === null)).toBe(true);
    expect(byHour.totals.walkInsRefused).toBe(7);
  });
});
