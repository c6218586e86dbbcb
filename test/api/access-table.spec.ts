import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_DAY, DESK_NOW, deskFixtures } from '../../apps/api/src/testing/desk-fixtures.js';
import { reportFixtures } from '../../apps/api/src/testing/report-fixtures.js';
import { startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';
import type { StaffRole } from '../../apps/api/src/staff/staff-user.entity.js';
import { type RouteRule, routeRules } from '../support/route-rules.js';
import { changedTables, type DatabaseFingerprint, databaseFingerprint } from '../support/database-fingerprint.js';

/**
 * Issue #15 §4: every staff operation of the OpenAPI document, called by everyone who must not
 * pass (no token; a tampered, unsigned, foreign or expired token; a deactivated account; staff of
 * another office; the office's own staff where the route's roles leave them out), is refused with
 * 401/403 and changes no row of any table. The operations come from `/api/docs-json`, so a new
 * staff endpoint is covered as soon as it is documented; it needs an entry below saying how to
 * fill its query and body (the test fails until it has one). The document itself is checked
 * against the routes' metadata and against what they answer.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  method: Method;
  path: string;
  /** Bearer security required (not merely accepted, as the check-in's `[{}, { bearer }]`). */
  staffOnly: boolean;
  /** The applicant's ClaveÚnica session required ("Mis trámites", cookie security `applicant`): public to staff guards, 401 without it. */
  applicantOnly: boolean;
  /** The document accepts a bearer token (required or optional). */
  bearer: boolean;
  pathParams: string[];
}

/** The resources of the first office (A) that a request targets, and the second office (B). */
interface World {
  officeA: string;
  officeB: string;
  serviceA: string;
  otherServiceA: string;
  counterA: string;
  ticketA: string;
  closureA: string;
  bookingA: string;
  noticeA: string;
  /** An Open311 client (admins' keys; no office). */
  open311ClientA: string;
  topicA: string;
  requestA: string;
  attachmentA: string;
  colleagueA: string;
  documentA: string;
  /** Authorization headers. */
  adminAuth: string;
  agentA: string;
  supervisorA: string;
  agentB: string;
  supervisorB: string;
  deactivatedAdmin: string;
  deactivatedSupervisorA: string;
  ids: { agentB: string; supervisorB: string; agentA: string };
}

/** Path parameters by name: each filled with a real id of office A's resources. */
const PATH_PARAMS: Record<string, (w: World) => string> = {
  officeId: (w) => w.officeA,
  serviceId: (w) => w.serviceA,
  counterId: (w) => w.counterA,
  ticketId: (w) => w.ticketA,
  closureId: (w) => w.closureA,
  bookingId: (w) => w.bookingA,
  id: (w) => w.colleagueA,
  noticeId: (w) => w.noticeA,
  clientId: (w) => w.open311ClientA,
  topicId: (w) => w.topicA,
  requestId: (w) => w.requestA,
  attachmentId: (w) => w.attachmentA,
  // Public routes only (checked to stay public below): any well-formed value.
  code: () => 'ABCDEFGHJ',
  service_request_id: () => 'ABCDEFGHJK',
  trackingCode: () => randomUUID(),
  token: () => 'not-a-token',
};

interface Entry {
  query?: (w: World) => Record<string, string>;
  /** A body valid for the operation, so that only the access rule can stop it. */
  body?: (w: World) => object;
  /** The caller's own account, not an office's resource: staff of any office may use it. */
  ownAccount?: true;
  /** Public too (the kiosk), and checks a staff token when one is sent: only a bad token is refused. */
  anonymousAllowed?: true;
}

