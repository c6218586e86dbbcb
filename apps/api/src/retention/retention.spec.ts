import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Booking } from '../bookings/booking.entity.js';
import { deskFixtures } from '../testing/desk-fixtures.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { PersonalDataRetentionJob } from './personal-data-retention.job.js';

/** The clock stands on Wednesday 17 June 2026 (America/Santiago); the office keeps personal data 30 days. */
const NOW = '2026-06-17T10:00:00-04:00';
const OLD = '2026-05-17'; // 31 days before: erased
const EDGE = '2026-05-18'; // exactly 30 days before: kept
const RECENT = '2026-06-16';

interface BookingRow {
  id: string;
  full_name: string;
  document_number: string;
  document_type: string;
  email: string | null;
  phone: string | null;
  sms_consent: boolean;
  status: string;
  local_date: string;
}

describe('personal data retention', () => {
  let t: TestApp;
  let second: TestApp;
  let officeId: string;
  let longOfficeId: string;
  let serviceId: string;
  let longServiceId: string;
  let supervisor: string;
  let agent: string;
  const bookings: Record<string, Booking> = {};
  let oldTicket: { id: string; officeId: string };
  let recentTicket: { id: string; officeId: string };

  const rows = async (ids: string[]): Promise<Map<string, BookingRow>> => {
    const found = (await t.db.query(
      `SELECT id, full_name, document_number, document_type, email, phone, sms_consent, status, local_date::text FROM bookings WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as BookingRow[];
    return new Map(found.map((r) => [r.id, r]));
  };
  const report = async () => {
    const body = (await t.http.get(`/api/v1/offices/${officeId}/reports?from=2026-05-01&to=2026-06-30&groupBy=service`).set('Authorization', supervisor).expect(200)).body;
    return { rows: body.rows, totals: body.totals };
  };

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    second = await attachTestApp(t.databaseUrl, { FAKE_NOW: NOW });
    const f = deskFixtures(t);
    const r = reportFixtures(t.db);
    officeId = (await f.office({ personalDataRetentionDays: 30 })).id;
    longOfficeId = (await f.office()).id; // the default: 365 days
    serviceId = (await f.service(officeId, 'R', { mode: 'appointment' })).id;
    longServiceId = (await f.service(longOfficeId, 'R', { mode: 'appointment' })).id;
    supervisor = (await f.staff('supervisor', officeId)).auth;
    agent = (await f.staff('agent', officeId)).auth;

    // Two old bookings still "confirmed" (nobody came) of one service: erasing must not make them
    // collide on the partial unique index of confirmed bookings per document and service.
    bookings.oldNoShowA = await r.booking(officeId, serviceId, OLD, '09:00', { documentType: 'RUT', documentNumber: '12345678-5' });
    bookings.oldNoShowB = await r.booking(officeId, serviceId, OLD, '09:15');
    bookings.oldCheckedIn = await r.booking(officeId, serviceId, OLD, '09:30', { status: 'checked_in' });
    bookings.oldCancelled = await r.booking(officeId, serviceId, OLD, '10:00', { status: 'cancelled' });
    bookings.edge = await r.booking(officeId, serviceId, EDGE, '09:00', { status: 'checked_in' });
    bookings.recent = await r.booking(officeId, serviceId, RECENT, '09:00', { status: 'checked_in' });
    bookings.future = await r.booking(officeId, serviceId, '2026-06-30', '09:00');
    bookings.otherOffice = await r.booking(longOfficeId, longServiceId, OLD, '09:00');

    oldTicket = await r.ticket(officeId, serviceId, OLD, { issued: '09:20', slot: '09:30', called: '09:35', started: '09:36', completed: '09:50' });
    recentTicket = await r.ticket(officeId, serviceId, RECENT, { issued: '08:55', slot: '09:00', called: '09:05', started: '09:06', completed: '09:20' });
    await r.survey(oldTicket, 2, 'Soy Juan Pérez, RUT 12.345.678-5: me atendieron mal');
    await r.survey(recentTicket, 5, 'Excelente');
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('erases name, document, email and phone (and the consent to SMS) of bookings past the retention, once, even with two instances at once; keeps the rest', async () => {
    await t.db.query(`UPDATE bookings SET sms_consent = true WHERE id = ANY($1::uuid[])`, [Object.values(bookings).map((b) => b.id)]);
    const before = await report();
    const runs = await Promise.all([t.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData(), second.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData()]);
    expect(runs.some((run) => run.ran)).toBe(true);
    expect(runs.reduce((sum, run) => sum + run.bookings, 0)).toBe(4);
    expect(runs.reduce((sum, run) => sum + run.comments, 0)).toBe(1);
    const again = await t.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData();
    expect(again).toEqual({ ran: true, bookings: 0, comments: 0, requests: 0 });

    const stored = await rows(Object.values(bookings).map((b) => b.id));
    for (const name of ['oldNoShowA', 'oldNoShowB', 'oldCheckedIn', 'oldCancelled']) {
      const row = stored.get(bookings[name].id)!;
      expect(row, name).toMatchObject({ full_name: '', document_number: `erased:${row.id}`, email: null, phone: null, sms_consent: false, local_date: OLD });
      expect(row.status, name).toBe(bookings[name].status);
    }
    for (const name of ['edge', 'recent', 'future', 'otherOffice']) {
      expect(stored.get(bookings[name].id), name).toMatchObject({
        full_name: 'María José Pérez Soto',
        document_number: bookings[name].documentNumber,
        email: 'maria@example.cl',
        phone: '+56 9 1234 5678',
        sms_consent: true,
      });
    }

    const answers = (await t.db.query(`SELECT ticket_id, rating, comment FROM survey_answers ORDER BY rating`)) as { ticket_id: string; rating: number; comment: string | null }[];
    expect(answers).toEqual([
      { ticket_id: oldTicket.id, rating: 2, comment: null },
      { ticket_id: recentTicket.id, rating: 5, comment: 'Excelente' },
    ]);
    expect(await report()).toEqual(before);
  });

  it('lets the same document book again after its old booking was erased', async () => {
    const again = await reportFixtures(t.db).booking(officeId, serviceId, '2026-06-25', '09:00', { documentType: 'RUT', documentNumber: '12345678-5' });
    expect((await rows([again.id])).get(again.id)?.status).toBe('confirmed');
  });

  it('is set per office through PATCH by its supervisor (1–3650 days), not by an agent', async () => {
    const patch = (body: object, auth: string) => t.http.patch(`/api/v1/offices/${officeId}`).set('Authorization', auth).send(body);
    expect((await patch({ personalDataRetentionDays: 90, waitTargetMinutes: 20 }, supervisor).expect(200)).body).toMatchObject({
      personalDataRetentionDays: 90,
      waitTargetMinutes: 20,
    });
    expect((await patch({ personalDataRetentionDays: 0 }, supervisor).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['personalDataRetentionDays']);
    expect((await patch({ personalDataRetentionDays: '30' }, supervisor).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['personalDataRetentionDays']);
    expect((await patch({ waitTargetMinutes: 0 }, supervisor).expect(400)).body.details.map((d: { field: string }) => d.field)).toEqual(['waitTargetMinutes']);
    await patch({ personalDataRetentionDays: 10 }, agent).expect(403);
    const office = (await t.http.get(`/api/v1/offices/${longOfficeId}`).expect(200)).body;
    expect(office).toMatchObject({ personalDataRetentionDays: 365, waitTargetMinutes: 30 });
  });
});
