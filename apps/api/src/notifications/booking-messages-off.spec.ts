import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationWorker } from './notification-worker.js';

const NOW = '2026-12-01T09:00:00-03:00';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

// A file of its own: Nest's ConfigModule copies a validated SMTP_URL (and TWILIO_*) into
// process.env, where another app in the same process would find it.
describe('booking messages with neither SMTP_URL nor an SMS provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
  });
  afterAll(() => t.close());

  it('queues nothing when a booking is made, rescheduled or cancelled, and the sender has nothing to do', async () => {
    const seed = seeders(t.db);
    const officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    const serviceId = (await seed.service(officeId, { seatsPerSlot: 5 })).id;
    const documentNumber = rutFromBody(15_000_001).formatted;
    const applicant = { documentType: 'RUT', documentNumber, fullName: 'Persona Sin Canales', email: 'sin.canales@example.cl', phone: '+56987650001', smsConsent: true };
    const created = await t.http.post('/api/v1/bookings').send({ serviceId, slotStart: '2026-12-02T10:00:00-03:00', applicant }).expect(201);
    await t.http.post(`/api/v1/bookings/${created.body.code}/reschedule`).send({ documentNumber, slotStart: '2026-12-02T10:30:00-03:00' }).expect(200);
    await t.http.post(`/api/v1/bookings/${created.body.code}/cancel`).send({ documentNumber }).expect(200);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 0 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)).toEqual([{ n: 0 }]);
    expect(await t.app.get(NotificationWorker).runDue()).toMatchObject({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
  });
});
