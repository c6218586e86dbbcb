import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../testing/smtp-receiver.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { requestFixtures } from '../../testing/request-fixtures.js';

/** Wednesday 16 September 2026, 10:00 in Santiago; Friday 18 and Saturday 19 are public holidays in Chile. */
const NOW = '2026-09-16T10:00:00-03:00';

/**
 * The staff steps on a request (issue #17): assign, notes, ask, answer, close, reopen; each an
 * atomic UPDATE guarded by the states it starts from, with its event and (ask, answer) the
 * person's message queued in the same transaction. Real PostgreSQL, FAKE_NOW clock.
 */
describe('requests: staff steps', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let r: ReturnType<typeof requestFixtures>;

  beforeAll(async () => {
    // A mail server, so that email messages are queued; this instance sends none (NOTIFY_CONCURRENCY=0): the rows stay 'queued' to be read.
    receiver = await startSmtpReceiver();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl', NOTIFY_CONCURRENCY: '0' });
    f = deskFixtures(t);
    r = requestFixtures(t.db);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** An office in Chile with an agent, a colleague, a supervisor and a topic. */
  const office = async () => {
    const o = await f.office({ holidayCountry: 'CL' });
    return {
      id: o.id,
      agent: await f.staff('agent', o.id),
      colleague: await f.staff('agent', o.id),
      supervisor: await f.staff('supervisor', o.id),
      topic: await r.topic(o.id, 'Permisos de circulación'),
    };
  };
  const post = (auth: string, requestId: string, step: string, body: object = {}) => t.http.post(`/api/v1/requests/by-id/${requestId}/${step}`).set('Authorization', auth).send(body);
  const row = async (id: string) =>
    ((await t.db.query(
      `SELECT status::text AS status, assignee_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, deadline_days, waiting_since, answer, answered_by, answer_working_days,
              answered_on_time, closed_at, reopened_count, version
         FROM requests WHERE id = $1`,
      [id],
    )) as Record<string, unknown>[])[0];
  const events = async (id: string) =>
    (await t.db.query(`SELECT type, actor, staff_user_id, text, data FROM request_events WHERE request_id = $1 ORDER BY id`, [id])) as {
      type: string;
      actor: string;
      staff_user_id: string | null;
      text: string | null;
      data: Record<string, unknown> | null;
    }[];
  const messages = async (id: string) =>
    (await t.db.query(`SELECT kind, channel::text AS channel, status::text AS status FROM notifications WHERE request_id = $1 ORDER BY id`, [id])) as { kind: string; channel: string; status: string }[];

  it('assign: received → in progress with an event {from, to}; reassign with the expected holder; unassign; refused for staff who are not active agents or supervisors of the office', async () => {
    const o = await office();
    const req = await r.request(o.id, o.topic);
    const assigned = await post(o.agent.auth, req.id, 'assign', { staffUserId: o.agent.id }).expect(200);
    expect(assigned.body).toMatchObject({ id: req.id, status: 'in_progress', assignee: { id: o.agent.id, username: o.agent.username }, version: 1 });
    const moved = await post(o.supervisor.auth, req.id, 'assign', { staffUserId: o.colleague.id, expectedAssigneeId: o.agent.id }).expect(200);
    expect(moved.body).toMatchObject({ status: 'in_progress', assignee: { id: o.colleague.id } });
    const released = await post(o.colleague.auth, req.id, 'assign', { staffUserId: null, expectedAssigneeId: o.colleague.id }).expect(200);
    expect(released.body).toMatchObject({ status: 'in_progress', assignee: null, version: 3 });
    expect(await events(req.id)).toEqual([
      { type: 'assigned', actor: 'staff', staff_user_id: o.agent.id, text: null, data: { from: null, to: o.agent.id } },
      { type: 'assigned', actor: 'staff', staff_user_id: o.supervisor.id, text: null, data: { from: o.agent.id, to: o.colleague.id } },
      { type: 'assigned', actor: 'staff', staff_user_id: o.colleague.id, text: null, data: { from: o.colleague.id, to: null } },
    ]);

    // Waiting stays waiting when assigned.
    const waiting = await r.request(o.id, o.topic, { status: 'waiting', waitingSince: '2026-09-15T10:00:00-03:00' });
    expect((await post(o.agent.auth, waiting.id, 'assign', { staffUserId: o.agent.id }).expect(200)).body.status).toBe('waiting');

    const other = await f.office();
    const outsider = await f.staff('agent', other.id);
    const inactive = await f.staff('agent', o.id);
    await t.db.query(`UPDATE staff_users SET active = false WHERE id = $1`, [inactive.id]);
    const admin = await f.staff('admin', null);
    for (const staffUserId of [outsider.id, inactive.id, admin.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await post(o.supervisor.auth, req.id, 'assign', { staffUserId }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'staffUserId', messages: [expect.any(String)] }]);
    }
    for (const [body, field] of [
      [{}, 'staffUserId'],
      [{ staffUserId: 'nobody' }, 'staffUserId'],
      [{ staffUserId: null, expectedAssigneeId: 7 }, 'expectedAssigneeId'],
      [{ staffUserId: null, extra: true }, 'extra'],
    ] as const) {
      const refused = await post(o.supervisor.auth, req.id, 'assign', body).expect(400);
      expect((refused.body.details as { field: string }[]).map((d) => d.field), JSON.stringify(body)).toContain(field);
    }
    expect(await row(req.id)).toMatchObject({ assignee_id: null, version: 3 });
  });

  it("assignees: the office's active agents and supervisors, listed to its agents too (not admins, other offices or deactivated staff); each can be assigned", async () => {
    const o = await office();
    const other = await office();
    const gone = await f.staff('agent', o.id);
    await t.db.query(`UPDATE staff_users SET active = false WHERE id = $1`, [gone.id]);
    const listed = (await t.http.get(`/api/v1/offices/${o.id}/requests/assignees`).set('Authorization', o.agent.auth).expect(200)).body as { id: string; username: string; role: string }[];
    expect(listed.map((a) => a.id).sort()).toEqual([o.agent.id, o.colleague.id, o.supervisor.id].sort());
    expect(listed.find((a) => a.id === o.supervisor.id)?.role).toBe('supervisor');
    await t.http.get(`/api/v1/offices/${o.id}/requests/assignees`).set('Authorization', other.agent.auth).expect(403);
    // An agent hands a request to a colleague from that list.
    const req = await r.request(o.id, o.topic);
    await post(o.agent.auth, req.id, 'assign', { staffUserId: listed.find((a) => a.id === o.colleague.id)!.id }).expect(200);
    expect((await row(req.id)).assignee_id).toBe(o.colleague.id);
  });

  it('assign: the holder must still be the one expected (409 ASSIGNMENT_CONFLICT naming them); of two staff taking a request at once, exactly one wins', async () => {
    const o = await office();
    const req = await r.request(o.id, o.topic, { assigneeId: null });
    await post(o.agent.auth, req.id, 'assign', { staffUserId: o.agent.id }).expect(200);
    const conflict = await post(o.colleague.auth, req.id, 'assign', { staffUserId: o.colleague.id }).expect(409);
    expect(conflict.body).toMatchObject({ statusCode: 409, error: 'ASSIGNMENT_CONFLICT', details: { assigneeId: o.agent.id } });
    expect(await row(req.id)).toMatchObject({ assignee_id: o.agent.id });

    for (let round = 0; round < 5; round += 1) {
      const contested = await r.request(o.id, o.topic);
      const answers = await Promise.all([
        post(o.agent.auth, contested.id, 'assign', { staffUserId: o.agent.id, expectedAssigneeId: null }),
        post(o.colleague.auth, contested.id, 'assign', { staffUserId: o.colleague.id, expectedAssigneeId: null }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)!.body.assignee.id as string;
      const loser = answers.find((a) => a.status === 409)!;
      expect(loser.body).toMatchObject({ error: 'ASSIGNMENT_CONFLICT', details: { assigneeId: winner } });
      expect(await row(contested.id)).toMatchObject({ assignee_id: winner, status: 'in_progress', version: 1 });
      expect((await events(contested.id)).map((e) => e.type)).toEqual(['assigned']);
    }
  });

  it('notes: in any state, internal, nothing queued; ask: received or in progress → waiting with the question queued; 409 from waiting', async () => {
    const o = await office();
    const req = await r.request(o.id, o.topic, { phone: '+56987654321', smsConsent: true });
    const noted = await post(o.agent.auth, req.id, 'notes', { text: '  Revisar boleta en caja.  ' }).expect(200);
    expect(noted.body.status).toBe('received');
    const closed = await r.request(o.id, o.topic, { status: 'closed' });
    await post(o.agent.auth, closed.id, 'notes', { text: 'Archivado en carpeta 12.' }).expect(200);
    expect(await messages(req.id)).toEqual([]);

    const asked = await post(o.agent.auth, req.id, 'ask', { text: '¿Podría enviar el número de la boleta?' }).expect(200);
    expect(asked.body).toMatchObject({ status: 'waiting', waitingSince: expect.stringMatching(/^2026-09-16T10:0\d:\d\d(\.\d+)?-03:00$/), overdue: false });
    expect(await messages(req.id)).toEqual([
      { kind: 'request_info_requested', channel: 'email', status: 'queued' },
    ]);
    expect((await events(req.id)).map((e) => [e.type, e.text])).toEqual([
      ['note', 'Revisar boleta en caja.'],
      ['asked', '¿Podría enviar el número de la boleta?'],
    ]);
    for (const step of ['ask', 'answer']) {
      const refused = await post(o.agent.auth, req.id, step, { text: 'Otra vez' }).expect(409);
      expect(refused.body).toMatchObject({ error: 'INVALID_TRANSITION', details: { status: 'waiting' } });
    }
    for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(5001) }, { text: 5 }]) {
      const refused = await post(o.agent.auth, req.id, 'notes', body).expect(400);
      expect((refused.body.details as { field: string }[]).map((d) => d.field)).toEqual(['text']);
    }
    expect((await events(req.id)).length).toBe(2);
  });

  it('answer: stores the answer, the working days it took without the pauses and whether it was on time; the answer is queued; close and reopen', async () => {
    const o = await office();
    // Filed Friday 4 September, due Friday 25 (15 working days), paused 2 working days already.
    const req = await r.request(o.id, o.topic, { filedAt: '2026-09-04T16:00:00-03:00', dueDate: '2026-09-29', status: 'in_progress', phone: '+56911112222', smsConsent: true });
    await t.db.query(`UPDATE requests SET paused_working_days = 2 WHERE id = $1`, [req.id]);
    const answered = await post(o.agent.auth, req.id, 'answer', { text: 'Se anuló el cobro duplicado.' }).expect(200);
    expect(answered.body).toMatchObject({ status: 'answered', overdue: false });
    // 7-16 September: 8 working days (Monday 7 to Wednesday 16), minus 2 paused.
    expect(await row(req.id)).toMatchObject({ answer: 'Se anuló el cobro duplicado.', answered_by: o.agent.id, answer_working_days: 6, answered_on_time: true });
    expect(await messages(req.id)).toEqual([{ kind: 'request_answered', channel: 'email', status: 'queued' }]);

    for (const step of ['answer', 'ask']) {
      expect((await post(o.agent.auth, req.id, step, { text: 'x' }).expect(409)).body).toMatchObject({ error: 'INVALID_TRANSITION', details: { status: 'answered' } });
    }
    await post(o.agent.auth, req.id, 'close').expect(200);
    expect(await row(req.id)).toMatchObject({ status: 'closed', closed_at: expect.any(Date) });
    expect((await post(o.agent.auth, req.id, 'close').expect(409)).body).toMatchObject({ error: 'INVALID_TRANSITION', details: { status: 'closed' } });

    // Reopened: in progress, a new deadline of the kind's working days (now 12) from today: Wednesday 16 + 12, Friday 18 September off.
    await t.http.patch(`/api/v1/offices/${o.id}`).set('Authorization', o.supervisor.auth).send({ requestDeadlineDays: { complaint: 12 } }).expect(200);
    const reopened = await post(o.supervisor.auth, req.id, 'reopen').expect(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', dueDate: '2026-10-05' });
    expect(await row(req.id)).toMatchObject({ reopened_count: 1, deadline_days: 12, closed_at: null });
    expect((await post(o.agent.auth, req.id, 'reopen').expect(409)).body.error).toBe('INVALID_TRANSITION');
    expect((await events(req.id)).map((e) => e.type)).toEqual(['answered', 'closed', 'reopened']);

    // Late: due yesterday.
    const late = await r.request(o.id, o.topic, { filedAt: '2026-08-20T09:00:00-04:00', dueDate: '2026-09-15' });
    expect((await post(o.agent.auth, late.id, 'answer', { text: 'Respuesta tardía.' }).expect(200)).body.overdue).toBe(false);
    expect(await row(late.id)).toMatchObject({ answered_on_time: false });
    // Answer → reopen (from answered) works too.
    await post(o.agent.auth, late.id, 'reopen').expect(200);
  });

  it('close: a complaint or request only once answered; a suggestion or commendation also unanswered', async () => {
    const o = await office();
    for (const kind of ['complaint', 'request'] as const) {
      for (const status of ['received', 'in_progress', 'waiting'] as const) {
        const req = await r.request(o.id, o.topic, { kind, status });
        expect((await post(o.agent.auth, req.id, 'close').expect(409)).body).toMatchObject({ error: 'INVALID_TRANSITION', details: { status } });
        expect(await row(req.id)).toMatchObject({ status, version: 0 });
      }
    }
    for (const kind of ['suggestion', 'commendation'] as const) {
      for (const status of ['received', 'in_progress'] as const) {
        const req = await r.request(o.id, o.topic, { kind, status, email: null });
        expect((await post(o.agent.auth, req.id, 'close').expect(200)).body.status).toBe('closed');
      }
      const waiting = await r.request(o.id, o.topic, { kind, status: 'waiting' });
      await post(o.agent.auth, waiting.id, 'close').expect(409);
    }
    // Reopen only from answered or closed.
    for (const status of ['received', 'in_progress', 'waiting'] as const) {
      const req = await r.request(o.id, o.topic, { status });
      expect((await post(o.agent.auth, req.id, 'reopen').expect(409)).body.error).toBe('INVALID_TRANSITION');
    }
  });

  it('a step that fails after its update leaves no change, no event and no message', async () => {
    const o = await office();
    const req = await r.request(o.id, o.topic);
    await t.db.query(`CREATE FUNCTION test_fail_request_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'event refused'; END $$`);
    await t.db.query(`CREATE TRIGGER test_fail_request_event BEFORE INSERT ON request_events FOR EACH ROW WHEN (NEW.request_id = '${req.id}') EXECUTE FUNCTION test_fail_request_event()`);
    try {
      await post(o.agent.auth, req.id, 'answer', { text: 'No quedará.' }).expect(500);
    } finally {
      await t.db.query(`DROP TRIGGER test_fail_request_event ON request_events`);
      await t.db.query(`DROP FUNCTION test_fail_request_event()`);
    }
    expect(await row(req.id)).toMatchObject({ status: 'received', answer: null, version: 0 });
    expect(await messages(req.id)).toEqual([]);
  });

  it('the whole file for staff: contact, texts, events with who (notes flagged internal), attachments; the attachment as a download', async () => {
    const o = await office();
    const req = await r.request(o.id, o.topic, { contactName: 'Rosa Contreras', phone: '+56922223333', filedAt: '2026-09-15T11:30:00-03:00', dueDate: '2026-10-06' });
    await t.db.query(`INSERT INTO request_events (request_id, at, type, actor) VALUES ($1, '2026-09-15T11:30:00-03:00', 'filed', 'applicant')`, [req.id]);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 32), Buffer.from('\n%%EOF\n')]);
    const [file] = (await t.db.query(
      `INSERT INTO request_attachments (request_id, file_name, media_type, size, content) VALUES ($1, 'boleta ñandú.pdf', 'application/pdf', $2, $3) RETURNING id`,
      [req.id, pdf.length, pdf],
    )) as { id: string }[];
    await post(o.agent.auth, req.id, 'assign', { staffUserId: o.agent.id }).expect(200);
    await post(o.agent.auth, req.id, 'notes', { text: 'Llamar a tesorería.' }).expect(200);
    await post(o.agent.auth, req.id, 'ask', { text: '¿Tiene el comprobante?' }).expect(200);

    const detail = (await t.http.get(`/api/v1/requests/by-id/${req.id}`).set('Authorization', o.supervisor.auth).expect(200)).body;
    expect(detail).toMatchObject({
      id: req.id,
      code: req.code,
      officeId: o.id,
      kind: 'complaint',
      status: 'waiting',
      channel: 'web',
      filedAt: '2026-09-15T11:30:00-03:00',
      filedBy: null,
      dueDate: '2026-10-06',
      deadlineDays: 15,
      pausedWorkingDays: 0,
      workingDaysLeft: 13,
      contact: { fullName: 'Rosa Contreras', email: 'vecina@example.cl', phone: '+56922223333', documentNumber: null },
      description: 'Me cobraron dos veces el permiso de circulación.',
      answer: null,
      assignee: { id: o.agent.id, username: o.agent.username },
      waitingSince: expect.stringMatching(/^2026-09-16T10:0\d:\d\d(\.\d+)?-03:00$/),
      reopenedCount: 0,
      version: 3,
    });
    expect(detail.events.map((e: { type: string; internal: boolean; staff: { username: string } | null; text: string | null }) => [e.type, e.internal, e.staff?.username ?? null, e.text])).toEqual([
      ['filed', false, null, null],
      ['assigned', true, o.agent.username, null],
      ['note', true, o.agent.username, 'Llamar a tesorería.'],
      ['asked', false, o.agent.username, '¿Tiene el comprobante?'],
    ]);
    expect(detail.attachments).toEqual([{ id: file.id, fileName: 'boleta ñandú.pdf', mediaType: 'application/pdf', size: pdf.length, eventId: null, createdAt: expect.any(String) }]);

    const download = await t.http
      .get(`/api/v1/requests/by-id/${req.id}/attachments/${file.id}`)
      .set('Authorization', o.agent.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="boleta nandu.pdf"; filename*=UTF-8''boleta%20%C3%B1and%C3%BA.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);

    await t.http.get(`/api/v1/requests/by-id/${req.id}/attachments/00000000-0000-4000-8000-000000000000`).set('Authorization', o.agent.auth).expect(404);
    const elsewhere = await r.request(o.id, o.topic);
    await t.http.get(`/api/v1/requests/by-id/${elsewhere.id}/attachments/${file.id}`).set('Authorization', o.agent.auth).expect(404);
    await t.http.get(`/api/v1/requests/by-id/${req.id}/attachments/not-a-uuid`).set('Authorization', o.agent.auth).expect(400);
  });

  it("another office's staff get 403 on every step and read, and change nothing; unknown requests 404", async () => {
    const o = await office();
    const other = await f.office();
    const foreignAgent = await f.staff('agent', other.id);
    const foreignSupervisor = await f.staff('supervisor', other.id);
    const req = await r.request(o.id, o.topic, { status: 'answered' });
    const [file] = (await t.db.query(`INSERT INTO request_attachments (request_id, file_name, media_type, size, content) VALUES ($1, 'a.png', 'image/png', 3, '\\x010203') RETURNING id`, [
      req.id,
    ])) as { id: string }[];
    for (const auth of [foreignAgent.auth, foreignSupervisor.auth]) {
      for (const [step, body] of [
        ['assign', { staffUserId: foreignAgent.id }],
        ['notes', { text: 'x' }],
        ['ask', { text: 'x' }],
        ['answer', { text: 'x' }],
        ['close', {}],
        ['reopen', {}],
      ] as const) {
        expect((await post(auth, req.id, step, body).expect(403)).body.error).toBe('FORBIDDEN');
      }
      await t.http.get(`/api/v1/requests/by-id/${req.id}`).set('Authorization', auth).expect(403);
      await t.http.get(`/api/v1/requests/by-id/${req.id}/attachments/${file.id}`).set('Authorization', auth).expect(403);
    }
    expect(await row(req.id)).toMatchObject({ status: 'answered', version: 0 });
    expect(await events(req.id)).toEqual([]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await post(o.agent.auth, unknown, 'notes', { text: 'x' }).expect(404)).body.error).toBe('REQUEST_NOT_FOUND');
    expect((await t.http.get(`/api/v1/requests/by-id/${unknown}`).set('Authorization', o.agent.auth).expect(404)).body.error).toBe('REQUEST_NOT_FOUND');
    await post(o.agent.auth, 'nope', 'notes', { text: 'x' }).expect(400);
    await post('', req.id, 'notes', { text: 'x' }).expect(401);
  });
});
