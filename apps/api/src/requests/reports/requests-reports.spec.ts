import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { requestFixtures } from '../../testing/request-fixtures.js';

/**
 * The requests report (issue #17) on a hand-made set, office in Chile (America/Santiago; UTC−4
 * until Sunday 6 September 2026, UTC−3 after). The clock stands on Wednesday 23 September 2026;
 * Friday 18 and Saturday 19 September are public holidays. Range: September 2026.
 *
 *   #  filed (local)        kind        topic  channel  state         answered by  working days  on time  rating
 *   1  01-09 00:10 (UTC−4)  complaint   A      web      answered      a1           3             yes      5
 *   2  02-09 10:00          complaint   A      phone    answered      a1           7             yes      4
 *   3  03-09 10:00          request     B      web      answered      a2           12            no       1
 *   4  04-09 10:00          request     B      email    closed        a2           5             yes      –
 *   5  22-09 10:00          suggestion  A      web      received
 *   6  15-09 10:00          complaint   B      counter  in progress
 *   8  02-09 11:00          complaint   A      web      received
 *   7  31-08 23:50 (UTC−4)  request     A      letter   waiting       (August: outside the range, in the backlog)
 *   +  01-10 00:10          complaint   A      web      received      (October: outside; in the backlog)
 *   another office's request on 10-09 (never counted)
 *
 * Totals (1–6, 8): 7 received, 4 answered, 3 open, 3 on time (0.75), median of 3 5 7 12 = 6,
 * ratings 5 4 1 (mean 3.33). Backlog today (working days since filing, holidays skipped):
 * #5 22→23 = 1; #6 15→23 = 16 17 21 22 23 = 5 (6 counting the 18th, 8 calendar days);
 * #8 02→23 = 14; #7 31-08→23 = 16; the October one is filed "after" today: 0.
 * → 0–5: 3, 6–10: 0, 11–15: 1, >15: 1.
 */
const NOW = '2026-09-23T10:00:00-03:00';

