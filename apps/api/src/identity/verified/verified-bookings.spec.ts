import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seeders, startTestApp, type TestApp } from '../../testing/test-app.js';
import { APPLICANT_COOKIE, ApplicantSessions } from '../applicant-sessions.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const rut = (n: number) => rutFromBody(20_000_000 + n);

/**
 * Verified identity in the booking path (issue #20): a ClaveÚnica session (opened here through
 * ApplicantSessions, as the callback opens it; the provider's side is helper A's spec) gives the
 * booking its document and name and marks it verified, for the staff's list and the check-in; a
 * procedure may require it; a different document is refused. Real PostgreSQL, the real app.
 */
describe('verified bookings', () => {
  let t: TestApp;
  let officeId: string;
  let open: string;
  let required: string;
  let family: string;
  let agent: string;

  /** A ClaveÚnica session for RUN `n`: the Cookie header to send. */
  const signIn = async (n: number, fullName = `María José Pérez ${n}`) => {
    const { cookieValue } = await t.app.get(ApplicantSessions).open({ documentNumber: rut(n).normalized, fullName });
    return `${APPLICANT_COOKIE}=${cookieValue}`;
  };
  const book = (body: Record<string, unknown>, cookie?: string) => {
    const request = t.http.post('/api/v1/bookings');
    if (cookie) void request.set('Cookie', cookie);
    return request.send(body);
  };
  const anonymous = (n: number) => ({ documentType: 'RUT', documentNumber: rut(n).formatted, fullName: `Persona ${n}` });
  const row = async (code: string) =>
    (await t.db.query(`SELECT document_type::text AS document_type, document_number, full_name, identity_verified FROM bookings WHERE code = $1`, [code]))[0];

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const seed = seeders(t.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    open = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', slotMinutes: 15, seatsPerSlot: 5 })).id;
    required = (await seed.service(officeId, { code: 'P', name: 'Permanencia definitiva', slotMinutes: 15, seatsPerSlot: 5, requiresVerifiedIdentity: true })).id;
    family = (await seed.service(officeId, { code: 'F', name: 'Trámite familiar', slotMinutes: 15, seatsPerSlot: 5, maxGroupSize: 3 })).id;
    const staff = await seed.staff('agent', officeId);
    agent = await bearer(t.http, staff.username, staff.password);
  });
  afterAll(() => t.close());

  it('signed in, a booking without a document takes the session’s RUN and name, is stored verified, and shows so to staff and at check-in', async () => {
    const cookie = await signIn(1, 'María José Pérez González');
    const verified = await book({ serviceId: open, slotStart: '2026-12-01T09:15:00-03:00', applicant: { email: 'maria@example.cl' } }, cookie).expect(201);
    expect(verified.body).toMatchObject({ identityVerified: true, members: [{ index: 0, fullName: 'María José Pérez González', status: 'confirmed' }] });
    expect(await row(verified.body.code)).toEqual({ document_type: 'RUT', document_number: rut(1).normalized, full_name: 'María José Pérez González', identity_verified: true });
    const typed = await book({ serviceId: open, slotStart: '2026-12-01T09:15:00-03:00', applicant: anonymous(2) }).expect(201);
    expect(typed.body.identityVerified).toBe(false);
    expect((await row(typed.body.code)).identity_verified).toBe(false);

    const day = await t.http.get(`/api/v1/offices/${officeId}/bookings?date=2026-12-01`).set('Authorization', agent).expect(200);
    const listed = (code: string) => day.body.bookings.find((b: { code: string }) => b.code === code);
    expect(listed(verified.body.code)).toMatchObject({ identityVerified: true, fullName: 'María José Pérez González', documentNumber: rut(1).normalized });
    expect(listed(typed.body.code)).toMatchObject({ identityVerified: false });

    // The kiosk (by code) and the front desk (by document) see it in the check-in's answer.
    const kiosk = await t.http.post(`/api/v1/offices/${officeId}/check-ins`).send({ code: verified.body.code }).expect(201);
    expect(kiosk.body).toMatchObject({ kind: 'appointment', identityVerified: true });
    const desk = await t.http.post(`/api/v1/offices/${officeId}/check-ins`).set('Authorization', agent).send({ documentNumber: rut(2).formatted }).expect(201);
    expect(desk.body).toMatchObject({ kind: 'appointment', identityVerified: false });
  });

  it('signed in, a group booking verifies its holder only: the companions are as typed', async () => {
    const cookie = await signIn(3);
    const group = await book({ serviceId: family, slotStart: '2026-12-02T10:00:00-03:00', applicant: {}, companions: [anonymous(4), anonymous(5)] }, cookie).expect(201);
    expect(group.body).toMatchObject({ identityVerified: true, partySize: 3 });
    const rows = await t.db.query(`SELECT group_index, identity_verified FROM bookings WHERE group_id = $1 ORDER BY group_index`, [group.body.id]);
    expect(rows).toEqual([
      { group_index: 0, identity_verified: true },
      { group_index: 1, identity_verified: false },
      { group_index: 2, identity_verified: false },
    ]);
  });

  it('a procedure that requires verified identity refuses an anonymous booking (403 VERIFIED_IDENTITY_REQUIRED) and its waitlist, and takes a verified one', async () => {
    const slotStart = '2026-12-02T11:00:00-03:00';
    const refused = await book({ serviceId: required, slotStart, applicant: anonymous(6) }).expect(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: 'VERIFIED_IDENTITY_REQUIRED' });
    expect(refused.body.message).toMatch(/ClaveÚnica/);
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE document_number = $1`, [rut(6).normalized])).toEqual([]);
    const waitlist = await t.http
      .post('/api/v1/waitlist')
      .send({ serviceId: required, from: '2026-12-02', to: '2026-12-09', applicant: { ...anonymous(6), email: 'espera@example.cl' } })
      .expect(403);
    expect(waitlist.body.error).toBe('VERIFIED_IDENTITY_REQUIRED');

    const verified = await book({ serviceId: required, slotStart, applicant: anonymous(6) }, await signIn(6)).expect(201);
    expect(verified.body).toMatchObject({ identityVerified: true, serviceId: required });
    // The public service says so, for the booking site to explain the sign-in first.
    expect((await t.http.get(`/api/v1/services/${required}`).expect(200)).body.requiresVerifiedIdentity).toBe(true);
    expect((await t.http.get(`/api/v1/services/${open}`).expect(200)).body.requiresVerifiedIdentity).toBe(false);
  });

  it('signed in, another document is 403 IDENTITY_MISMATCH naming the field; the same RUN in any notation passes; anonymous, a missing document is 400 as before', async () => {
    const cookie = await signIn(7);
    const slotStart = '2026-12-03T09:00:00-03:00';
    const other = await book({ serviceId: open, slotStart, applicant: anonymous(8) }, cookie).expect(403);
    expect(other.body).toMatchObject({ error: 'IDENTITY_MISMATCH', details: [{ field: 'applicant.documentNumber' }] });
    const passport = await book({ serviceId: open, slotStart, applicant: { documentType: 'PASSPORT', documentNumber: 'X1234567', fullName: 'Otra Persona' } }, cookie).expect(403);
    expect(passport.body).toMatchObject({ error: 'IDENTITY_MISMATCH', details: [{ field: 'applicant.documentType' }] });
    expect(await t.db.query(`SELECT 1 FROM bookings WHERE document_number IN ($1, 'X1234567')`, [rut(8).normalized])).toEqual([]);

    const same = await book({ serviceId: open, slotStart, applicant: { documentType: 'RUT', documentNumber: rut(7).formatted.replace(/\./g, ''), fullName: 'M J' } }, cookie).expect(201);
    expect(same.body).toMatchObject({ identityVerified: true, members: [{ fullName: 'María José Pérez 7' }] });

    const missing = await book({ serviceId: open, slotStart, applicant: { fullName: 'Sin Documento' } }).expect(400);
    expect(missing.body.error).toBe('VALIDATION_FAILED');
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(['applicant.documentType', 'applicant.documentNumber']);
  });

  it('a cookie that opens no session is anonymous: a requiring procedure refuses it, an open one needs the document', async () => {
    const forged = `${APPLICANT_COOKIE}=${'A'.repeat(43)}`;
    expect((await book({ serviceId: required, slotStart: '2026-12-03T10:00:00-03:00', applicant: anonymous(9) }, forged).expect(403)).body.error).toBe('VERIFIED_IDENTITY_REQUIRED');
    expect((await book({ serviceId: open, slotStart: '2026-12-03T10:00:00-03:00', applicant: {} }, forged).expect(400)).body.error).toBe('VALIDATION_FAILED');
    const typed = await book({ serviceId: open, slotStart: '2026-12-03T10:00:00-03:00', applicant: anonymous(9) }, forged).expect(201);
    expect(typed.body.identityVerified).toBe(false);
  });

  it('a booking keeps its own verified state: made anonymously before the requirement, it cannot be moved but can be cancelled; a verified one moves', async () => {
    const later = (await seeders(t.db).service(officeId, { code: 'L', name: 'Licencia', slotMinutes: 15, seatsPerSlot: 5 })).id;
    const typed = await book({ serviceId: later, slotStart: '2026-12-04T09:00:00-03:00', applicant: anonymous(10) }).expect(201);
    const verified = await book({ serviceId: later, slotStart: '2026-12-04T09:00:00-03:00', applicant: {} }, await signIn(11)).expect(201);
    await t.db.query(`UPDATE services SET requires_verified_identity = true WHERE id = $1`, [later]);
    // The service is remembered for up to two seconds (BookingReadModel): the refusal comes once it is read again.
    await expect
      .poll(async () => (await t.http.post(`/api/v1/bookings/${typed.body.code}/reschedule`).send({ documentNumber: rut(10).formatted, slotStart: '2026-12-04T09:30:00-03:00' })).body.error, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe('VERIFIED_IDENTITY_REQUIRED');
    const moved = await t.http
      .post(`/api/v1/bookings/${verified.body.code}/reschedule`)
      .send({ documentNumber: rut(11).formatted, slotStart: '2026-12-04T09:30:00-03:00' })
      .expect(200);
    expect(moved.body).toMatchObject({ slotStart: '2026-12-04T09:30:00-03:00', identityVerified: true });
    await t.http.post(`/api/v1/bookings/${typed.body.code}/cancel`).send({ documentNumber: rut(10).formatted }).expect(200);
    expect((await t.db.query(`SELECT status::text AS status FROM bookings WHERE code = $1`, [typed.body.code]))[0].status).toBe('cancelled');
  });
});
