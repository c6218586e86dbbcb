import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFixtures } from '../../testing/request-fixtures.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../../testing/test-app.js';
import { APPLICANT_COOKIE, ApplicantSessions } from '../applicant-sessions.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const rut = (n: number) => rutFromBody(21_000_000 + n);

/**
 * "Mis trámites" (issue #20): GET /me/bookings and /me/requests list what the person signed in with
 * ClaveÚnica holds under their RUN, and nobody else's; requests filed signed in are verified for
 * the office's staff; a supervisor sets a procedure's requirement in their own office only.
 */
describe('Mis trámites and verified requests', () => {
  let t: TestApp;
  let officeId: string;
  let otherOfficeId: string;
  let serviceId: string;
  let topicId: string;

  const signIn = async (n: number, fullName = `Persona Verificada ${n}`) => {
    const { cookieValue } = await t.app.get(ApplicantSessions).open({ documentNumber: rut(n).normalized, fullName });
    return `${APPLICANT_COOKIE}=${cookieValue}`;
  };
  const anonymous = (n: number) => ({ documentType: 'RUT', documentNumber: rut(n).formatted, fullName: `Persona ${n}` });
  const book = (slotStart: string, applicant: object, cookie?: string, service = serviceId) => {
    const request = t.http.post('/api/v1/bookings');
    if (cookie) void request.set('Cookie', cookie);
    return request.send({ serviceId: service, slotStart, applicant }).expect(201);
  };
  const mine = (path: 'bookings' | 'requests', cookie?: string) => {
    const request = t.http.get(`/api/v1/me/${path}`);
    if (cookie) void request.set('Cookie', cookie);
    return request;
  };

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const seed = seeders(t.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS, name: 'Gobernación de Elqui' })).id;
    otherOfficeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', slotMinutes: 15, seatsPerSlot: 5 })).id;
    topicId = await requestFixtures(t.db).topic(officeId, 'Estado de un trámite');
  });
  afterAll(() => t.close());

  it('lists the signed-in person’s bookings under their RUN, verified or not, upcoming soonest first then the rest newest first, and no one else’s', async () => {
    const cookie = await signIn(1);
    const second = (await book('2026-12-03T10:00:00-03:00', {}, cookie)).body;
    const other = (await seeders(t.db).service(officeId, { code: 'P', name: 'Permanencia', slotMinutes: 15, seatsPerSlot: 5 })).id;
    // Typed by someone with this RUN, not signed in: theirs all the same (how a booking under their number comes to light).
    const first = (await book('2026-12-02T09:30:00-03:00', anonymous(1), undefined, other)).body;
    const cancelled = (await book('2026-12-04T09:00:00-03:00', anonymous(1), undefined, (await seeders(t.db).service(officeId, { code: 'C', name: 'Certificado' })).id)).body;
    await t.http.post(`/api/v1/bookings/${cancelled.code}/cancel`).send({ documentNumber: rut(1).formatted }).expect(200);
    const past = (await book('2026-12-07T09:00:00-03:00', anonymous(1), undefined, (await seeders(t.db).service(officeId, { code: 'V', name: 'Visa' })).id)).body;
    await t.db.query(`UPDATE bookings SET slot_start = '2026-11-20T12:00:00Z', slot_end = '2026-11-20T12:15:00Z', local_date = '2026-11-20' WHERE code = $1`, [past.code]);
    await book('2026-12-03T10:00:00-03:00', {}, await signIn(2)); // someone else's

    const listed = await mine('bookings', cookie).expect(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    expect(listed.body.map((b: { code: string }) => b.code)).toEqual([first.code, second.code, cancelled.code, past.code]);
    expect(listed.body[0]).toMatchObject({ identityVerified: false, status: 'confirmed', serviceName: 'Permanencia', officeName: 'Gobernación de Elqui', canCancel: true, canReschedule: true });
    expect(listed.body[1]).toMatchObject({ identityVerified: true, members: [{ fullName: 'Persona Verificada 1' }], canCancel: true });
    expect(listed.body[2]).toMatchObject({ status: 'cancelled', canCancel: false, canReschedule: false });
    expect(listed.body[3]).toMatchObject({ status: 'confirmed', localDate: '2026-11-20', canCancel: false });

    // What the list offers, the booking endpoints accept with the session's document (no lookup first).
    const me = rut(1).normalized;
    await t.http.post(`/api/v1/bookings/${first.code}/reschedule`).send({ documentNumber: me, slotStart: '2026-12-02T10:00:00-03:00' }).expect(200);
  });

  it('does not offer to move an unverified booking of a procedure that now requires ClaveÚnica', async () => {
    const cookie = await signIn(3);
    const strict = (await seeders(t.db).service(officeId, { code: 'S', name: 'Estricto', slotMinutes: 15, seatsPerSlot: 5 })).id;
    const typed = (await book('2026-12-02T11:00:00-03:00', anonymous(3), undefined, strict)).body;
    await t.db.query(`UPDATE services SET requires_verified_identity = true WHERE id = $1`, [strict]);
    const listed = await mine('bookings', cookie).expect(200);
    expect(listed.body.find((b: { code: string }) => b.code === typed.code)).toMatchObject({ identityVerified: false, canCancel: true, canReschedule: false });
  });

  it('answers 401 SIGN_IN_REQUIRED without a session, with an unknown cookie, and once the session has expired', async () => {
    for (const path of ['bookings', 'requests'] as const) {
      expect((await mine(path).expect(401)).body.error).toBe('SIGN_IN_REQUIRED');
      expect((await mine(path, `${APPLICANT_COOKIE}=${'B'.repeat(43)}`).expect(401)).body.error).toBe('SIGN_IN_REQUIRED');
    }
    const cookie = await signIn(4);
    await mine('bookings', cookie).expect(200);
    // The app's clock stands at NOW (FAKE_NOW); the session ends a minute before.
    await t.db.query(`UPDATE applicant_sessions SET expires_at = $1`, ['2026-12-01T08:59:00-03:00']);
    expect((await mine('bookings', cookie).expect(401)).body.error).toBe('SIGN_IN_REQUIRED');
    expect((await mine('requests', cookie).expect(401)).body.error).toBe('SIGN_IN_REQUIRED');
  });

  it('files a request signed in with the session’s name and RUN, verified for the staff; another document is 403; /me/requests lists only the person’s', async () => {
    const cookie = await signIn(5, 'Ignacia Reclamo Soto');
    const filed = await t.http
      .post('/api/v1/requests')
      .set('Cookie', cookie)
      .send({ officeId, kind: 'complaint', topicId, description: 'No me llegó la respuesta.', contact: { email: 'ignacia@example.cl' } })
      .expect(201);
    const [row] = await t.db.query(`SELECT id, contact_name, contact_document, identity_verified FROM requests WHERE code = $1`, [filed.body.code]);
    expect(row).toMatchObject({ contact_name: 'Ignacia Reclamo Soto', contact_document: rut(5).normalized, identity_verified: true });
    // Filed anonymously with the same RUN as contact document: listed too, not verified.
    const typed = await t.http
      .post('/api/v1/requests')
      .send({ officeId, kind: 'suggestion', topicId, description: 'Más bancas.', contact: { documentNumber: rut(5).formatted } })
      .expect(201);
    await t.http.post('/api/v1/requests').send({ officeId, kind: 'suggestion', topicId, description: 'Otra persona.', contact: { documentNumber: rut(6).formatted } }).expect(201);
    const mismatch = await t.http
      .post('/api/v1/requests')
      .set('Cookie', cookie)
      .send({ officeId, kind: 'suggestion', topicId, description: 'x', contact: { documentNumber: rut(6).formatted } })
      .expect(403);
    expect(mismatch.body).toMatchObject({ error: 'IDENTITY_MISMATCH', details: [{ field: 'contact.documentNumber' }] });

    // A form (multipart) filing signed in, without any contact field: the session's all the same.
    const form = await t.http
      .post('/api/v1/requests')
      .set('Cookie', cookie)
      .field('officeId', officeId)
      .field('kind', 'commendation')
      .field('topicId', topicId)
      .field('description', 'Muy buena atención.')
      .expect(201);
    expect((await t.db.query(`SELECT contact_name, contact_document, identity_verified FROM requests WHERE code = $1`, [form.body.code]))[0]).toEqual({
      contact_name: 'Ignacia Reclamo Soto',
      contact_document: rut(5).normalized,
      identity_verified: true,
    });

    const listed = await mine('requests', cookie).expect(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    expect(listed.body.map((r: { code: string; identityVerified: boolean }) => [r.code, r.identityVerified])).toEqual([
      [form.body.code, true],
      [typed.body.code, false],
      [filed.body.code, true],
    ]);
    expect(listed.body[2]).toMatchObject({ kind: 'complaint', status: 'received', topic: { name: 'Estado de un trámite' }, officeId });
    expect(listed.body[2]).not.toHaveProperty('description');

    const supervisor = await seeders(t.db).staff('supervisor', officeId);
    const detail = await t.http.get(`/api/v1/requests/by-id/${row.id}`).set('Authorization', await bearer(t.http, supervisor.username, supervisor.password)).expect(200);
    expect(detail.body.contact).toMatchObject({ fullName: 'Ignacia Reclamo Soto', documentNumber: rut(5).normalized, identityVerified: true });
  });

  it('lets the office’s supervisor and an admin require verified identity for a procedure, not an agent nor another office’s supervisor', async () => {
    const as = async (role: 'supervisor' | 'agent', office: string) => {
      const staff = await seeders(t.db).staff(role, office);
      return bearer(t.http, staff.username, staff.password);
    };
    const patch = (token: string, value: unknown) => t.http.patch(`/api/v1/services/${serviceId}`).set('Authorization', token).send({ requiresVerifiedIdentity: value });
    expect((await patch(await as('agent', officeId), true).expect(403)).body.error).toBe('FORBIDDEN');
    expect((await patch(await as('supervisor', otherOfficeId), true).expect(403)).body.error).toBe('FORBIDDEN');
    expect((await patch(await as('supervisor', officeId), 'yes').expect(400)).body.details).toEqual([{ field: 'requiresVerifiedIdentity', messages: ['requiresVerifiedIdentity must be a boolean value'] }]);
    expect((await t.db.query(`SELECT requires_verified_identity FROM services WHERE id = $1`, [serviceId]))[0].requires_verified_identity).toBe(false);

    const supervisor = await as('supervisor', officeId);
    expect((await patch(supervisor, true).expect(200)).body.requiresVerifiedIdentity).toBe(true);
    expect((await t.http.get(`/api/v1/offices/${officeId}/services`).expect(200)).body.find((s: { id: string }) => s.id === serviceId).requiresVerifiedIdentity).toBe(true);
    const admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    const created = await t.http
      .post(`/api/v1/offices/${otherOfficeId}/services`)
      .set('Authorization', admin)
      .send({ code: 'Q', name: 'Con ClaveÚnica', mode: 'appointment', requiresVerifiedIdentity: true })
      .expect(201);
    expect(created.body.requiresVerifiedIdentity).toBe(true);
    expect((await patch(supervisor, false).expect(200)).body.requiresVerifiedIdentity).toBe(false);
  });
});