describe('requests report', () => {
  let t: TestApp;
  let officeId: string;
  let topicA: string;
  let topicB: string;
  let a1: { id: string; username: string; auth: string };
  let a2: { id: string; username: string; auth: string };
  const auth: Record<'admin' | 'supervisor' | 'agent' | 'otherSupervisor', string> = { admin: '', supervisor: '', agent: '', otherSupervisor: '' };
  const get = (path: string, as: keyof typeof auth = 'supervisor') => t.http.get(`/api/v1/offices/${officeId}${path}`).set('Authorization', auth[as]);

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const f = deskFixtures(t);
    const r = requestFixtures(t.db, { dueDate: '2026-12-31', deadlineDays: 10 });
    officeId = (await f.office({ name: 'Oficina OIRS', holidayCountry: 'CL', timeZone: 'America/Santiago' })).id;
    const other = (await f.office({ holidayCountry: 'CL' })).id;
    topicB = await r.topic(officeId, 'Licencias de conducir', { sortOrder: 2 });
    topicA = await r.topic(officeId, 'Permisos de circulación', { sortOrder: 1 });
    a1 = await f.staff('agent', officeId);
    a2 = await f.staff('agent', officeId);
    auth.admin = (await f.staff('admin', null)).auth;
    auth.supervisor = (await f.staff('supervisor', officeId)).auth;
    auth.agent = a1.auth;
    auth.otherSupervisor = (await f.staff('supervisor', other)).auth;

    const answered = (by: string, days: number, onTime: boolean, rating: number | null, at: string) => ({
      answeredBy: by,
      answerWorkingDays: days,
      answeredOnTime: onTime,
      rating,
      answeredAt: at,
    });
    await r.request(officeId, topicA, { filedAt: '2026-09-01T00:10:00-04:00', status: 'answered', ...answered(a1.id, 3, true, 5, '2026-09-04T12:00:00-04:00') });
    await r.request(officeId, topicA, { filedAt: '2026-09-02T10:00:00-04:00', channel: 'phone', status: 'answered', ...answered(a1.id, 7, true, 4, '2026-09-11T12:00:00-03:00') });
    await r.request(officeId, topicB, { filedAt: '2026-09-03T10:00:00-04:00', kind: 'request', status: 'answered', ...answered(a2.id, 12, false, 1, '2026-09-21T12:00:00-03:00') });
    await r.request(officeId, topicB, {
      filedAt: '2026-09-04T10:00:00-04:00',
      kind: 'request',
      channel: 'email',
      status: 'closed',
      closedAt: '2026-09-14T12:00:00-03:00',
      ...answered(a2.id, 5, true, null, '2026-09-11T12:00:00-03:00'),
    });
    await r.request(officeId, topicA, { filedAt: '2026-09-22T10:00:00-03:00', kind: 'suggestion', status: 'received' });
    await r.request(officeId, topicB, { filedAt: '2026-09-15T10:00:00-03:00', channel: 'counter', status: 'in_progress' });
    await r.request(officeId, topicA, { filedAt: '2026-09-02T11:00:00-04:00', status: 'received' });
    await r.request(officeId, topicA, { filedAt: '2026-08-31T23:50:00-04:00', kind: 'request', channel: 'letter', status: 'waiting' });
    await r.request(officeId, topicA, { filedAt: '2026-10-01T00:10:00-03:00', status: 'received' });
    await r.request(other, await r.topic(other, 'Otro'), { filedAt: '2026-09-10T10:00:00-03:00', status: 'answered', ...answered(a1.id, 1, true, 5, '2026-09-10T12:00:00-03:00') });
  });
  afterAll(() => t?.close());

  const figures = (received: number, answered: number, open: number, answeredOnTime: number, onTimeShare: number | null, medianWorkingDays: number | null, ratings: number, ratingMean: number | null) => ({
    received,
    answered,
    open,
    answeredOnTime,
    onTimeShare,
    medianWorkingDays,
    ratings,
    ratingMean,
  });

  it('counts by kind, topic, channel and staff member, with the on-time share, the median working days and the ratings, over the office-local range', async () => {
    const body = (await get('/reports/requests?from=2026-09-01&to=2026-09-30').expect(200)).body;
    expect(body).toMatchObject({ officeId, officeName: 'Oficina OIRS', timeZone: 'America/Santiago', from: '2026-09-01', to: '2026-09-30' });
    expect(body.totals).toEqual(figures(7, 4, 3, 3, 0.75, 6, 3, 3.33));
    expect(body.byKind).toEqual([
      { key: 'request', label: 'Solicitud', ...figures(2, 2, 0, 1, 0.5, 8.5, 1, 1) },
      { key: 'complaint', label: 'Reclamo', ...figures(4, 2, 2, 2, 1, 5, 2, 4.5) },
      { key: 'suggestion', label: 'Sugerencia', ...figures(1, 0, 1, 0, null, null, 0, null) },
    ]);
    // Topics in the catalogue's order (A has sort order 1).
    expect(body.byTopic).toEqual([
      { key: topicA, label: 'Permisos de circulación', ...figures(4, 2, 2, 2, 1, 5, 2, 4.5) },
      { key: topicB, label: 'Licencias de conducir', ...figures(3, 2, 1, 1, 0.5, 8.5, 1, 1) },
    ]);
    expect(body.byChannel).toEqual([
      { key: 'web', label: 'Web', ...figures(4, 2, 2, 1, 0.5, 7.5, 2, 3) },
      { key: 'phone', label: 'Teléfono', ...figures(1, 1, 0, 1, 1, 7, 1, 4) },
      { key: 'email', label: 'Correo electrónico', ...figures(1, 1, 0, 1, 1, 5, 0, null) },
      { key: 'counter', label: 'Presencial', ...figures(1, 0, 1, 0, null, null, 0, null) },
    ]);
    const agents = Object.fromEntries((body.byAgent as { key: string }[]).map((row) => [row.key, row]));
    expect(Object.keys(agents).sort()).toEqual([a1.id, a2.id].sort());
    expect(agents[a1.id]).toEqual({ key: a1.id, label: a1.username, ...figures(2, 2, 0, 2, 1, 5, 2, 4.5) });
    expect(agents[a2.id]).toEqual({ key: a2.id, label: a2.username, ...figures(2, 2, 0, 1, 0.5, 8.5, 1, 1) });
    expect(body.ratings).toEqual({
      count: 3,
      mean: 3.33,
      distribution: [
        { rating: 1, count: 1 },
        { rating: 2, count: 0 },
        { rating: 3, count: 0 },
        { rating: 4, count: 1 },
        { rating: 5, count: 1 },
      ],
    });
  });

  it('the open backlog is aged in working days since filing, the office holidays skipped (Fiestas Patrias), whatever the range', async () => {
    for (const range of ['from=2026-09-01&to=2026-09-30', 'from=2026-01-01&to=2026-01-31']) {
      const { backlog } = (await get(`/reports/requests?${range}`).expect(200)).body;
      expect(backlog.asOf).toBe('2026-09-23');
      expect(backlog.total).toBe(5);
      expect(backlog.buckets.map((b: { key: string; count: number }) => [b.key, b.count])).toEqual([
        ['0-5', 3],
        ['6-10', 0],
        ['11-15', 1],
        ['16+', 1],
      ]);
    }
  });

  it('CSV like the other reports: sections per grouping, the total, the backlog and the ratings; by Accept or by the .csv link', async () => {
    const res = await get('/reports/requests?from=2026-09-01&to=2026-09-30').set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="solicitudes-2026-09-01-2026-09-30.csv"');
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Agrupación,Clave,Nombre,Recibidas,Respondidas,Abiertas,Respondidas en plazo,Proporción en plazo,Mediana días hábiles,Calificaciones,Calificación promedio');
    expect(lines).toContain('Tipo,complaint,Reclamo,4,2,2,2,1,5,2,4.5');
    expect(lines).toContain(`Tema,${topicB},Licencias de conducir,3,2,1,1,0.5,8.5,1,1`);
    expect(lines).toContain('Total,total,Total,7,4,3,3,0.75,6,3,3.33');
    expect(lines).toContain('Pendientes al 2026-09-23,11-15,11–15 días hábiles,,,1,,,,,');
    expect(lines).toContain('Calificación,4,4 de 5,,,,,,,1,');
    const link = await get('/reports/requests.csv?from=2026-09-01&to=2026-09-30').expect(200);
    expect(link.text).toBe(res.text);
  });

  it('the yearly public account has a requests section per month and kind', async () => {
    const { requests } = (await get('/reports/yearly?year=2026').expect(200)).body;
    expect(requests.total).toMatchObject({ received: 9, answered: 4, open: 5, answeredOnTime: 3, medianWorkingDays: 6 });
    expect(requests.months).toHaveLength(12);
    expect(requests.months[7]).toMatchObject({ month: 8, received: 1, open: 1 });
    expect(requests.months[8]).toMatchObject({ month: 9, received: 7, answered: 4 });
    expect(requests.months[9]).toMatchObject({ month: 10, received: 1 });
    expect(requests.kinds.map((k: { kind: string; received: number }) => [k.kind, k.received])).toEqual([
      ['request', 3],
      ['complaint', 5],
      ['suggestion', 1],
      ['commendation', 0],
    ]);
  });

  it('supervisor of the office and admin only: an agent and another office get 403; a bad range is 400 naming the field', async () => {
    await get('/reports/requests?from=2026-09-01&to=2026-09-30', 'admin').expect(200);
    const agent = await get('/reports/requests?from=2026-09-01&to=2026-09-30', 'agent').expect(403);
    expect(agent.body.error).toBe('FORBIDDEN');
    await get('/reports/requests.csv?from=2026-09-01&to=2026-09-30', 'agent').expect(403);
    await get('/reports/requests?from=2026-09-01&to=2026-09-30', 'otherSupervisor').expect(403);
    const backwards = await get('/reports/requests?from=2026-09-30&to=2026-09-01').expect(400);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    const missing = await get('/reports/requests?from=2026-09-01').expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('to');
    await get('/reports/requests?from=2025-01-01&to=2026-09-30').expect(400);
  });
});
