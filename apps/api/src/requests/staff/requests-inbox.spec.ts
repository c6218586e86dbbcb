import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { requestFixtures } from '../../testing/request-fixtures.js';

/** Wednesday 16 September 2026, 10:00 in Santiago; Friday 18 and Saturday 19 are public holidays in Chile. */
const NOW = '2026-09-16T10:00:00-03:00';

interface Item {
  id: string;
  code: string;
  kind: string;
  status: string;
  channel: string;
  dueDate: string;
  overdue: boolean;
  filedAt: string;
  topic: { id: string; name: string };
  assignee: { id: string; username: string } | null;
  waitingSince: string | null;
}
interface Page {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The staff inbox of requests and complaints (issue #17): filters, the overdue and due-this-week
 * windows in working days over the office's holidays, paging and the office rule. Real PostgreSQL;
 * the app's clock stands at NOW (FAKE_NOW).
 */
describe('requests inbox', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let r: ReturnType<typeof requestFixtures>;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    f = deskFixtures(t);
    r = requestFixtures(t.db);
  });
  afterAll(() => t?.close());

  const inbox = async (officeId: string, auth: string, query: Record<string, string> = {}) =>
    (await t.http.get(`/api/v1/offices/${officeId}/requests`).query(query).set('Authorization', auth).expect(200)).body as Page;
  const codes = (page: Page) => page.items.map((item) => item.code);

  it('overdue and due this week count working days over the office holidays (Fiestas Patrias), with the waiting and answered ones left out', async () => {
    // Office in Chile (holidays of CL) and one without holidays, the same requests in each.
    const chile = await f.office({ holidayCountry: 'CL' });
    const plain = await f.office({ holidayCountry: '' });
    const expectations: Record<string, { overdue: boolean; chile: boolean; plain: boolean }> = {};
    for (const office of [chile, plain]) {
      const topic = await r.topic(office.id, 'Permisos de circulación');
      const make = (dueDate: string, status: 'received' | 'in_progress' | 'waiting' | 'answered' = 'received') => r.request(office.id, topic, { dueDate, status });
      const cases = [
        { name: 'late', request: await make('2026-09-15'), overdue: true, chile: false, plain: false },
        { name: 'late but waiting', request: await make('2026-09-15', 'waiting'), overdue: false, chile: false, plain: false },
        { name: 'late but answered', request: await make('2026-09-14', 'answered'), overdue: false, chile: false, plain: false },
        { name: 'today', request: await make('2026-09-16', 'in_progress'), overdue: false, chile: true, plain: true },
        { name: 'next Wednesday', request: await make('2026-09-23'), overdue: false, chile: true, plain: true },
        // The 5th working day after Wednesday 16 is Thursday 24 with Friday 18 a holiday, Wednesday 23 without.
        { name: 'next Thursday', request: await make('2026-09-24'), overdue: false, chile: true, plain: false },
        { name: 'next Friday', request: await make('2026-09-25'), overdue: false, chile: false, plain: false },
        { name: 'waiting, due soon', request: await make('2026-09-17', 'waiting'), overdue: false, chile: false, plain: false },
      ];
      for (const c of cases) expectations[c.request.code] = c;
    }
    const { auth } = await f.staff('admin', null);
    for (const [office, key] of [[chile, 'chile'], [plain, 'plain']] as const) {
      const all = await inbox(office.id, auth);
      expect(all.total).toBe(8);
      for (const item of all.items) expect(item.overdue, item.code).toBe(expectations[item.code].overdue);
      const overdue = await inbox(office.id, auth, { overdue: 'true' });
      expect(overdue.items.map((item) => item.dueDate)).toEqual(['2026-09-15']);
      expect(overdue.total).toBe(1);
      const week = await inbox(office.id, auth, { due: 'week' });
      const expected = all.items.filter((item) => expectations[item.code][key]).map((item) => item.code);
      expect(codes(week)).toEqual(expected);
      expect(week.total).toBe(key === 'chile' ? 3 : 2);
    }
  });

