import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyTemplate, dropDatabase } from '../../apps/api/src/testing/databases.js';
import { type ApiProcess, freePort, startApiProcess } from '../support/api-process.js';

/**
 * The booking yardstick (bench/booking-rush/bare/server.mjs, issue #19 §1) answers byte for byte as
 * the API does: the API process (dist/, as the README starts it) and the yardstick run on ONE
 * database, and every answer of the rush's two endpoints is compared, status, headers (all but
 * date and x-request-id) and body. A booking's id and code are random: they are masked, and only
 * they. A changed field name, message, order of fields or status on either side fails here, which
 * is what keeps the yardstick in step with the API (bench/booking-rush/README.md, "The yardstick").
 * Needs `npm run build` first, like the other specs that start dist/.
 */
const FAKE_NOW = '2026-12-01T08:00:00-03:00';
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const MUNICIPAL = 'Municipalidad de La Serena – Atención Ciudadana';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function send(base: string, method: 'GET' | 'POST', path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) if (name !== 'date' && name !== 'x-request-id') headers[name] = value;
  return { status: response.status, headers, body: await response.text() };
}

/** A booking's random id and code, masked (same lengths, so content-length still compares). */
const masked = (answer: Answer): Answer => ({
  ...answer,
  body: answer.body.replace(/"id":"[0-9a-f-]{36}"/, '"id":"00000000-0000-0000-0000-000000000000"').replace(/"code":"[^"]{11}"/, '"code":"XXX-XXX-XXX"'),
});

const rut = (body: number) => rutFromBody(body).formatted;
const applicant = (body: number, extra: Record<string, unknown> = {}) => ({ documentType: 'RUT', documentNumber: rut(body), fullName: 'María José Pérez', ...extra });

