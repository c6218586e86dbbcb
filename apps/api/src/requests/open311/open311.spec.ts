import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../testing/smtp-receiver.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';

/** Tuesday 15 September 2026, 10:00 in Santiago (UTC-3); 18 and 19 September are public holidays in Chile. */
const NOW = '2026-09-15T10:00:00-03:00';

/** The fields GeoReport v2 lists for a service, exactly these. */
const SERVICE_KEYS = ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'];
/** The public fields of a request (the spec's list without description, address, location, media or contact). */
const REQUEST_KEYS = [
  'agency_responsible',
  'expected_datetime',
  'requested_datetime',
  'service_code',
  'service_name',
  'service_request_id',
  'status',
  'status_notes',
  'updated_datetime',
];

const SECRET_TEXT = 'Me cobraron dos veces el permiso; mi vecino Tomás Ñúñez lo vio.';
const EMAIL = 'vecina.open311@example.cl';
const PHONE = '+56 9 8765 4321';

/**
 * Open311 GeoReport v2 (issue #17): services, requests with public fields only, filing with an
 * issued api_key, the admins' key endpoints. Real PostgreSQL; the app's clock stands at NOW.
 */
describe('Open311 GeoReport v2', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let admin: { id: string; auth: string };
  let office: { id: string; name: string };
  let otherOffice: { id: string; name: string };
  let topic: string;
  let otherTopic: string;
  let inactiveTopic: string;
  let apiKey: string;

  const addTopic = async (officeId: string, name: string, active = true) =>
    ((await t.db.query(`INSERT INTO request_topics (office_id, name, active) VALUES ($1, $2, $3) RETURNING id`, [officeId, name, active])) as { id: string }[])[0]!.id;
  const issue = async (name: string) => (await t.http.post('/api/v1/open311/clients').set('Authorization', admin.auth).send({ name }).expect(201)).body as { id: string; apiKey: string };
  const form = (fields: Record<string, string>) => t.http.post('/open311/v2/requests.json').type('form').send(new URLSearchParams(fields).toString());
  const counts = async () =>
    ((await t.db.query(`SELECT (SELECT count(*) FROM requests)::int AS requests, (SELECT count(*) FROM notifications)::int AS notifications`)) as Record<string, number>[])[0]!;
  /** Every answer of a GET: no description, contact or name in it, whatever the path. */
  const expectNoPersonalData = (text: string) => {
    for (const secret of [SECRET_TEXT, 'Tomás', EMAIL, '87654321', 'Pérez', 'Rocío']) expect(text).not.toContain(secret);
  };

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url });
    f = deskFixtures(t);
    office = await f.office({ name: 'Municipalidad de Iquique', holidayCountry: 'CL' });
    otherOffice = await f.office({ name: 'Municipalidad de Graneros', holidayCountry: 'CL' });
    topic = await addTopic(office.id, 'Permisos de circulación');
    otherTopic = await addTopic(otherOffice.id, 'Subsidios');
    inactiveTopic = await addTopic(office.id, 'Tema antiguo', false);
    admin = await f.staff('admin', null);
    apiKey = (await issue('Cliente cívico')).apiKey;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  describe('the admins’ keys', () => {
    it('issues a key shown once and kept as its SHA-256; lists clients without keys; revokes', async () => {
      const issued = await issue('FixMyStreet Chile');
      expect(Object.keys(issued).sort()).toEqual(['apiKey', 'createdAt', 'createdBy', 'id', 'name', 'revokedAt']);
      expect(issued).toMatchObject({ name: 'FixMyStreet Chile', createdBy: admin.id, revokedAt: null, apiKey: expect.stringMatching(/^o311_[A-Za-z0-9_-]{43}$/) });
      const [row] = (await t.db.query(`SELECT key_hash FROM open311_clients WHERE id = $1`, [issued.id])) as { key_hash: string }[];
      expect(row!.key_hash).toBe(createHash('sha256').update(issued.apiKey).digest('hex'));
      const stored = JSON.stringify(await t.db.query(`SELECT * FROM open311_clients`)) + JSON.stringify(await t.db.query(`SELECT * FROM idempotency_keys`));
      expect(stored).not.toContain(issued.apiKey);

      const list = (await t.http.get('/api/v1/open311/clients').set('Authorization', admin.auth).expect(200)).body as Record<string, unknown>[];
      const listed = list.find((c) => c.id === issued.id)!;
      expect(Object.keys(listed).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name', 'revokedAt']);
      expect(JSON.stringify(list)).not.toContain(issued.apiKey);

      const revoked = await t.http.delete(`/api/v1/open311/clients/${issued.id}`).set('Authorization', admin.auth).expect(200);
      expect(revoked.body).toMatchObject({ id: issued.id, revokedAt: expect.stringMatching(/^2026-09-15T13:\d\d:\d\d\.\d{3}Z$/) });
      const again = await t.http.delete(`/api/v1/open311/clients/${issued.id}`).set('Authorization', admin.auth).expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      const missing = await t.http.delete('/api/v1/open311/clients/00000000-0000-4000-8000-000000000000').set('Authorization', admin.auth).expect(404);
      expect(missing.body.error).toBe('NOT_FOUND');
    });

    it('is for admins only: a supervisor and an agent get 403, nobody 401, and nothing changes', async () => {
      const supervisor = await f.staff('supervisor', office.id);
      const agent = await f.staff('agent', office.id);
      const client = await issue('Otro cliente');
      const before = (await t.db.query(`SELECT count(*)::int AS n, count(revoked_at)::int AS revoked FROM open311_clients`)) as unknown[];
      for (const who of [supervisor, agent]) {
        for (const call of [
          t.http.get('/api/v1/open311/clients').set('Authorization', who.auth),
          t.http.post('/api/v1/open311/clients').set('Authorization', who.auth).send({ name: 'Intruso' }),
          t.http.delete(`/api/v1/open311/clients/${client.id}`).set('Authorization', who.auth),
        ]) {
          const res = await call;
          expect(res.status).toBe(403);
          expect(res.body.error).toBe('FORBIDDEN');
        }
      }
      expect((await t.http.get('/api/v1/open311/clients')).status).toBe(401);
      expect(await t.db.query(`SELECT count(*)::int AS n, count(revoked_at)::int AS revoked FROM open311_clients`)).toEqual(before);
    });
  });

  it('is documented in OpenAPI at its own paths (public, the admin endpoints with bearer security), the filing form-encoded or JSON', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, unknown> }; parameters?: { name: string; in: string }[] }>>;
    };
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/open311/v2/services.json')).toEqual(['get']);
    expect(methods('/open311/v2/requests.json')).toEqual(['get', 'post']);
    expect(methods('/open311/v2/requests/{service_request_id}.json')).toEqual(['get']);
    expect(doc.paths['/open311/v2/requests/{service_request_id}.json'].get.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'service_request_id', in: 'path' })]));
    for (const path of Object.keys(doc.paths).filter((p) => p.startsWith('/open311/'))) for (const op of Object.values(doc.paths[path])) expect(op.security).toBeUndefined();
    expect(Object.keys(doc.paths['/open311/v2/requests.json'].post.requestBody!.content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(Object.keys(doc.paths).filter((p) => p.includes('open311/v2') && !p.startsWith('/open311/'))).toEqual([]);
    expect(methods('/api/v1/open311/clients')).toEqual(['get', 'post']);
    expect(methods('/api/v1/open311/clients/{clientId}')).toEqual(['delete']);
    expect(doc.paths['/api/v1/open311/clients'].post.security).toEqual([{ bearer: [] }]);
  });

  describe('services.json', () => {
    it("lists every office's active topics with exactly the spec's fields, group the office; jurisdiction_id filters", async () => {
      const all = await t.http.get('/open311/v2/services.json').expect(200);
      expect(all.headers['content-type']).toContain('application/json');
      const services = all.body as Record<string, unknown>[];
      for (const s of services) expect(Object.keys(s).sort()).toEqual(SERVICE_KEYS);
      const mine = services.find((s) => s.service_code === topic);
      expect(mine).toEqual({
        service_code: topic,
        service_name: 'Permisos de circulación',
        description: 'Solicitudes, reclamos, sugerencias y felicitaciones sobre «Permisos de circulación» (Municipalidad de Iquique)',
        metadata: false,
        type: 'realtime',
        keywords: 'solicitud,reclamo,sugerencia,felicitación',
        group: 'Municipalidad de Iquique',
      });
      expect(services.map((s) => s.service_code)).toContain(otherTopic);
      expect(services.map((s) => s.service_code)).not.toContain(inactiveTopic);

      const filtered = (await t.http.get('/open311/v2/services.json').query({ jurisdiction_id: otherOffice.id }).expect(200)).body as { service_code: string }[];
      expect(filtered.map((s) => s.service_code)).toEqual([otherTopic]);
    });

    it("answers errors in Open311's format with the HTTP status", async () => {
      const unknown = await t.http.get('/open311/v2/services.json').query({ jurisdiction_id: '00000000-0000-4000-8000-000000000000' }).expect(404);
      expect(unknown.body).toEqual([{ code: 404, description: expect.stringMatching(/^OFFICE_NOT_FOUND: /) }]);
      const bad = await t.http.get('/open311/v2/services.json').query({ jurisdiction_id: 'iquique' }).expect(400);
      expect(bad.body).toEqual([{ code: 400, description: 'VALIDATION_FAILED: jurisdiction_id must be an office id (a UUID)' }]);
    });

    it('lives outside /api/v1, and unknown Open311 paths are JSON 404s, not the web app', async () => {
      await t.http.get('/api/v1/open311/v2/services.json').expect(404);
      await t.http.get('/api/open311/v2/services.json').expect(404);
      const unknown = await t.http.get('/open311/v2/').expect(404);
      expect(unknown.headers['content-type']).toContain('application/json');
      expect(unknown.body).toEqual([{ code: 404, description: expect.stringMatching(/^NOT_FOUND: /) }]);
    });

    it("answers the refusals raised before a route runs in Open311's format too", async () => {
      const post = (contentType: string, body: string) => t.http.post('/open311/v2/requests.json').set('Content-Type', contentType).send(body);
      expect((await post('application/json', '{"api_key":').expect(400)).body).toEqual([{ code: 400, description: 'INVALID_JSON: The request body is not valid JSON' }]);
      expect((await post('text/plain', 'api_key=x').expect(415)).body).toEqual([{ code: 415, description: expect.stringMatching(/^UNSUPPORTED_MEDIA_TYPE: /) }]);
      expect((await post('application/json', '{"api_key":"a\\u0000"}').expect(400)).body).toEqual([{ code: 400, description: expect.stringMatching(/^VALIDATION_FAILED: api_key must not contain the NUL/) }]);
      // The API keeps its own shape.
      expect((await t.http.post('/api/v1/requests').set('Content-Type', 'application/json').send('{"x":').expect(400)).body).toMatchObject({ statusCode: 400, error: 'INVALID_JSON' });
    });
  });

  describe('filing with an api_key', () => {
    it('files a complaint form-encoded (attribute[kind]) on the channel open311; the staff inbox sees it; the person is sent the confirmation', async () => {
      const before = await counts();
      const res = await form({
        api_key: apiKey,
        service_code: topic,
        description: SECRET_TEXT,
        email: EMAIL,
        phone: PHONE,
        first_name: 'Rocío',
        last_name: 'Pérez',
        'attribute[kind]': 'complaint',
        lat: '-20.2133',
        long: '-70.1503',
      }).expect(201);
      expect(res.body).toEqual([
        // 15 working days for a complaint from Tuesday 15 September, past the 18 and 19 September holidays.
        { service_request_id: expect.stringMatching(/^[A-Z2-9]{10}$/), service_notice: 'Solicitud recibida. Le responderemos a más tardar el 7 de octubre de 2026.', account_id: null },
      ]);
      const code = res.body[0].service_request_id as string;
      const [row] = (await t.db.query(
        `SELECT kind::text, channel::text, status::text, description, contact_name, contact_email, contact_phone, filed_by, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM requests WHERE code = $1`,
        [code],
      )) as Record<string, unknown>[];
      expect(row).toEqual({
        kind: 'complaint',
        channel: 'open311',
        status: 'received',
        description: SECRET_TEXT,
        contact_name: 'Rocío Pérez',
        contact_email: EMAIL,
        contact_phone: '+56987654321',
        filed_by: null,
        due_date: '2026-10-07',
      });
      expect(await counts()).toMatchObject({ requests: before.requests + 1 });
      const queued = (await t.db.query(`SELECT n.kind FROM notifications n JOIN requests r ON r.id = n.request_id WHERE r.code = $1`, [code])) as { kind: string }[];
      expect(queued.map((n) => n.kind)).toContain('request_received');

      const agent = await f.staff('agent', office.id);
      const inbox = await t.http.get(`/api/v1/offices/${office.id}/requests`).query({ q: code }).set('Authorization', agent.auth).expect(200);
      expect(inbox.body.items).toEqual([expect.objectContaining({ code, channel: 'open311', kind: 'complaint', status: 'received' })]);
    });

    it('takes JSON too (attribute as an object or as "attribute[kind]"); a suggestion may be anonymous; the kind defaults to request', async () => {
      const suggestion = await t.http.post('/open311/v2/requests.json').send({ api_key: apiKey, service_code: topic, description: 'Más bancas en la sala de espera', attribute: { kind: 'suggestion' } }).expect(201);
      const commendation = await t.http.post('/open311/v2/requests.json').send({ api_key: apiKey, service_code: otherTopic, description: 'Muy buena atención', 'attribute[kind]': 'commendation' }).expect(201);
      const request = await t.http.post('/open311/v2/requests.json').send({ api_key: apiKey, service_code: topic, description: '¿Qué papeles piden?', phone: '987654321' }).expect(201);
      const kinds = (await t.db.query(`SELECT code, kind::text, office_id, contact_phone FROM requests WHERE code = ANY($1) ORDER BY kind`, [
        [suggestion, commendation, request].map((r) => r.body[0].service_request_id as string),
      ])) as { kind: string; office_id: string; contact_phone: string | null }[];
      expect(kinds.map((k) => [k.kind, k.office_id, k.contact_phone])).toEqual([
        ['commendation', otherOffice.id, null],
        ['request', office.id, '+56987654321'],
        ['suggestion', office.id, null],
      ]);
    });

    it("refuses with the public filing's rules, in Open311's format, writing nothing", async () => {
      const before = await counts();
      const anonymous = await form({ api_key: apiKey, service_code: topic, description: 'Reclamo sin contacto', 'attribute[kind]': 'complaint' }).expect(400);
      expect(anonymous.body).toEqual([{ code: 400, description: expect.stringMatching(/^CONTACT_REQUIRED: /) }]);
      const inactive = await form({ api_key: apiKey, service_code: inactiveTopic, description: 'Algo', email: EMAIL }).expect(400);
      expect(inactive.body).toEqual([{ code: 400, description: expect.stringMatching(/^VALIDATION_FAILED: service_code /) }]);
      const fields = await form({ api_key: apiKey, service_code: 'licencias', description: '', email: 'no-es-correo', 'attribute[kind]': 'queja' }).expect(400);
      expect((fields.body as { code: number; description: string }[]).map((e) => e.code)).toEqual([400, 400, 400, 400]);
      expect((fields.body as { description: string }[]).map((e) => e.description.split(' ')[1]).sort()).toEqual(['attribute[kind]', 'description', 'email', 'service_code']);
      const phone = await form({ api_key: apiKey, service_code: topic, description: 'Algo', phone: '12' }).expect(400);
      expect(phone.body[0].description).toMatch(/^VALIDATION_FAILED: phone must be a phone number/);
      const unknownField = await form({ api_key: apiKey, service_code: topic, description: 'Algo', email: EMAIL, rut: '12.345.678-5' }).expect(400);
      expect(unknownField.body[0].description).toMatch(/^VALIDATION_FAILED: /);
      expect(await counts()).toEqual(before);
    });

    it('refuses a missing, unknown or revoked api_key with 403 before looking at the rest', async () => {
      const revoked = await issue('Cliente revocado');
      await form({ api_key: revoked.apiKey, service_code: topic, description: 'Antes de revocar', email: EMAIL }).expect(201);
      await t.http.delete(`/api/v1/open311/clients/${revoked.id}`).set('Authorization', admin.auth).expect(200);
      const before = await counts();
      for (const key of [revoked.apiKey, 'o311_inventada', undefined]) {
        const fields: Record<string, string> = { service_code: topic, description: 'Después de revocar', email: EMAIL };
        if (key) fields.api_key = key;
        const res = await form(fields).expect(403);
        expect(res.body).toEqual([{ code: 403, description: 'FORBIDDEN: api_key is missing, unknown or revoked' }]);
      }
      expect((await t.http.post('/open311/v2/requests.json').send({ api_key: 'x', service_code: 'nope' })).body).toEqual([{ code: 403, description: 'FORBIDDEN: api_key is missing, unknown or revoked' }]);
      expect(await counts()).toEqual(before);
    });

    it('takes form-encoded bodies on this route only', async () => {
      const res = await t.http.post('/api/v1/requests').type('form').send(`officeId=${office.id}&kind=suggestion&topicId=${topic}&description=hola`).expect(415);
      expect(res.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('requests.json and requests/{id}.json', () => {
    let codes: { open: string; waiting: string; answered: string; closed: string; other: string; old: string };
    // Offices of their own, so the filings above stay out of these lists.
    let office: { id: string; name: string };
    let otherOffice: { id: string; name: string };
    let topic: string;
    let otherTopic: string;

    beforeAll(async () => {
      office = await f.office({ name: 'Municipalidad de Alto Hospicio', holidayCountry: 'CL' });
      otherOffice = await f.office({ name: 'Municipalidad de Pozo Almonte', holidayCountry: 'CL' });
      topic = await addTopic(office.id, 'Permisos de circulación');
      otherTopic = await addTopic(otherOffice.id, 'Subsidios');
      const insert = async (officeId: string, topicId: string, status: string, filedAt: string, dueDate: string) => {
        const code = `Q${Math.random().toString(36).slice(2).toUpperCase().replace(/[^A-HJKMNP-Z2-9]/g, '').padEnd(9, 'X').slice(0, 9)}`;
        await t.db.query(
          `INSERT INTO requests (office_id, code, kind, topic_id, channel, status, description, contact_name, contact_email, contact_phone, answer, filed_at, due_date, deadline_days, updated_at)
           VALUES ($1, $2, 'complaint', $3, 'web', $4, $5, 'Rocío Pérez', $6, '+56987654321', $7, $8, $9, 15, $8::timestamptz + interval '1 hour')`,
          [officeId, code, topicId, status, SECRET_TEXT, EMAIL, status === 'answered' || status === 'closed' ? 'Respuesta con datos de Tomás' : null, filedAt, dueDate],
        );
        return code;
      };
      codes = {
        // Santiago is UTC-4 until Sunday 6 September 2026, UTC-3 from then on.
        open: await insert(office.id, topic, 'in_progress', '2026-09-01T09:00:00-04:00', '2026-09-22'),
        waiting: await insert(office.id, topic, 'waiting', '2026-09-02T09:00:00-04:00', '2026-09-23'),
        answered: await insert(office.id, topic, 'answered', '2026-09-03T09:00:00-04:00', '2026-09-24'),
        closed: await insert(office.id, topic, 'closed', '2026-08-03T09:00:00-04:00', '2026-08-24'),
        other: await insert(otherOffice.id, otherTopic, 'received', '2026-09-04T09:00:00-04:00', '2026-09-25'),
        old: await insert(office.id, topic, 'closed', '2026-05-01T09:00:00-04:00', '2026-05-22'),
      };
    });

    const list = async (query: Record<string, string> = {}) => {
      const res = await t.http.get('/open311/v2/requests.json').query(query).expect(200);
      expectNoPersonalData(res.text);
      for (const r of res.body as Record<string, unknown>[]) expect(Object.keys(r).sort()).toEqual(REQUEST_KEYS);
      return res.body as Record<string, string>[];
    };
    const ids = (rows: Record<string, string>[]) => rows.map((r) => r.service_request_id);

    it('shows public fields only, open/closed with a generic note, the due date as the end of that office-local day', async () => {
      const [one] = await list({ service_request_id: codes.answered });
      expect(one).toEqual({
        service_request_id: codes.answered,
        status: 'closed',
        status_notes: 'Respondida a la persona.',
        service_name: 'Permisos de circulación',
        service_code: topic,
        // Filed before the change to summer time, due after it: each instant with its own offset.
        requested_datetime: '2026-09-03T09:00:00-04:00',
        updated_datetime: '2026-09-03T10:00:00-04:00',
        expected_datetime: '2026-09-24T23:59:59-03:00',
        agency_responsible: 'Municipalidad de Alto Hospicio',
      });
      const [waiting] = await list({ service_request_id: codes.waiting });
      expect(waiting).toMatchObject({ status: 'open', status_notes: expect.stringContaining('pidió más información') });
      // August in Santiago is UTC-4.
      const [closed] = await list({ service_request_id: codes.closed });
      expect(closed).toMatchObject({ status: 'closed', status_notes: 'Cerrada.', requested_datetime: '2026-08-03T09:00:00-04:00', expected_datetime: '2026-08-24T23:59:59-04:00' });
    });

    it('defaults to the last 90 days, newest first; filters by codes, service_code, status, dates and jurisdiction', async () => {
      const recent = ids(await list());
      expect(recent).toEqual(expect.arrayContaining([codes.open, codes.waiting, codes.answered, codes.closed, codes.other]));
      expect(recent).not.toContain(codes.old);
      expect(recent.indexOf(codes.other)).toBeLessThan(recent.indexOf(codes.open));

      // service_request_id overrides the other filters, the old one included; unknown and malformed codes are left out.
      expect(ids(await list({ service_request_id: `${codes.old}, ${codes.other.toLowerCase()},ZZZZZZZZZZ,nope`, status: 'open' })).sort()).toEqual([codes.old, codes.other].sort());
      expect(ids(await list({ service_code: otherTopic }))).toEqual([codes.other]);
      const open = ids(await list({ status: 'open', service_code: topic }));
      expect(open).toEqual(expect.arrayContaining([codes.open, codes.waiting]));
      expect(open).not.toContain(codes.answered);
      expect(ids(await list({ status: 'closed', service_code: topic }))).toEqual([codes.answered, codes.closed]);
      expect(ids(await list({ start_date: '2026-09-02T00:00:00-04:00', end_date: '2026-09-03T23:59:59-04:00', jurisdiction_id: office.id }))).toEqual([codes.answered, codes.waiting]);
      expect(ids(await list({ start_date: '2026-04-15T00:00:00-04:00', end_date: '2026-05-15T00:00:00-04:00', service_code: topic }))).toEqual([codes.old]);
      expect(ids(await list({ jurisdiction_id: otherOffice.id }))).toEqual([codes.other]);
    });

    it('refuses bad filters naming the parameter, in Open311’s format', async () => {
      const bad = async (query: Record<string, string>, description: RegExp) => {
        const res = await t.http.get('/open311/v2/requests.json').query(query).expect(400);
        expect(res.body).toEqual([{ code: 400, description: expect.stringMatching(description) }]);
      };
      await bad({ status: 'pending' }, /^VALIDATION_FAILED: status /);
      await bad({ start_date: 'ayer' }, /^VALIDATION_FAILED: start_date /);
      await bad({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-09-01T00:00:00Z' }, /^VALIDATION_FAILED: end_date must be at most 90 days/);
      await bad({ start_date: '2026-09-10T00:00:00Z', end_date: '2026-09-01T00:00:00Z' }, /^VALIDATION_FAILED: end_date must not be before/);
      await bad({ service_code: 'licencias' }, /^VALIDATION_FAILED: service_code /);
      await bad({ service_request_id: ',' }, /^VALIDATION_FAILED: service_request_id /);
    });

    it('answers at most 1,000 requests', async () => {
      const busy = await f.office({ name: 'Oficina concurrida' });
      const busyTopic = await addTopic(busy.id, 'Consultas');
      await t.db.query(
        `INSERT INTO requests (office_id, code, kind, topic_id, channel, description, filed_at, due_date, deadline_days)
         SELECT $1, 'M' || lpad(n::text, 9, 'Z'), 'suggestion', $2, 'web', 'x', $3::timestamptz - n * interval '1 minute', '2026-09-30', 10 FROM generate_series(1, 1005) n`,
        [busy.id, busyTopic, NOW],
      );
      expect((await list({ jurisdiction_id: busy.id })).length).toBe(1000);
    });

    it('one request: an array of one; 404 in Open311’s format for an unknown code', async () => {
      const res = await t.http.get(`/open311/v2/requests/${codes.open}.json`).expect(200);
      expectNoPersonalData(res.text);
      expect(res.body).toHaveLength(1);
      expect(Object.keys(res.body[0]).sort()).toEqual(REQUEST_KEYS);
      expect(res.body[0]).toMatchObject({ service_request_id: codes.open, status: 'open', status_notes: 'En revisión por la oficina.' });
      const missing = await t.http.get('/open311/v2/requests/ZZZZZZZZZZ.json').expect(404);
      expect(missing.body).toEqual([{ code: 404, description: expect.stringMatching(/^REQUEST_NOT_FOUND: /) }]);
      await t.http.get('/open311/v2/requests/no-es-codigo.json').expect(404);
    });
  });
});
