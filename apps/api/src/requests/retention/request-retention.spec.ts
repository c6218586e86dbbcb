import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalDataRetentionJob } from '../../retention/personal-data-retention.job.js';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { requestFixtures } from '../../testing/request-fixtures.js';

/** Wednesday 17 June 2026 in Santiago (UTC−4); the office keeps personal data 30 days: closed on 17 May or before → erased. */
const NOW = '2026-06-17T10:00:00-04:00';
const PERSON = { contactName: 'Elena Borrable', email: 'elena.borrable@example.cl', phone: '+56955554444', document: '11111111-1', description: 'Mi caso privado' };

interface Row {
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  contact_document: string | null;
  description: string | null;
  answer: string | null;
  erased_at: Date | null;
  kind: string;
  channel: string;
  topic_id: string;
  status: string;
  filed_at: Date;
  answered_at: Date | null;
  closed_at: Date | null;
  due_date: string;
  answer_working_days: number | null;
  answered_on_time: boolean | null;
  rating: number | null;
}

describe('retention of requests and complaints', () => {
  let t: TestApp;
  let officeId: string;
  let supervisor: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const f = deskFixtures(t);
    const r = requestFixtures(t.db, { dueDate: '2026-12-31', deadlineDays: 10 });
    officeId = (await f.office({ name: 'OIRS Retención' })).id;
    const longOffice = (await f.office()).id;
    await t.db.query(`UPDATE offices SET personal_data_retention_days = CASE WHEN id = $1 THEN 30 ELSE 365 END WHERE id IN ($1, $2)`, [officeId, longOffice]);
    supervisor = (await f.staff('supervisor', officeId)).auth;
    const topic = await r.topic(officeId, 'Subsidios');
    const closed = (closedAt: string, rating: number | null = 4) => ({
      ...PERSON,
      status: 'closed' as const,
      filedAt: '2026-04-01T10:00:00-03:00',
      answeredAt: '2026-04-10T10:00:00-04:00',
      answerWorkingDays: 7,
      answeredOnTime: true,
      closedAt,
      rating,
    });
    ids.old = (await r.request(officeId, topic, closed('2026-05-17T23:30:00-04:00'))).id;
    ids.old2 = (await r.request(officeId, topic, { ...closed('2026-05-02T12:00:00-04:00', null), kind: 'request', channel: 'phone' })).id;
    ids.edge = (await r.request(officeId, topic, closed('2026-05-18T00:30:00-04:00'))).id;
    ids.answered = (await r.request(officeId, topic, { ...closed('2026-04-11T10:00:00-04:00'), status: 'answered', closedAt: null })).id;
    ids.longOffice = (await r.request(longOffice, await r.topic(longOffice, 'Otro'), closed('2026-05-01T10:00:00-04:00'))).id;
    for (const id of Object.values(ids)) {
      await t.db.query(
        `INSERT INTO request_events (request_id, at, type, actor, text) VALUES
           ($1, '2026-04-01T10:00:00-03:00', 'filed', 'applicant', NULL),
           ($1, '2026-04-02T10:00:00-03:00', 'note', 'staff', 'La señora Elena Borrable llamó'),
           ($1, '2026-04-03T10:00:00-03:00', 'replied', 'applicant', 'Adjunto mi boleta, Elena'),
           ($1, '2026-04-12T10:00:00-04:00', 'rated', 'applicant', 'Gracias, Elena')`,
        [id],
      );
      await t.db.query(`INSERT INTO request_attachments (request_id, file_name, media_type, size, content) VALUES ($1, 'boleta.pdf', 'application/pdf', 4, '\\x25504446')`, [id]);
    }
  });
  afterAll(() => t?.close());

  const row = async (id: string) => ((await t.db.query(`SELECT *, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM requests WHERE id = $1`, [id])) as Row[])[0]!;
  const figuresOf = (r: Row) => [r.kind, r.channel, r.topic_id, r.status, r.filed_at, r.answered_at, r.closed_at, r.due_date, r.answer_working_days, r.answered_on_time, r.rating];
  const events = async (id: string) => (await t.db.query(`SELECT type, actor, text FROM request_events WHERE request_id = $1 ORDER BY id`, [id])) as { type: string; actor: string; text: string | null }[];
  const files = async (id: string) => ((await t.db.query(`SELECT count(*)::int AS n FROM request_attachments WHERE request_id = $1`, [id])) as { n: number }[])[0]!.n;
  const report = async () => (await t.http.get(`/api/v1/offices/${officeId}/reports/requests?from=2026-01-01&to=2026-06-17`).set('Authorization', supervisor).expect(200)).body;

  it('erases the contact, description, answer, event texts and attachments of requests closed before the retention; figures and reports unchanged; a second run finds nothing', async () => {
    const before = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([name, id]) => [name, await row(id)] as const)));
    const reportBefore = await report();
    expect(reportBefore.totals.ratings).toBe(3);

    const run = await t.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData();
    expect(run).toMatchObject({ ran: true, requests: 2 });

    for (const name of ['old', 'old2']) {
      const after = await row(ids[name]!);
      expect(after).toMatchObject({ contact_name: null, contact_email: null, contact_phone: null, contact_document: null, description: null, answer: null });
      expect(after.erased_at).not.toBeNull();
      expect(figuresOf(after)).toEqual(figuresOf(before[name]!));
      const history = await events(ids[name]!);
      expect(history.map((e) => e.type)).toEqual(['filed', 'note', 'replied', 'rated', 'erased']);
      expect(history.every((e) => e.text === null)).toBe(true);
      expect(history.at(-1)!.actor).toBe('system');
      expect(await files(ids[name]!)).toBe(0);
    }
    for (const name of ['edge', 'answered', 'longOffice']) {
      const kept = await row(ids[name]!);
      expect(kept).toMatchObject({ contact_name: PERSON.contactName, contact_email: PERSON.email, description: PERSON.description, erased_at: null });
      expect((await events(ids[name]!)).filter((e) => e.text !== null)).toHaveLength(3);
      expect(await files(ids[name]!)).toBe(1);
    }
    expect(await report()).toEqual({ ...reportBefore, generatedAt: expect.any(String) });

    expect(await t.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData()).toEqual({ ran: true, bookings: 0, comments: 0, requests: 0 });
  });
});