describe('the booking yardstick answers as the API does', () => {
  const server = inject('postgresServerUrl');
  let database: { url: string; name: string };
  let api: ApiProcess;
  let bare: ApiProcess | undefined;
  const ids = { R: '', P: '', T: '', M: '' };

  /** Both servers' answers to one request, which must be the same bytes. */
  async function both(method: 'GET' | 'POST', path: string, body?: unknown, contentType?: string): Promise<[Answer, Answer]> {
    const fromApi = await send(api.baseUrl, method, path, body, contentType);
    const fromBare = await send(bare!.baseUrl, method, path, body, contentType);
    return [fromApi, fromBare];
  }

  async function expectSame(method: 'GET' | 'POST', path: string, body?: unknown, contentType?: string): Promise<Answer> {
    const [fromApi, fromBare] = await both(method, path, body, contentType);
    expect(fromBare, `${method} ${path} ${JSON.stringify(body) ?? ''}`).toEqual(fromApi);
    return fromApi;
  }

  const book = (body: unknown) => send(api.baseUrl, 'POST', '/api/v1/bookings', body);
  const availability = (id: string, query: string) => `/api/v1/services/${id}/availability${query}`;

  beforeAll(async () => {
    database = await copyTemplate(server, inject('templateDatabase'));
    const port = await freePort();
    const env = { DATABASE_URL: database.url, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', SEED_DEMO: 'true', FAKE_NOW, REDIS_URL: undefined, SMTP_URL: undefined };
    api = await startApiProcess(['node', 'dist/apps/api/main.js'], env, port);
    const offices = (await (await fetch(`${api.baseUrl}/api/v1/offices`)).json()) as { id: string; name: string }[];
    const office = offices.find((o) => o.name === EXTRANJERIA)!;
    const services = (await (await fetch(`${api.baseUrl}/api/v1/offices/${office.id}/services`)).json()) as { id: string; code: 'R' | 'P' | 'T' }[];
    for (const s of services) ids[s.code] = s.id;

    // Through the API alone, before the yardstick starts (so that its memory is of this state and no
    // other): slot 9 December 09:10 of P full (2 seats), every slot of 10 December of P full (the
    // last two have one seat each, the rules keeping the day within its cap of 30), and one
    // applicant with a booking of P.
    for (let i = 0; i < 2; i++) expect((await book({ serviceId: ids.P, slotStart: '2026-12-09T09:10:00-03:00', applicant: applicant(10_000_000 + i) })).status).toBe(201);
    const times = Array.from({ length: 16 }, (_, i) => {
      const minutes = 8 * 60 + 30 + i * 20;
      return `2026-12-10T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00-03:00`;
    });
    let booked = 0;
    for (const slotStart of times) {
      for (let seat = 0; seat < 2; seat++) if ((await book({ serviceId: ids.P, slotStart, applicant: applicant(11_000_000 + booked) })).status === 201) booked++;
    }
    expect(booked).toBe(30);
    expect((await book({ serviceId: ids.P, slotStart: '2026-12-15T08:30:00-03:00', applicant: applicant(12_000_000) })).status).toBe(201);
    // The municipal office's supervisor requires ClaveÚnica for "Permiso de circulación" (issue #20).
    const municipal = offices.find((o) => o.name === MUNICIPAL)!;
    ids.M = ((await (await fetch(`${api.baseUrl}/api/v1/offices/${municipal.id}/services`)).json()) as { id: string; code: string }[]).find((s) => s.code === 'M')!.id;
    const login = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor.municipal', password: 'demo-supervisor-2026' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const required = await fetch(`${api.baseUrl}/api/v1/services/${ids.M}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ requiresVerifiedIdentity: true }),
    });
    expect(((await required.json()) as { requiresVerifiedIdentity: boolean }).requiresVerifiedIdentity).toBe(true);

    const barePort = await freePort();
    bare = await startApiProcess(['node', 'bench/booking-rush/bare/server.mjs'], { ...env, PORT: String(barePort), SEED_DEMO: undefined }, barePort);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([api, bare].map((process_) => (process_?.child.exitCode === null ? process_.stop() : undefined)));
    if (database) await dropDatabase(server, database.name);
  });

  it('availability: both procedures over several ranges, a walk-in procedure, bad ranges, bad and unknown services', async () => {
    for (const id of [ids.R, ids.P]) {
      for (const [from, to] of [
        ['2026-12-01', '2026-12-07'],
        ['2026-12-08', '2026-12-14'],
        ['2026-12-01', '2026-12-31'],
        ['2026-11-25', '2026-12-02'],
        ['2026-12-28', '2027-01-10'],
      ]) {
        const answer = await expectSame('GET', availability(id, `?from=${from}&to=${to}`));
        expect(answer.status).toBe(200);
      }
    }
    // The fills made through the API show in both answers.
    const december = JSON.parse((await expectSame('GET', availability(ids.P, '?from=2026-12-09&to=2026-12-10'))).body) as { days: { date: string; remaining: number }[] };
    expect(december.days.find((d) => d.date === '2026-12-10')!.remaining).toBe(0);

    expect((await expectSame('GET', availability(ids.T, '?from=2026-12-01&to=2026-12-07'))).status).toBe(409);
    expect((await expectSame('GET', availability(ids.R, '?from=2026-12-07&to=2026-12-01'))).status).toBe(400);
    expect((await expectSame('GET', availability(ids.R, '?from=2026-12-01&to=2027-03-01'))).status).toBe(400);
    expect((await expectSame('GET', availability(ids.R, '?from=2026-12-01'))).status).toBe(400);
    expect((await expectSame('GET', availability(ids.R, '?from=2026-02-30&to=tomorrow'))).status).toBe(400);
    expect((await expectSame('GET', availability(ids.R, '?from=2026-12-01&to=2026-12-02&office=1'))).status).toBe(400);
    expect((await expectSame('GET', availability('not-a-uuid', '?from=2026-12-01&to=2026-12-02'))).status).toBe(400);
    expect((await expectSame('GET', availability('11111111-1111-4111-8111-111111111111', '?from=2026-12-01&to=2026-12-02'))).status).toBe(404);
  });

  it('full slots: 409 SLOT_FULL with the same next slots (the same day, the following days), from the database and then from memory', async () => {
    for (let round = 0; round < 2; round++) {
      const slotFull = await expectSame('POST', '/api/v1/bookings', { serviceId: ids.P, slotStart: '2026-12-09T09:10:00-03:00', applicant: applicant(13_000_000 + round) });
      expect(slotFull.status).toBe(409);
      expect(JSON.parse(slotFull.body)).toMatchObject({ error: 'SLOT_FULL', details: { nextSlots: [{ start: '2026-12-09T09:30:00-03:00' }, {}, {}] } });
      // The day's last slot: its alternatives come from the following days.
      const lastOfDay = await expectSame('POST', '/api/v1/bookings', { serviceId: ids.P, slotStart: '2026-12-10T13:30:00-03:00', applicant: applicant(13_100_000 + round) });
      expect(JSON.parse(lastOfDay.body)).toMatchObject({ error: 'SLOT_FULL', details: { nextSlots: [{ start: '2026-12-11T08:30:00-03:00' }, {}, {}] } });
    }
  });

  it('refusals: DUPLICATE_BOOKING, closed day, not a slot, outside the window, unknown service', async () => {
    const duplicate = await expectSame('POST', '/api/v1/bookings', { serviceId: ids.P, slotStart: '2026-12-16T08:30:00-03:00', applicant: applicant(12_000_000) });
    expect(JSON.parse(duplicate.body)).toMatchObject({ statusCode: 409, error: 'DUPLICATE_BOOKING' });
    for (const slotStart of ['2026-12-06T09:10:00-03:00', '2026-12-02T09:07:00-03:00', '2027-03-02T09:10:00-03:00', '2026-12-02T09:10:00']) {
      expect((await expectSame('POST', '/api/v1/bookings', { serviceId: ids.P, slotStart, applicant: applicant(14_000_000) })).status).toBe(409);
    }
    expect((await expectSame('POST', '/api/v1/bookings', { serviceId: ids.T, slotStart: '2026-12-02T09:10:00-03:00', applicant: applicant(14_000_000) })).status).toBe(409);
    expect((await expectSame('POST', '/api/v1/bookings', { serviceId: '11111111-1111-4111-8111-111111111111', slotStart: '2026-12-02T09:10:00-03:00', applicant: applicant(14_000_000) })).status).toBe(404);
  });

  it('a procedure that requires ClaveÚnica: 403 VERIFIED_IDENTITY_REQUIRED for every anonymous booking, after the document check; its availability as before', async () => {
    for (const slotStart of ['2026-12-02T09:00:00-03:00', '2026-12-06T09:00:00-03:00']) {
      const refused = await expectSame('POST', '/api/v1/bookings', { serviceId: ids.M, slotStart, applicant: applicant(17_000_000) });
      expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 403, error: 'VERIFIED_IDENTITY_REQUIRED' });
    }
    const badRut = await expectSame('POST', '/api/v1/bookings', { serviceId: ids.M, slotStart: '2026-12-02T09:00:00-03:00', applicant: applicant(17_000_000, { documentNumber: '12.345.678-4' }) });
    expect(JSON.parse(badRut.body)).toMatchObject({ error: 'INVALID_RUT' });
    expect((await expectSame('GET', availability(ids.M, '?from=2026-12-01&to=2026-12-07'))).status).toBe(200);
  });

  it('validation: missing, unknown and mistyped fields, a bad RUT, bad documents and contacts, bodies that are not JSON', async () => {
    const ok = { serviceId: ids.R, slotStart: '2026-12-02T09:00:00-03:00', applicant: applicant(15_000_000) };
    const bodies: unknown[] = [
      {},
      { foo: 1, applicant: { bar: 2 } },
      { serviceId: 5, slotStart: 7, applicant: 'x', preferential: 'yes', companions: 'z' },
      { ...ok, serviceId: 'not-a-uuid' },
      { ...ok, slotStart: 'tomorrow morning' },
      { ...ok, slotStart: '2026-12-02T09:00:00.000000000000000000000-03:00' },
      { ...ok, applicant: null },
      { ...ok, applicant: [] },
      { ...ok, applicant: { documentType: 'DNI', documentNumber: '', fullName: 'a', email: 'not an email', phone: '12', smsConsent: 'yes', extra: true } },
      { ...ok, applicant: { ...ok.applicant, documentNumber: '12.345.678-4' } },
      { ...ok, applicant: { ...ok.applicant, documentType: 'PASSPORT', documentNumber: '#' } },
      { ...ok, applicant: { ...ok.applicant, fullName: ' ' } },
      { ...ok, applicant: { ...ok.applicant, fullName: 'a\u0000b' } },
      { ...ok, applicant: { ...ok.applicant, email: `${'a'.repeat(250)}@b.cl` } },
      { ...ok, applicant: { ...ok.applicant, phone: '+56 9 1234' } },
      { ...ok, preferential: null },
      { ...ok, companions: null },
      { ...ok, companions: {} },
      { ...ok, companions: { documentType: 'RUT', documentNumber: 7, fullName: ' x ', age: 3 } },
    ];
    for (const body of bodies) {
      const answer = await expectSame('POST', '/api/v1/bookings', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await expectSame('POST', '/api/v1/bookings', '{"serviceId":', 'application/json')).status).toBe(400);
    expect((await expectSame('POST', '/api/v1/bookings', 'serviceId=1', 'text/plain')).status).toBe(415);
  });

  it('a booking: 201 with the same fields (id and code aside), contact and preferential as given, the name trimmed', async () => {
    const request = (body: number) => ({
      serviceId: ids.R,
      slotStart: '2026-12-22T10:15:00-03:00',
      preferential: true,
      companions: [],
      applicant: applicant(body, { fullName: '  Jean-Pierre Joseph ', email: ' jp@example.cl ', phone: '9 1234 5678', smsConsent: true }),
    });
    const fromApi = await send(api.baseUrl, 'POST', '/api/v1/bookings', request(16_000_000));
    const fromBare = await send(bare!.baseUrl, 'POST', '/api/v1/bookings', request(16_000_001));
    expect(fromApi.status).toBe(201);
    expect(masked(fromBare)).toEqual(masked(fromApi));
    expect(JSON.parse(fromBare.body)).toMatchObject({
      status: 'confirmed',
      preferential: true,
      identityVerified: false,
      partySize: 1,
      members: [{ index: 0, fullName: 'Jean-Pierre Joseph', status: 'confirmed' }],
    });
    // Each server's code is a real booking code, and the two bookings are two rows.
    expect(JSON.parse(fromBare.body).code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    expect(JSON.parse(fromBare.body).id).not.toBe(JSON.parse(fromApi.body).id);
  });
});