/** How to call each staff operation. A staff operation of the document without an entry fails the test. */
const STAFF_OPERATIONS: Record<string, Entry> = {
  'GET /api/v1/auth/me': { ownAccount: true },
  'GET /api/v1/staff': { query: (w) => ({ officeId: w.officeA }) },
  'POST /api/v1/staff': { body: (w) => ({ username: `nuevo.${randomUUID().slice(0, 8)}`, password: 'long-enough-password', role: 'agent', officeId: w.officeA }) },
  'GET /api/v1/staff/{id}': {},
  'PATCH /api/v1/staff/{id}': { body: () => ({ active: false }) },
  'PUT /api/v1/staff/{id}/permissions': { body: () => ({ canCallOutOfOrder: true }) },
  'POST /api/v1/offices': { body: () => ({ name: `Oficina ${randomUUID().slice(0, 8)}` }) },
  'PATCH /api/v1/offices/{officeId}': { body: () => ({ address: 'Calle Falsa 123' }) },
  'GET /api/v1/offices/{officeId}/message-channels': {},
  'POST /api/v1/offices/{officeId}/services': { body: () => ({ code: 'Z', name: 'Trámite Z', mode: 'walk_in' }) },
  'GET /api/v1/offices/{officeId}/services/settings': {},
  'PATCH /api/v1/services/{serviceId}': { body: () => ({ name: 'Trámite cambiado' }) },
  'GET /api/v1/offices/{officeId}/counters': {},
  'POST /api/v1/offices/{officeId}/counters': { body: (w) => ({ name: 'Módulo 9', serviceIds: [w.serviceA] }) },
  'PATCH /api/v1/counters/{counterId}': { body: () => ({ name: 'Módulo cambiado' }) },
  'GET /api/v1/offices/{officeId}/closures': { query: () => ({ from: DESK_DAY }) },
  'POST /api/v1/offices/{officeId}/closures': { body: () => ({ date: '2026-06-30', reason: 'Inventario' }) },
  'GET /api/v1/closures/{closureId}/cancelled-bookings': {},
  'DELETE /api/v1/closures/{closureId}': {},
  'GET /api/v1/bookings/{bookingId}/messages': {},
  'GET /api/v1/offices/{officeId}/notices/schedule': { query: () => ({ include: 'current,upcoming,past' }) },
  'POST /api/v1/offices/{officeId}/notices': { body: () => ({ message: 'Cerrado por inventario', from: `${DESK_DAY}T12:00:00-04:00`, to: `${DESK_DAY}T18:00:00-04:00`, notifyBooked: true }) },
  'DELETE /api/v1/notices/{noticeId}': {},
  'GET /api/v1/offices/{officeId}/bookings': { query: () => ({ date: DESK_DAY }) },
  'POST /api/v1/offices/{officeId}/bookings/search': { body: (w) => ({ q: w.documentA }) },
  'POST /api/v1/offices/{officeId}/check-ins': { body: (w) => ({ documentNumber: w.documentA }) },
  'POST /api/v1/offices/{officeId}/tickets': { body: (w) => ({ serviceId: w.serviceA }), anonymousAllowed: true },
  'GET /api/v1/offices/{officeId}/queue': {},
  'GET /api/v1/offices/{officeId}/walk-in-caps/today': {},
  'PUT /api/v1/services/{serviceId}/walk-in-cap/today': { body: () => ({ cap: 1 }) },
  'POST /api/v1/counters/{counterId}/open': { body: () => ({}) },
  'POST /api/v1/counters/{counterId}/close': {},
  'POST /api/v1/counters/{counterId}/call-next': {},
  'POST /api/v1/counters/{counterId}/call/{ticketId}': {},
  'POST /api/v1/tickets/{ticketId}/recall': {},
  'POST /api/v1/tickets/{ticketId}/start': {},
  'POST /api/v1/tickets/{ticketId}/complete': {},
  'POST /api/v1/tickets/{ticketId}/no-show': {},
  'POST /api/v1/tickets/{ticketId}/transfer': { body: (w) => ({ serviceId: w.otherServiceA }) },
  'GET /api/v1/offices/{officeId}/survey-comments': { query: () => ({ from: '2026-06-01', to: '2026-06-30' }) },
  'GET /api/v1/offices/{officeId}/reports': { query: () => ({ from: '2026-06-01', to: '2026-06-30', groupBy: 'day' }) },
  'GET /api/v1/offices/{officeId}/reports.csv': { query: () => ({ from: '2026-06-01', to: '2026-06-30', groupBy: 'day' }) },
  'GET /api/v1/offices/{officeId}/reports/yearly': { query: () => ({ year: '2026' }) },
  'GET /api/v1/offices/{officeId}/reports/arrivals': { query: () => ({ from: '2026-06-01', to: '2026-06-30' }) },
  'GET /api/v1/open311/clients': {},
  'POST /api/v1/open311/clients': { body: () => ({ name: 'Cliente cívico' }) },
  'DELETE /api/v1/open311/clients/{clientId}': {},
  'GET /api/v1/offices/{officeId}/reports/requests': { query: () => ({ from: '2026-06-01', to: '2026-06-30' }) },
  'GET /api/v1/offices/{officeId}/reports/requests.csv': { query: () => ({ from: '2026-06-01', to: '2026-06-30' }) },
  'GET /api/v1/offices/{officeId}/waitlist': { query: (w) => ({ serviceId: w.serviceA, from: DESK_DAY, to: '2026-07-14' }) },
  'GET /api/v1/offices/{officeId}/waitlist/entries': { query: (w) => ({ serviceId: w.serviceA, status: 'waiting' }) },
  'GET /api/v1/offices/{officeId}/reports/waitlist': { query: () => ({ from: '2026-06-01', to: '2026-06-30' }) },
  'GET /api/v1/offices/{officeId}/reports/waitlist.csv': { query: () => ({ from: '2026-06-01', to: '2026-06-30' }) },
  'GET /api/v1/offices/{officeId}/requests/assignees': {},
  'GET /api/v1/offices/{officeId}/requests': { query: () => ({ status: 'received,in_progress', assignee: 'none', due: 'week', page: '1', pageSize: '10' }) },
  'POST /api/v1/offices/{officeId}/requests': {
    body: (w) => ({ kind: 'complaint', topicId: w.topicA, channel: 'phone', description: 'Reclamo recibido por teléfono', contact: { phone: '+56911112222' } }),
  },
  'GET /api/v1/requests/by-id/{requestId}': {},
  'GET /api/v1/requests/by-id/{requestId}/attachments/{attachmentId}': {},
  'POST /api/v1/requests/by-id/{requestId}/assign': { body: (w) => ({ staffUserId: w.ids.agentA, expectedAssigneeId: null }) },
  'POST /api/v1/requests/by-id/{requestId}/notes': { body: () => ({ text: 'Nota interna' }) },
  'POST /api/v1/requests/by-id/{requestId}/ask': { body: () => ({ text: '¿Podría enviar la boleta?' }) },
  'POST /api/v1/requests/by-id/{requestId}/answer': { body: () => ({ text: 'Se corrigió el cobro.' }) },
  'POST /api/v1/requests/by-id/{requestId}/close': {},
  'POST /api/v1/requests/by-id/{requestId}/reopen': {},
  'GET /api/v1/offices/{officeId}/request-topics/manage': {},
  'POST /api/v1/offices/{officeId}/request-topics/manage': { body: () => ({ name: `Tema ${randomUUID().slice(0, 8)}`, sortOrder: 2 }) },
  'PATCH /api/v1/request-topics/{topicId}': { body: () => ({ sortOrder: 3, active: true }) },
};