  it('filters by status, kind, channel, topic, assignee (me, none, someone) and code; ordered by due date then filing time', async () => {
    const office = await f.office({ holidayCountry: 'CL' });
    const agent = await f.staff('agent', office.id);
    const colleague = await f.staff('agent', office.id);
    const licences = await r.topic(office.id, 'Licencias de conducir');
    const permits = await r.topic(office.id, 'Permisos de circulación');
    const a = await r.request(office.id, licences, { kind: 'complaint', dueDate: '2026-10-01', filedAt: '2026-09-10T09:00:00-03:00', assigneeId: agent.id, status: 'in_progress' });
    const b = await r.request(office.id, permits, { kind: 'request', channel: 'phone', dueDate: '2026-09-30', filedAt: '2026-09-11T12:00:00-03:00' });
    const c = await r.request(office.id, permits, { kind: 'suggestion', dueDate: '2026-10-01', filedAt: '2026-09-09T15:30:00-03:00', assigneeId: colleague.id, status: 'waiting' });
    const d = await r.request(office.id, licences, { kind: 'request', channel: 'letter', dueDate: '2026-09-28', status: 'closed' });

    expect(codes(await inbox(office.id, agent.auth))).toEqual([d.code, b.code, c.code, a.code]);
    expect(codes(await inbox(office.id, agent.auth, { status: 'received,in_progress' }))).toEqual([b.code, a.code]);
    expect(codes(await t.http.get(`/api/v1/offices/${office.id}/requests?status=waiting&status=closed`).set('Authorization', agent.auth).expect(200).then((x) => x.body as Page))).toEqual([
      d.code,
      c.code,
    ]);
    expect(codes(await inbox(office.id, agent.auth, { kind: 'request' }))).toEqual([d.code, b.code]);
    expect(codes(await inbox(office.id, agent.auth, { channel: 'phone,letter' }))).toEqual([d.code, b.code]);
    expect(codes(await inbox(office.id, agent.auth, { topicId: licences }))).toEqual([d.code, a.code]);
    expect(codes(await inbox(office.id, agent.auth, { assignee: 'me' }))).toEqual([a.code]);
    expect(codes(await inbox(office.id, colleague.auth, { assignee: 'me' }))).toEqual([c.code]);
    expect(codes(await inbox(office.id, agent.auth, { assignee: 'none' }))).toEqual([d.code, b.code]);
    expect(codes(await inbox(office.id, agent.auth, { assignee: colleague.id }))).toEqual([c.code]);
    expect(codes(await inbox(office.id, agent.auth, { q: `${b.code.slice(0, 5).toLowerCase()}-${b.code.slice(5)}` }))).toEqual([b.code]);
    expect(codes(await inbox(office.id, agent.auth, { q: 'ZZZZZZZZZZ' }))).toEqual([]);

    const item = (await inbox(office.id, agent.auth, { q: a.code })).items[0];
    expect(item).toEqual({
      id: a.id,
      code: a.code,
      kind: 'complaint',
      topic: { id: licences, name: 'Licencias de conducir' },
      status: 'in_progress',
      channel: 'web',
      filedAt: '2026-09-10T09:00:00-03:00',
      dueDate: '2026-10-01',
      overdue: false,
      assignee: { id: agent.id, username: agent.username },
      waitingSince: null,
    });
    // Nothing personal in the list: no description or contact.
    expect(JSON.stringify(await inbox(office.id, agent.auth))).not.toMatch(/vecina@example\.cl|dos veces/);
  });

  it('pages: totals over every page, pageSize up to 100, an empty page past the end', async () => {
    const office = await f.office({ holidayCountry: 'CL' });
    const topic = await r.topic(office.id, 'Registro Social de Hogares');
    const made: string[] = [];
    for (let i = 0; i < 23; i += 1) {
      const day = String(1 + i).padStart(2, '0');
      made.push((await r.request(office.id, topic, { dueDate: `2026-10-${day}`, kind: i % 2 ? 'request' : 'complaint' })).code);
    }
    const { auth } = await f.staff('supervisor', office.id);
    const first = await inbox(office.id, auth, { pageSize: '10' });
    expect([first.total, first.page, first.pageSize, first.items.length]).toEqual([23, 1, 10, 10]);
    const third = await inbox(office.id, auth, { pageSize: '10', page: '3' });
    expect([third.total, third.page, third.items.length]).toEqual([23, 3, 3]);
    const pages = [first, await inbox(office.id, auth, { pageSize: '10', page: '2' }), third];
    expect(pages.flatMap(codes)).toEqual(made);
    const beyond = await inbox(office.id, auth, { pageSize: '10', page: '4' });
    expect([beyond.total, beyond.items.length]).toEqual([23, 0]);
    const complaints = await inbox(office.id, auth, { kind: 'complaint', pageSize: '5', page: '3' });
    expect([complaints.total, complaints.items.length]).toEqual([12, 2]);
    const defaults = await inbox(office.id, auth);
    expect([defaults.page, defaults.pageSize, defaults.items.length]).toEqual([1, 25, 23]);
    expect((await inbox(office.id, auth, { pageSize: '100' })).items).toHaveLength(23);
  });

  it('refuses bad filters with 400 naming them, and other offices with 403', async () => {
    const office = await f.office();
    const other = await f.office();
    const agent = await f.staff('agent', office.id);
    const foreign = await f.staff('agent', other.id);
    const supervisorB = await f.staff('supervisor', other.id);
    const cases: [Record<string, string>, string][] = [
      [{ pageSize: '101' }, 'pageSize'],
      [{ pageSize: '0' }, 'pageSize'],
      [{ page: '0' }, 'page'],
      [{ page: 'x' }, 'page'],
      [{ status: 'open' }, 'status'],
      [{ kind: 'praise' }, 'kind'],
      [{ channel: 'fax' }, 'channel'],
      [{ topicId: 'abc' }, 'topicId'],
      [{ overdue: 'yes' }, 'overdue'],
      [{ due: 'month' }, 'due'],
      [{ assignee: 'someone' }, 'assignee'],
      [{ q: 'ab@c' }, 'q'],
      [{ unknown: '1' }, 'unknown'],
    ];
    for (const [query, field] of cases) {
      const response = await t.http.get(`/api/v1/offices/${office.id}/requests`).query(query).set('Authorization', agent.auth).expect(400);
      expect(response.body.error, JSON.stringify(query)).toBe('VALIDATION_FAILED');
      expect((response.body.details as { field: string }[]).map((d) => d.field), JSON.stringify(query)).toContain(field);
    }
    for (const auth of [foreign.auth, supervisorB.auth]) {
      expect((await t.http.get(`/api/v1/offices/${office.id}/requests`).set('Authorization', auth).expect(403)).body.error).toBe('FORBIDDEN');
    }
    await t.http.get(`/api/v1/offices/${office.id}/requests`).expect(401);
    const { auth: admin } = await f.staff('admin', null);
    expect((await t.http.get('/api/v1/offices/00000000-0000-4000-8000-000000000000/requests').set('Authorization', admin).expect(404)).body.error).toBe('OFFICE_NOT_FOUND');
  });
});
