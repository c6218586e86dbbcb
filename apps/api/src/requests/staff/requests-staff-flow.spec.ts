import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../../notifications/notification-worker.js';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../testing/smtp-receiver.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { requestFixtures } from '../../testing/request-fixtures.js';

/** Wednesday 16 September 2026, 10:00 in Santiago; 18 and 19 September and Monday 12 October are public holidays in Chile. */
const NOW = '2026-09-16T10:00:00-03:00';

/**
 * Requests registered by staff on the person's behalf and worked through to the answer, with the
 * person on the public side (reply, lookup); the topic catalogue and the office's deadlines.
 * Real PostgreSQL, a real SMTP server in process, the app's outbox worker sending what is due.
 */
describe('requests: registration, the person in the loop, topics and deadlines', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let r: ReturnType<typeof requestFixtures>;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' });
    f = deskFixtures(t);
    r = requestFixtures(t.db);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const office = async () => {
    const o = await f.office({ holidayCountry: 'CL', name: `Municipalidad de Iquique ${Math.random().toString(36).slice(2, 8)}` });
    return {
      id: o.id,
      agent: await f.staff('agent', o.id),
      supervisor: await f.staff('supervisor', o.id),
      topic: await r.topic(o.id, 'Permisos de circulación'),
    };
  };
  const register = (officeId: string, auth: string, body: object) => t.http.post(`/api/v1/offices/${officeId}/requests`).set('Authorization', auth).send(body);
  const step = (auth: string, requestId: string, name: string, body: object = {}) => t.http.post(`/api/v1/requests/by-id/${requestId}/${name}`).set('Authorization', auth).send(body);
  /** The outbox's jobs due by the app's clock, sent now (the worker does not run on its own in tests). */
  const sendDue = () => t.app.get(NotificationWorker).runDue();
  const mailTo = (address: string) => receiver.messages.filter((m) => m.to.includes(address));

  it('staff register a phoned-in complaint: channel and registrar recorded, the same deadline and confirmation as on the web', async () => {
    const o = await office();
    const email = 'jorge.registro@example.cl';
    const body = {
      kind: 'complaint',
      topicId: o.topic,
      channel: 'phone',
      description: 'Llamó para reclamar por el cobro del permiso.',
      contact: { fullName: 'Jorge Díaz', email, phone: '+56 9 8765 4321' },
    };
    const created = await register(o.id, o.agent.auth, body).expect(201);
    // 15 working days from Wednesday 16 September, Friday 18 off: Thursday 8 October.
    expect(created.body).toEqual({ id: expect.any(String), code: expect.stringMatching(/^[A-Z0-9]{10}$/), status: 'received', dueDate: '2026-10-08' });
    const [row] = (await t.db.query(`SELECT channel::text AS channel, filed_by, contact_phone, deadline_days, code FROM requests WHERE id = $1`, [created.body.id])) as Record<string, unknown>[];
    expect(row).toEqual({ channel: 'phone', filed_by: o.agent.id, contact_phone: '+56987654321', deadline_days: 15, code: created.body.code });
    expect(await t.db.query(`SELECT type, actor, staff_user_id, data FROM request_events WHERE request_id = $1`, [created.body.id])).toEqual([
      { type: 'filed', actor: 'staff', staff_user_id: o.agent.id, data: { channel: 'phone' } },
    ]);
    await sendDue();
    await expect.poll(() => mailTo(email).length, { timeout: 10_000 }).toBe(1);
    expect(await t.db.query(`SELECT kind, status::text AS status FROM notifications WHERE request_id = $1`, [created.body.id])).toEqual([{ kind: 'request_received', status: 'sent' }]);
    expect((await simpleParser(mailTo(email)[0].raw)).text).toContain(created.body.code);

    const detail = (await t.http.get(`/api/v1/requests/by-id/${created.body.id}`).set('Authorization', o.supervisor.auth).expect(200)).body;
    expect(detail).toMatchObject({ channel: 'phone', filedBy: { id: o.agent.id, username: o.agent.username } });
    // A suggestion may be anonymous, also when registered by staff.
    await register(o.id, o.agent.auth, { kind: 'suggestion', topicId: o.topic, channel: 'letter', description: 'Más bancas en la sala.' }).expect(201);
  });

  it('registration refuses what the public filing refuses, a missing or web channel, and other offices', async () => {
    const o = await office();
    const inactive = await r.topic(o.id, 'Tema antiguo', { active: false });
    const other = await office();
    const valid = { kind: 'request', topicId: o.topic, channel: 'counter', description: 'Consulta por patente.', contact: { email: 'x@example.cl' } };
    const count = async () => ((await t.db.query(`SELECT count(*)::int AS n FROM requests WHERE office_id = $1`, [o.id])) as { n: number }[])[0].n;
    const cases: [object, string, string][] = [
      [{ ...valid, channel: undefined }, 'VALIDATION_FAILED', 'channel'],
      [{ ...valid, channel: 'web' }, 'VALIDATION_FAILED', 'channel'],
      [{ ...valid, channel: 'open311' }, 'VALIDATION_FAILED', 'channel'],
      [{ ...valid, officeId: o.id }, 'VALIDATION_FAILED', 'officeId'],
      [{ ...valid, description: '' }, 'VALIDATION_FAILED', 'description'],
      [{ ...valid, description: 'x'.repeat(5001) }, 'VALIDATION_FAILED', 'description'],
      [{ ...valid, topicId: inactive }, 'VALIDATION_FAILED', 'topicId'],
      [{ ...valid, topicId: other.topic }, 'VALIDATION_FAILED', 'topicId'],
      [{ ...valid, contact: undefined }, 'CONTACT_REQUIRED', 'contact'],
      [{ ...valid, kind: 'complaint', contact: { fullName: 'Sin contacto' } }, 'CONTACT_REQUIRED', 'contact'],
    ];
    for (const [body, error, field] of cases) {
      const refused = await register(o.id, o.agent.auth, body).expect(400);
      expect(refused.body.error, JSON.stringify(body)).toBe(error);
      expect((refused.body.details as { field: string }[]).map((d) => d.field), JSON.stringify(body)).toContain(field);
    }
    expect((await register(o.id, other.agent.auth, valid).expect(403)).body.error).toBe('FORBIDDEN');
    await t.http.post(`/api/v1/offices/${o.id}/requests`).send(valid).expect(401);
    expect(await count()).toBe(0);
  });

  it('ask pauses the deadline, the reply moves it on by the working days waited (over a holiday); notes never reach the person; the answer does', async () => {
    const o = await office();
    const email = 'marta.flujo@example.cl';
    const created = await register(o.id, o.agent.auth, {
      kind: 'complaint',
      topicId: o.topic,
      channel: 'email',
      description: 'Mi licencia no aparece en el sistema.',
      contact: { email },
    }).expect(201);
    const { id, code } = created.body as { id: string; code: string };
    await step(o.agent.auth, id, 'assign', { staffUserId: o.agent.id }).expect(200);
    await step(o.agent.auth, id, 'notes', { text: 'NOTA-INTERNA: revisar con el juzgado' }).expect(200);
    await step(o.agent.auth, id, 'ask', { text: '¿Cuál es su número de licencia?' }).expect(200);
    await sendDue();
    await expect.poll(() => mailTo(email).length, { timeout: 10_000 }).toBe(2);
    expect((await simpleParser(mailTo(email)[1].raw)).text).toContain('¿Cuál es su número de licencia?');

    // While waiting the request is neither overdue nor due this week, whatever its date.
    const waitingList = (await t.http.get(`/api/v1/offices/${o.id}/requests`).query({ due: 'week' }).set('Authorization', o.agent.auth).expect(200)).body;
    expect(waitingList.total).toBe(0);

    // The question was asked on Friday 11 September: Monday 14 to Wednesday 16 are 3 working days waited.
    await t.db.query(`UPDATE requests SET waiting_since = '2026-09-11T10:00:00-03:00' WHERE id = $1`, [id]);
    const replied = await t.http.post('/api/v1/requests/reply').send({ code, contact: email, text: 'Es la A2-123456.' }).expect(200);
    // Thursday 8 October + 3 working days, Monday 12 October (a holiday) skipped: Wednesday 14.
    expect(replied.body).toMatchObject({ status: 'in_progress', dueDate: '2026-10-14' });
    const afterReply = (await t.http.get(`/api/v1/requests/by-id/${id}`).set('Authorization', o.agent.auth).expect(200)).body;
    expect(afterReply).toMatchObject({ status: 'in_progress', dueDate: '2026-10-14', pausedWorkingDays: 3, waitingSince: null });
    expect(afterReply.events.at(-1)).toMatchObject({ type: 'replied', actor: 'applicant', text: 'Es la A2-123456.', internal: false, staff: null });

    await step(o.agent.auth, id, 'answer', { text: 'Su licencia fue registrada correctamente.' }).expect(200);
    await sendDue();
    await expect.poll(() => mailTo(email).length, { timeout: 10_000 }).toBe(3);
    const answerMail = await simpleParser(mailTo(email)[2].raw);
    expect(answerMail.text).toContain('Su licencia fue registrada correctamente.');

    const lookup = (await t.http.post('/api/v1/requests/lookup').send({ code, contact: email }).expect(200)).body;
    expect(lookup.answer).toBe('Su licencia fue registrada correctamente.');
    expect((lookup.events as { type: string }[]).map((e) => e.type)).toEqual(['filed', 'asked', 'replied', 'answered']);
    const everything = JSON.stringify(lookup) + JSON.stringify((await t.http.get(`/api/v1/requests/${code}`).expect(200)).body);
    expect(everything).not.toContain('NOTA-INTERNA');
    expect(everything).not.toContain(o.agent.username);
    for (const message of mailTo(email)) expect(message.raw.toString()).not.toContain('NOTA-INTERNA');

    const [row] = (await t.db.query(`SELECT answer_working_days, answered_on_time FROM requests WHERE id = $1`, [id])) as Record<string, unknown>[];
    // Filed and answered on Wednesday 16: 0 working days (pause aside).
    expect(row).toEqual({ answer_working_days: 0, answered_on_time: true });
  });

  it('topics: supervisors list, add, rename, reorder and deactivate; names unique in the office whatever the case; agents and other offices refused', async () => {
    const o = await office();
    const other = await office();
    const manage = `/api/v1/offices/${o.id}/request-topics/manage`;
    const created = await t.http.post(manage).set('Authorization', o.supervisor.auth).send({ name: '  Licencias de conducir ', nameEn: 'Driving licences', sortOrder: -1 }).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'Licencias de conducir', nameEn: 'Driving licences', active: true, sortOrder: -1, requests: 0 });
    const duplicate = await t.http.post(manage).set('Authorization', o.supervisor.auth).send({ name: 'LICENCIAS DE CONDUCIR' }).expect(409);
    expect(duplicate.body).toMatchObject({ error: 'DUPLICATE_TOPIC_NAME', details: [{ field: 'name' }] });
    // The same name in another office is fine.
    await t.http.post(`/api/v1/offices/${other.id}/request-topics/manage`).set('Authorization', other.supervisor.auth).send({ name: 'Licencias de conducir' }).expect(201);
    await r.request(o.id, o.topic);

    const list = (await t.http.get(manage).set('Authorization', o.supervisor.auth).expect(200)).body as { id: string; name: string; requests: number }[];
    expect(list.map((topic) => [topic.name, topic.requests])).toEqual([
      ['Licencias de conducir', 0],
      ['Permisos de circulación', 1],
    ]);

    const patched = await t.http.patch(`/api/v1/request-topics/${o.topic}`).set('Authorization', o.supervisor.auth).send({ name: 'Permisos de circulación 2027', active: false, sortOrder: -5, nameEn: null }).expect(200);
    expect(patched.body).toEqual({ id: o.topic, name: 'Permisos de circulación 2027', nameEn: null, active: false, sortOrder: -5, requests: 1 });
    expect((await t.http.patch(`/api/v1/request-topics/${o.topic}`).set('Authorization', o.supervisor.auth).send({ name: 'licencias de CONDUCIR' }).expect(409)).body.error).toBe('DUPLICATE_TOPIC_NAME');
    // Renaming to itself in another case is no clash.
    await t.http.patch(`/api/v1/request-topics/${o.topic}`).set('Authorization', o.supervisor.auth).send({ name: 'PERMISOS DE CIRCULACIÓN 2027' }).expect(200);
    const publicTopics = (await t.http.get(`/api/v1/offices/${o.id}/request-topics`).expect(200)).body as { name: string }[];
    expect(publicTopics.map((topic) => topic.name)).toEqual(['Licencias de conducir']);
    const staffList = (await t.http.get(manage).set('Authorization', o.supervisor.auth).expect(200)).body as { name: string; active: boolean }[];
    expect(staffList.map((topic) => [topic.name, topic.active])).toEqual([
      ['PERMISOS DE CIRCULACIÓN 2027', false],
      ['Licencias de conducir', true],
    ]);

    for (const [body, field] of [
      [{ name: 'x' }, 'name'],
      [{ name: 'x'.repeat(121) }, 'name'],
      [{ name: 'Válido', sortOrder: 1.5 }, 'sortOrder'],
      [{ name: 'Válido', active: 'yes' }, 'active'],
      [{ name: 'Válido', color: 'red' }, 'color'],
    ] as const) {
      const refused = await t.http.post(manage).set('Authorization', o.supervisor.auth).send(body).expect(400);
      expect((refused.body.details as { field: string }[]).map((d) => d.field), JSON.stringify(body)).toContain(field);
    }
    const nullName = await t.http.patch(`/api/v1/request-topics/${o.topic}`).set('Authorization', o.supervisor.auth).send({ name: null }).expect(400);
    expect((nullName.body.details as { field: string }[]).map((d) => d.field)).toContain('name');

    await t.http.get(manage).set('Authorization', o.agent.auth).expect(403);
    await t.http.post(manage).set('Authorization', o.agent.auth).send({ name: 'Tema de agente' }).expect(403);
    await t.http.patch(`/api/v1/request-topics/${o.topic}`).set('Authorization', o.agent.auth).send({ active: true }).expect(403);
    await t.http.get(manage).set('Authorization', other.supervisor.auth).expect(403);
    await t.http.post(manage).set('Authorization', other.supervisor.auth).send({ name: 'Intruso' }).expect(403);
    await t.http.patch(`/api/v1/request-topics/${o.topic}`).set('Authorization', other.supervisor.auth).send({ active: true }).expect(403);
    expect((await t.http.patch('/api/v1/request-topics/00000000-0000-4000-8000-000000000000').set('Authorization', o.supervisor.auth).send({ active: true }).expect(404)).body.error).toBe(
      'TOPIC_NOT_FOUND',
    );
    const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM request_topics WHERE office_id = $1`, [o.id])) as { n: number }[];
    expect(n).toBe(2);
  });

  it("the office's deadlines per kind: PATCH merges 1..60 each, new requests get them, filed ones keep theirs", async () => {
    const o = await office();
    const before = await r.request(o.id, o.topic, { deadlineDays: 15, dueDate: '2026-10-08' });
    const patched = await t.http.patch(`/api/v1/offices/${o.id}`).set('Authorization', o.supervisor.auth).send({ requestDeadlineDays: { complaint: 5, request: 20 } }).expect(200);
    expect(patched.body.requestDeadlineDays).toEqual({ request: 20, complaint: 5, suggestion: 10, commendation: 10 });
    await t.http.patch(`/api/v1/offices/${o.id}`).set('Authorization', o.supervisor.auth).send({ requestDeadlineDays: { suggestion: 60 } }).expect(200);
    const read = (await t.http.get(`/api/v1/offices/${o.id}`).expect(200)).body;
    expect(read.requestDeadlineDays).toEqual({ request: 20, complaint: 5, suggestion: 60, commendation: 10 });

    for (const [value, field] of [
      [{ complaint: 0 }, 'requestDeadlineDays.complaint'],
      [{ request: 61 }, 'requestDeadlineDays.request'],
      [{ suggestion: 1.5 }, 'requestDeadlineDays.suggestion'],
      [{ commendation: '5' }, 'requestDeadlineDays.commendation'],
      [{ complaint: null }, 'requestDeadlineDays.complaint'],
      [{ praise: 5 }, 'requestDeadlineDays.praise'],
      [5, 'requestDeadlineDays'],
      [null, 'requestDeadlineDays'],
    ] as const) {
      const refused = await t.http.patch(`/api/v1/offices/${o.id}`).set('Authorization', o.supervisor.auth).send({ requestDeadlineDays: value }).expect(400);
      expect((refused.body.details as { field: string }[]).map((d) => d.field), JSON.stringify(value)).toContain(field);
    }
    await t.http.patch(`/api/v1/offices/${o.id}`).set('Authorization', o.agent.auth).send({ requestDeadlineDays: { complaint: 30 } }).expect(403);

    // 5 working days from Wednesday 16 September, Friday 18 off: Thursday 24.
    const created = await register(o.id, o.agent.auth, { kind: 'complaint', topicId: o.topic, channel: 'counter', description: 'Reclamo en mesón.', contact: { phone: '+56911223344' } }).expect(201);
    expect(created.body.dueDate).toBe('2026-09-24');
    const [kept] = (await t.db.query(`SELECT deadline_days, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM requests WHERE id = $1`, [before.id])) as Record<string, unknown>[];
    expect(kept).toEqual({ deadline_days: 15, due_date: '2026-10-08' });
  });
});
