import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeders, startTestApp, type TestApp } from '../../testing/test-app.js';
import { WaitlistTicker } from '../../waitlist/waitlist-ticker.js';
import { APPLICANT_COOKIE, ApplicantSessions } from '../applicant-sessions.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const rut = (n: number) => rutFromBody(21_000_000 + n);

/**
 * The waitlist with verified identity (issue #20 follow-up), real PostgreSQL and the real app: a
 * procedure that requires ClaveÚnica takes only signed-in joins; the entry takes the session's
 * RUN and name and is stored verified; the booking its accepted offer becomes is verified too; a
 * different document while signed in is refused.
 */
describe('the waitlist with verified identity', () => {
  let t: TestApp;
  let officeId: string;

  const signIn = async (n: number, fullName = `Ignacio Andrés Rojas ${n}`) => {
    const { cookieValue } = await t.app.get(ApplicantSessions).open({ documentNumber: rut(n).normalized, fullName });
    return `${APPLICANT_COOKIE}=${cookieValue}`;
  };
  const join = (body: Record<string, unknown>, cookie?: string) => {
    const request = t.http.post('/api/v1/waitlist');
    if (cookie) void request.set('Cookie', cookie);
    return request.send(body);
  };
  const requiring = async () =>
    (
      await seeders(t.db).service(officeId, {
        code: `V${Math.random().toString(36).slice(2, 6)}`,
        name: 'Permanencia definitiva',
        mode: 'appointment',
        slotMinutes: 15,
        seatsPerSlot: 1,
        requiresVerifiedIdentity: true,
      })
    ).id;
  const entry = async (code: string) =>
    (await t.db.query(`SELECT document_type::text AS document_type, document_number, full_name, identity_verified, status FROM waitlist_entries WHERE code = $1`, [code]))[0];

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    officeId = (await seeders(t.db).office({ openingHours: WEEKDAYS, waitlistHoldMinutes: 30 })).id;
  }, 60_000);
  afterAll(() => t?.close());

  it('refuses an anonymous join on a requiring procedure (403 VERIFIED_IDENTITY_REQUIRED) and stores nothing', async () => {
    const serviceId = await requiring();
    const refused = await join({
      serviceId,
      from: '2026-12-02',
      to: '2026-12-04',
      applicant: { documentType: 'RUT', documentNumber: rut(1).formatted, fullName: 'Persona 1', email: 'espera.1@example.cl' },
    }).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'VERIFIED_IDENTITY_REQUIRED' });
    expect(refused.body.message).toMatch(/sign in with ClaveÚnica to join/);
    expect(await t.db.query(`SELECT 1 FROM waitlist_entries WHERE service_id = $1`, [serviceId])).toEqual([]);
  });

  it('signed in, a join without a document is stored verified with the session’s RUN and name; its accepted offer becomes a verified booking', async () => {
    const serviceId = await requiring();
    const joined = await join({ serviceId, from: '2026-12-02', to: '2026-12-02', applicant: { email: 'espera.2@example.cl' } }, await signIn(2)).expect(201);
    expect(joined.body).toMatchObject({ status: 'waiting', serviceId, position: 0 });
    expect(await entry(joined.body.code)).toEqual({
      document_type: 'RUT',
      document_number: rut(2).normalized,
      full_name: 'Ignacio Andrés Rojas 2',
      identity_verified: true,
      status: 'waiting',
    });

    // The sweep holds a free time of the day for the entry; the person confirms it with the entry's code and document (no session needed).
    await t.app.get(WaitlistTicker).tick();
    expect((await entry(joined.body.code)).status).toBe('offered');
    const booking = await t.http.post(`/api/v1/waitlist/${joined.body.code}/accept`).send({ documentNumber: rut(2).formatted }).expect(201);
    expect(booking.body).toMatchObject({ serviceId, identityVerified: true, status: 'confirmed' });
    const [row] = await t.db.query(`SELECT document_number, full_name, identity_verified FROM bookings WHERE code = $1`, [booking.body.code]);
    expect(row).toEqual({ document_number: rut(2).normalized, full_name: 'Ignacio Andrés Rojas 2', identity_verified: true });
  });

  it('an anonymous entry on an open procedure stays unverified, and so does the booking of its accepted offer', async () => {
    const serviceId = (await seeders(t.db).service(officeId, { code: 'O', name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 1 })).id;
    const applicant = { documentType: 'RUT', documentNumber: rut(3).formatted, fullName: 'Persona 3', email: 'espera.3@example.cl' };
    const joined = await join({ serviceId, from: '2026-12-03', to: '2026-12-03', applicant }).expect(201);
    expect((await entry(joined.body.code)).identity_verified).toBe(false);
    await t.app.get(WaitlistTicker).tick();
    const booking = await t.http.post(`/api/v1/waitlist/${joined.body.code}/accept`).send({ documentNumber: applicant.documentNumber }).expect(201);
    expect(booking.body.identityVerified).toBe(false);
  });

  it('signed in, another document in the body is 403 IDENTITY_MISMATCH naming it, and nothing is stored', async () => {
    const serviceId = await requiring();
    const refused = await join(
      { serviceId, from: '2026-12-02', to: '2026-12-04', applicant: { documentType: 'RUT', documentNumber: rut(5).formatted, fullName: 'Otra Persona', email: 'espera.4@example.cl' } },
      await signIn(4),
    ).expect(403);
    expect(refused.body).toMatchObject({ error: 'IDENTITY_MISMATCH', details: [{ field: 'applicant.documentNumber' }] });
    expect(await t.db.query(`SELECT 1 FROM waitlist_entries WHERE service_id = $1`, [serviceId])).toEqual([]);
    // The same person's own document, in another notation, is theirs.
    await join({ serviceId, from: '2026-12-02', to: '2026-12-04', applicant: { documentNumber: rut(4).normalized.replace('-', ''), email: 'espera.4@example.cl' } }, await signIn(4)).expect(201);
  });
});