const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];
const keyOf = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;

interface OpenApiOperation {
  security?: Record<string, string[]>[];
  parameters?: { in?: string; name?: string }[];
}

function operationsOf(doc: { paths: Record<string, Partial<Record<Method, OpenApiOperation>>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const security = operation.security ?? [];
      const bearer = security.some((requirement) => 'bearer' in requirement);
      const anonymousAllowed = security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0);
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const applicantOnly = !anonymousAllowed && security.every((requirement) => 'applicant' in requirement);
      operations.push({ method, path, staffOnly: bearer && !anonymousAllowed, applicantOnly, bearer, pathParams });
    }
  }
  return operations;
}

function urlOf(op: Operation, world: World, query: Record<string, string> = {}): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(PATH_PARAMS[name](world)));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

describe('staff access, as a table generated from the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  let staffOperations: Operation[];
  let rules: Map<string, RouteRule>;
  /** Whether the route's @Roles() admit the role (no @Roles(): any staff role). */
  const allows = (op: Operation, role: StaffRole) => {
    const rule = rules.get(keyOf(op));
    if (!rule) throw new Error(`${keyOf(op)}: no route`);
    return rule.roles === null || rule.roles.includes(role);
  };

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    operations = operationsOf(doc);
    staffOperations = operations.filter((op) => op.bearer);
    rules = routeRules(t.app);
  });
  afterAll(() => t.close());

  /** Office A with every kind of resource a staff route takes, office B with its staff; tokens. */
  async function world(): Promise<World> {
    const f = deskFixtures(t);
    const officeA = await f.office();
    const officeB = await f.office();
    const serviceA = await f.service(officeA.id, 'A', { seatsPerSlot: 10, walkInDailyCap: 50 });
    const otherServiceA = await f.service(officeA.id, 'B');
    const counterA = await f.counter(officeA.id, 'Módulo 1', [serviceA.id, otherServiceA.id]);
    const ticketA = await f.ticket(officeA.id, serviceA.id, '09:00');
    const documentA = `${100_000 + Math.floor(Math.random() * 800_000)}12`;
    const bookingA = await reportFixtures(t.db).booking(officeA.id, serviceA.id, DESK_DAY, '11:15', { status: 'confirmed', documentType: 'OTHER', documentNumber: documentA });
    const admin = await f.staff('admin', null);
    const supervisorA = await f.staff('supervisor', officeA.id);
    await t.http.post(`/api/v1/counters/${counterA.id}/open`).set('Authorization', supervisorA.auth).send({}).expect(200);
    const closure = await t.http
      .post(`/api/v1/offices/${officeA.id}/closures`)
      .set('Authorization', supervisorA.auth)
      .send({ date: '2026-06-25', reason: 'Capacitación' })
      .expect(201);
    const notice = await t.http
      .post(`/api/v1/offices/${officeA.id}/notices`)
      .set('Authorization', supervisorA.auth)
      .send({ message: 'Capacitación del personal', from: `${DESK_DAY}T12:00:00-04:00`, to: `${DESK_DAY}T18:00:00-04:00` })
      .expect(201);
    const colleagueA = await f.staff('agent', officeA.id);
    const open311ClientA = (await t.http.post('/api/v1/open311/clients').set('Authorization', admin.auth).send({ name: 'Cliente Open311' }).expect(201)).body.id as string;
    const [topicA] = (await t.db.query(`INSERT INTO request_topics (office_id, name) VALUES ($1, 'Permisos de circulación') RETURNING id`, [officeA.id])) as { id: string }[];
    const [requestA] = (await t.db.query(
      `INSERT INTO requests (office_id, code, kind, topic_id, channel, description, contact_email, filed_at, due_date, deadline_days)
       VALUES ($1, upper(substr(md5(random()::text), 1, 10)), 'complaint', $2, 'web', 'Cobro duplicado', 'vecina@example.cl', now(), '2026-07-08', 15) RETURNING id`,
      [officeA.id, topicA.id],
    )) as { id: string }[];
    const [attachmentA] = (await t.db.query(`INSERT INTO request_attachments (request_id, file_name, media_type, size, content) VALUES ($1, 'boleta.png', 'image/png', 3, '\\x010203') RETURNING id`, [
      requestA.id,
    ])) as { id: string }[];
    const agentA = await f.staff('agent', officeA.id);
    const agentB = await f.staff('agent', officeB.id);
    const supervisorB = await f.staff('supervisor', officeB.id);
    const deactivatedAdmin = await f.staff('admin', null);
    const deactivatedSupervisorA = await f.staff('supervisor', officeA.id);
    for (const user of [deactivatedAdmin, deactivatedSupervisorA]) {
      await t.http.get('/api/v1/auth/me').set('Authorization', user.auth).expect(200);
      await t.http.patch(`/api/v1/staff/${user.id}`).set('Authorization', admin.auth).send({ active: false }).expect(200);
    }
    return {
      officeA: officeA.id,
      officeB: officeB.id,
      serviceA: serviceA.id,
      otherServiceA: otherServiceA.id,
      counterA: counterA.id,
      ticketA: ticketA.id,
      closureA: closure.body.closure.id,
      bookingA: bookingA.id,
      noticeA: notice.body.id,
      open311ClientA,
      topicA: topicA.id,
      requestA: requestA.id,
      attachmentA: attachmentA.id,
      colleagueA: colleagueA.id,
      documentA,
      adminAuth: admin.auth,
      agentA: agentA.auth,
      supervisorA: supervisorA.auth,
      agentB: agentB.auth,
      supervisorB: supervisorB.auth,
      deactivatedAdmin: deactivatedAdmin.auth,
      deactivatedSupervisorA: deactivatedSupervisorA.auth,
      ids: { agentB: agentB.id, supervisorB: supervisorB.id, agentA: agentA.id },
    };
  }

  /** The Idempotency-Key of each POST sent, so that what the idempotency table keeps can be checked. */
  const sentKeys: string[] = [];

  function call(op: Operation, w: World, authorization: string | undefined) {
    const entry = STAFF_OPERATIONS[keyOf(op)] ?? {};
    let request = t.http[op.method](urlOf(op, w, entry.query?.(w)));
    if (authorization !== undefined) request = request.set('Authorization', authorization);
    if (op.method === 'post') {
      const key = randomUUID();
      sentKeys.push(key);
      request = request.set('Idempotency-Key', key);
    }
    return entry.body ? request.send(entry.body(w)) : request;
  }

  /**
   * Nothing changed but, at most, the idempotency keys of the refused requests recording the
   * refusal itself (API.md: a retry with the key gets the first answer; a 401 or 403 raised by a
   * service after the key was claimed is kept like any other client error).
   */
  async function expectNothingChangedBut(before: DatabaseFingerprint, status: number): Promise<void> {
    const changed = changedTables(before, await databaseFingerprint(t.db));
    expect(changed.filter((table) => table !== 'idempotency_keys')).toEqual([]);
    if (!changed.includes('idempotency_keys')) return;
    const kept: { key: string; response_status: number | null }[] = await t.db.query(`SELECT key, response_status FROM idempotency_keys WHERE created_at > $1`, [before.at]);
    expect(kept.filter((row) => !sentKeys.includes(row.key) || row.response_status !== status)).toEqual([]);
  }

  it('knows how to fill every staff operation of the document, and nothing the document lost', () => {
    expect(staffOperations.length).toBeGreaterThan(30);
    const missing = staffOperations.filter((op) => !(keyOf(op) in STAFF_OPERATIONS)).map(keyOf);
    expect(missing, 'staff operations without an entry in STAFF_OPERATIONS').toEqual([]);
    const stale = Object.keys(STAFF_OPERATIONS).filter((key) => !staffOperations.some((op) => keyOf(op) === key));
    expect(stale, 'entries of STAFF_OPERATIONS the document no longer has (or no longer marks as staff)').toEqual([]);
    const unknownParams = operations.flatMap((op) => op.pathParams.filter((name) => !(name in PATH_PARAMS)).map((name) => `${keyOf(op)}: ${name}`));
    expect(unknownParams, 'path parameters PATH_PARAMS cannot fill').toEqual([]);
  });

  it('describes every route the application serves: bearer security required unless @Public(), optional where a token is checked when sent', () => {
    const documented = new Map(operations.map((op) => [keyOf(op), op]));
    const wrong: string[] = [];
    for (const [key, rule] of rules) {
      const op = documented.get(key);
      if (!op) wrong.push(`${key}: not in the document`);
      else if (op.staffOnly === rule.isPublic) wrong.push(`${key}: @Public() is ${rule.isPublic}, the document says ${op.staffOnly ? 'staff-only' : 'public'}`);
      else if (op.bearer !== (!rule.isPublic || rule.takesOptionalToken)) wrong.push(`${key}: ${op.bearer ? 'documents' : 'lacks'} bearer security`);
    }
    for (const key of documented.keys()) if (!rules.has(key)) wrong.push(`${key}: documented, but no route has it`);
    expect(wrong).toEqual([]);
  });

  it("declares bearer (or the applicant's session) security on exactly the operations that refuse anonymous callers", async () => {
    const w = await world();
    const wrong: string[] = [];
    for (const op of operations) {
      // Guards run before validation: a staff route answers 401 to an anonymous call whatever the body.
      const response = await t.http[op.method](urlOf(op, w)).send({});
      const refused = response.status === 401;
      const documented = op.staffOnly ? 'staff-only' : op.applicantOnly ? 'applicant-only' : 'public';
      if ((op.staffOnly || op.applicantOnly) !== refused) wrong.push(`${keyOf(op)}: documented ${documented}, answered ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });

  type Actor =
    | 'no token'
    | 'tampered signature'
    | 'tampered claims'
    | 'unsigned token'
    | 'token of another issuer'
    | 'expired token'
    | 'agent of another office'
    | 'supervisor of another office'
    | 'deactivated admin'
    | 'deactivated supervisor of the office'
    | 'agent of the office'
    | 'supervisor of the office';

  /** A token with the claims of `token`, signed with the test app's JWT_SECRET, expiring `secondsLeft` from now. */
  function signed(token: string, secondsLeft: number, issuer = 'turnero'): string {
    const signer = new JwtService({ secret: t.config.JWT_SECRET });
    const { sub, role, officeId } = signer.decode<{ sub: string; role: string; officeId: string | null }>(token);
    return signer.sign({ sub, role, officeId, exp: Math.floor(Date.now() / 1000) + secondsLeft }, { algorithm: 'HS256', issuer });
  }

  function tokenOf(actor: Actor, w: World): string | undefined {
    const adminToken = w.adminAuth.slice('Bearer '.length);
    const [header, payload, signature] = adminToken.split('.');
    switch (actor) {
      case 'no token':
        return undefined;
      case 'tampered signature': {
        // Flip one bit of the signature's first byte (the last base64url character carries padding bits).
        const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
        return `Bearer ${header}.${payload}.${flipped}`;
      }
      case 'tampered claims': {
        // An agent's token with the admin's claims pasted in, keeping the agent's signature.
        const [, , agentSignature] = w.agentB.slice('Bearer '.length).split('.');
        return `Bearer ${header}.${payload}.${agentSignature}`;
      }
      case 'unsigned token': {
        // alg "none" and no signature, with the admin's claims.
        const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        return `Bearer ${none}.${payload}.`;
      }
      case 'token of another issuer':
        return `Bearer ${signed(adminToken, 60, 'otra-app')}`;
      case 'expired token': {
        return `Bearer ${signed(adminToken, -60)}`;
      }
      case 'agent of another office':
        return w.agentB;
      case 'supervisor of another office':
        return w.supervisorB;
      case 'deactivated admin':
        return w.deactivatedAdmin;
      case 'deactivated supervisor of the office':
        return w.deactivatedSupervisorA;
      case 'agent of the office':
        return w.agentA;
      case 'supervisor of the office':
        return w.supervisorA;
    }
  }

  it('accepts a token signed the same way as the expired one while it is valid (the expiry is what refuses it)', async () => {
    const w = await world();
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${signed(w.adminAuth.slice('Bearer '.length), 60)}`).expect(200);
  });

  /**
   * Who is refused where. Without a valid, active account: everywhere, 401. Staff of office B:
   * 403 on every operation on office A's resources (their own account aside); API.md's rule and
   * `assertOfficeAccess`'s: 403, not 404, which tells nothing the public office list doesn't. Staff
   * of office A: 403 where `@Roles()` leaves their role out (agents don't configure, supervisors
   * don't create offices), read from the route's metadata as the guard reads it.
   */
  const refusals: { actor: Actor; status: 401 | 403; refusedOn: (op: Operation) => boolean }[] = [
    { actor: 'no token', status: 401, refusedOn: (op) => !STAFF_OPERATIONS[keyOf(op)]?.anonymousAllowed },
    { actor: 'unsigned token', status: 401, refusedOn: () => true },
    { actor: 'token of another issuer', status: 401, refusedOn: () => true },
    { actor: 'tampered signature', status: 401, refusedOn: () => true },
    { actor: 'tampered claims', status: 401, refusedOn: () => true },
    { actor: 'expired token', status: 401, refusedOn: () => true },
    { actor: 'deactivated admin', status: 401, refusedOn: () => true },
    { actor: 'deactivated supervisor of the office', status: 401, refusedOn: () => true },
    { actor: 'agent of another office', status: 403, refusedOn: (op) => !STAFF_OPERATIONS[keyOf(op)]?.ownAccount },
    { actor: 'supervisor of another office', status: 403, refusedOn: (op) => !STAFF_OPERATIONS[keyOf(op)]?.ownAccount },
    { actor: 'agent of the office', status: 403, refusedOn: (op) => !allows(op, 'agent') },
    { actor: 'supervisor of the office', status: 403, refusedOn: (op) => !allows(op, 'supervisor') },
  ];

  it.each(refusals)('refuses the $actor with $status on every staff operation they may not use, and changes nothing', async ({ actor, status, refusedOn }) => {
    const w = await world();
    const refused = staffOperations.filter(refusedOn);
    expect(refused.length).toBeGreaterThan(0);
    const before = await databaseFingerprint(t.db);
    const table: string[] = [];
    const shapes: string[] = [];
    for (const op of refused) {
      const response = await call(op, w, tokenOf(actor, w));
      table.push(`${keyOf(op)} → ${response.status} ${response.body?.error ?? ''}`);
      shapes.push(`${keyOf(op)}: ${JSON.stringify(response.body)}`);
    }
    expect(table).toEqual(refused.map((op) => `${keyOf(op)} → ${status} ${status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN'}`));
    // API.md's error shape, and nothing more: no details about the resource refused.
    for (const shape of shapes) expect(Object.keys(JSON.parse(shape.slice(shape.indexOf(': ') + 2))).sort(), shape).toEqual(['error', 'message', 'statusCode']);
    await expectNothingChangedBut(before, status);
  });

  it('answers staff of another office on their own account, not on the office', async () => {
    const w = await world();
    const own = staffOperations.filter((op) => STAFF_OPERATIONS[keyOf(op)]?.ownAccount);
    expect(own.map(keyOf)).toEqual(['GET /api/v1/auth/me']);
    for (const [token, id] of [[w.agentB, w.ids.agentB], [w.supervisorB, w.ids.supervisorB]]) {
      const response = await t.http.get('/api/v1/auth/me').set('Authorization', token).expect(200);
      expect(response.body.id).toBe(id);
    }
  });

  it("lets the same requests through the access rules for an admin, so that only those rules stopped them", async () => {
    const w = await world();
    const table: string[] = [];
    for (const op of staffOperations) {
      const response = await call(op, w, w.adminAuth);
      // Not refused, and not for a badly filled request either (400 or 404 would mean the table is wrong).
      if ([400, 401, 403, 404].includes(response.status) || response.status >= 500) table.push(`${keyOf(op)} → ${response.status} ${JSON.stringify(response.body)}`);
    }
    expect(table).toEqual([]);
  });
});
