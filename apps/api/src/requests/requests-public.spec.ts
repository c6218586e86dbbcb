import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { qrPng } from '../notifications/messages/qr-png.js';
import { applicantFactory } from '../testing/applicants.js';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday (Santiago is UTC-3 in December); 8 December is a holiday
const PUBLIC_URL = 'https://turnos.example.cl';
const person = applicantFactory({ name: 'Ignacia Reclamo', tag: 'reclamo', documentBase: 17_000_000, phoneBase: 86_000_000 });

const PNG = qrPng('K7M4QX9PTA');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0'), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Requests and complaints, the person's side (issue #17): real PostgreSQL, the real SMTP server in
 * process, the outbox's worker run by hand.
 */
describe('requests and complaints: filing and tracking', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let officeId: string;
  let topicId: string;
  let otherTopicId: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL, ...provider.env });
    officeId = (await seeders(t.db).office({ name: 'Municipalidad de Iquique', address: 'Serrano 134' })).id;
    const otherOffice = (await seeders(t.db).office({ name: 'Municipalidad de Graneros' })).id;
    const topic = async (office: string, name: string, extra = '') =>
      ((await t.db.query(`INSERT INTO request_topics (office_id, name, name_en, sort_order${extra ? ', active' : ''}) VALUES ($1, $2, $3, $4${extra ? ', false' : ''}) RETURNING id`, [
        office,
        name,
        `${name} (en)`,
        name.length,
      ])) as { id: string }[])[0]!.id;
    topicId = await topic(officeId, 'Licencias de conducir');
    await topic(officeId, 'Permisos de circulación');
    await topic(officeId, 'Tema antiguo', 'inactive');
    otherTopicId = await topic(otherOffice, 'Subsidios');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const counts = async () =>
    ((await t.db.query(
      `SELECT (SELECT count(*) FROM requests)::int AS requests, (SELECT count(*) FROM request_events)::int AS events,
              (SELECT count(*) FROM request_attachments)::int AS attachments, (SELECT count(*) FROM notifications)::int AS notifications`,
    )) as Record<string, number>[])[0]!;
  const file = (body: object) => t.http.post('/api/v1/requests').send(body);
  const complaint = (who = person(), extra: object = {}) => ({
    officeId,
    kind: 'complaint',
    topicId,
    description: 'Llevo tres semanas esperando la licencia y nadie contesta el teléfono.',
    contact: { fullName: who.fullName, email: who.email, phone: who.phone, documentNumber: who.documentNumber },
    ...extra,
  });
  const lookup = (code: string, contact: string) => t.http.post('/api/v1/requests/lookup').send({ code, contact });
  const sendDue = () => t.app.get(NotificationWorker).runDue();

  it('lists the office’s active topics in order; 404 for an unknown office', async () => {
    const res = await t.http.get(`/api/v1/offices/${officeId}/request-topics`).expect(200);
    expect(res.body).toEqual([
      { id: topicId, name: 'Licencias de conducir', nameEn: 'Licencias de conducir (en)' },
      { id: expect.any(String), name: 'Permisos de circulación', nameEn: 'Permisos de circulación (en)' },
    ]);
    const missing = await t.http.get('/api/v1/offices/00000000-0000-4000-8000-000000000000/request-topics').expect(404);
    expect(missing.body.error).toBe('OFFICE_NOT_FOUND');
  });

  it('files each kind with its deadline in working days (weekends and 8 December skipped), an event and the confirmation queued', async () => {
    const who = person();
    const filed = await file(complaint(who)).expect(201);
    expect(filed.body).toEqual({ code: expect.stringMatching(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/), status: 'received', dueDate: '2026-12-23' });
    const request = await t.http.post('/api/v1/requests').send({ officeId, kind: 'request', topicId, description: '¿Qué documentos necesito?', contact: { phone: '9 8600 0999' } }).expect(201);
    expect(request.body.dueDate).toBe('2026-12-16');
    const suggestion = await file({ officeId, kind: 'suggestion', topicId, description: 'Más bancas en la sala de espera.' }).expect(201);
    const commendation = await file({ officeId, kind: 'commendation', topicId, description: 'Excelente atención de la funcionaria del módulo 3.' }).expect(201);
    expect([suggestion.body.dueDate, commendation.body.dueDate]).toEqual(['2026-12-16', '2026-12-16']);

    const [row] = (await t.db.query(
      `SELECT kind::text, status::text, channel::text, contact_email, contact_phone, contact_document, contact_name, deadline_days, sms_consent FROM requests WHERE code = $1`,
      [filed.body.code],
    )) as Record<string, unknown>[];
    expect(row).toEqual({
      kind: 'complaint',
      status: 'received',
      channel: 'web',
      contact_email: who.email,
      contact_phone: who.phone,
      contact_document: who.normalized,
      contact_name: who.fullName,
      deadline_days: 15,
      sms_consent: false,
    });
    const events = (await t.db.query(`SELECT e.type, e.actor FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.code = $1`, [filed.body.code])) as object[];
    expect(events).toEqual([{ type: 'filed', actor: 'applicant' }]);
    // Email only: no SMS without consent, and the anonymous ones send nothing.
    const queued = (await t.db.query(
      `SELECT r.code, n.kind, n.channel::text AS channel FROM notifications n JOIN requests r ON r.id = n.request_id WHERE r.code = ANY($1) ORDER BY r.code, n.channel`,
      [[filed.body.code, request.body.code, suggestion.body.code, commendation.body.code]],
    )) as { code: string; kind: string; channel: string }[];
    expect(queued).toEqual([{ code: filed.body.code, kind: 'request_received', channel: 'email' }]);
  });

  it('sends the confirmation email: the code in the subject, the due date in words, a link with the code only', async () => {
    const who = person();
    const filed = await file(complaint(who)).expect(201);
    await sendDue();
    const mail = receiver.messages.find((m) => m.to.includes(who.email));
    expect(mail).toBeDefined();
    expect(mail!.subject).toContain(filed.body.code);
    expect(mail!.subject).toContain('Recibimos su reclamo');
    expect(mail!.text).toContain('miércoles, 23 de diciembre de 2026');
    expect(mail!.text).toMatch(/Wednesday,? 23 December 2026/);
    expect(mail!.html).toContain(`${PUBLIC_URL}/solicitud/${filed.body.code}`);
    const links = [...(mail!.html + mail!.text).matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      for (const secret of [who.email, encodeURIComponent(who.email), who.phone, who.fullName, who.normalized, 'reclamo.', 'Ignacia']) expect(link).not.toContain(secret);
    }
    // The description never travels in the confirmation.
    expect(mail!.text).not.toContain('tres semanas');
    const status = (await t.db.query(`SELECT n.status::text FROM notifications n JOIN requests r ON r.id = n.request_id WHERE r.code = $1`, [filed.body.code])) as { status: string }[];
    expect(status).toEqual([{ status: 'sent' }]);
  });

  it('refuses an anonymous complaint or request (CONTACT_REQUIRED), a foreign or inactive topic, and stores nothing', async () => {
    const before = await counts();
    const anonymous = await file({ officeId, kind: 'complaint', topicId, description: 'Sin contacto.' }).expect(400);
    expect(anonymous.body).toMatchObject({ error: 'CONTACT_REQUIRED', details: [{ field: 'contact' }] });
    await file({ officeId, kind: 'request', topicId, description: 'Sin contacto.', contact: { fullName: 'Alguien Anónimo' } }).expect(400);
    const foreign = await file(complaint(person(), { topicId: otherTopicId })).expect(400);
    expect(foreign.body.details).toEqual([{ field: 'topicId', messages: [expect.any(String)] }]);
    const inactive = ((await t.db.query(`SELECT id FROM request_topics WHERE name = 'Tema antiguo'`)) as { id: string }[])[0]!.id;
    await file(complaint(person(), { topicId: inactive })).expect(400);
    const long = await file(complaint(person(), { description: 'x'.repeat(5001) })).expect(400);
    expect(long.body.details[0].field).toBe('description');
    const badEmail = await file(complaint(person(), { contact: { email: 'no-es-correo' } })).expect(400);
    expect(badEmail.body.details[0].field).toBe('contact.email');
    expect(await counts()).toEqual(before);
  });

  it('takes files by multipart: a PNG named .pdf is stored as a PNG; a text file named .pdf is 415; 6 MB is 413; a 4th file is 400; nothing stored when refused', async () => {
    const who = person();
    const form = () =>
      t.http
        .post('/api/v1/requests')
        .field('officeId', officeId)
        .field('kind', 'complaint')
        .field('topicId', topicId)
        .field('description', 'Adjunto la foto del comprobante.')
        .field('contact.email', who.email)
        .field('contact.phone', who.phone)
        .field('contact.smsConsent', 'true');
    const before = await counts();
    const text = await form().attach('attachments', Buffer.from('esto no es un PDF, es texto plano\n'), { filename: 'comprobante.pdf', contentType: 'application/pdf' }).expect(415);
    expect(text.body).toMatchObject({ error: 'UNSUPPORTED_ATTACHMENT', details: [{ field: 'attachments.0' }] });
    const big = Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    const tooBig = await form().attach('attachments', big, 'grande.pdf').expect(413);
    expect(tooBig.body.error).toBe('PAYLOAD_TOO_LARGE');
    const four = await form()
      .attach('attachments', PNG, 'a.png')
      .attach('attachments', JPEG, 'b.jpg')
      .attach('attachments', PDF, 'c.pdf')
      .attach('attachments', PNG, 'd.png')
      .expect(400);
    expect(four.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'attachments' }] });
    const wrongField = await form().attach('foto', PNG, 'a.png').expect(400);
    expect(wrongField.body.details[0].field).toBe('foto');
    const invalid = await t.http.post('/api/v1/requests').field('officeId', officeId).field('kind', 'queja').attach('attachments', PNG, 'a.png').expect(400);
    expect((invalid.body.details as { field: string }[]).map((d) => d.field)).toEqual(expect.arrayContaining(['kind', 'topicId', 'description']));
    expect(await counts()).toEqual(before);

    const filed = await form().attach('attachments', PNG, 'C:\\fotos\\comprobante.pdf').attach('attachments', JPEG, 'boleta.jpg').attach('attachments', PDF, 'carta final.PDF').expect(201);
    const stored = (await t.db.query(
      `SELECT a.file_name, a.media_type, a.size, a.event_id FROM request_attachments a JOIN requests r ON r.id = a.request_id WHERE r.code = $1 ORDER BY a.created_at, a.file_name`,
      [filed.body.code],
    )) as object[];
    expect(stored).toEqual(
      expect.arrayContaining([
        { file_name: 'comprobante.png', media_type: 'image/png', size: PNG.length, event_id: null },
        { file_name: 'boleta.jpg', media_type: 'image/jpeg', size: JPEG.length, event_id: null },
        { file_name: 'carta final.pdf', media_type: 'application/pdf', size: PDF.length, event_id: null },
      ]),
    );
    // With a phone and consent: email and SMS.
    const channels = (await t.db.query(`SELECT n.channel::text AS channel FROM notifications n JOIN requests r ON r.id = n.request_id WHERE r.code = $1 ORDER BY 1`, [filed.body.code])) as object[];
    expect(channels).toEqual([{ channel: 'email' }, { channel: 'sms' }]);
    await sendDue();
    const sms = provider.requests.filter((r) => r.form.To === who.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.form.Body).toContain(`recibimos su reclamo ${filed.body.code as string}`);
    expect(sms[0]!.form.Body).toContain(`${PUBLIC_URL}/solicitud/${filed.body.code as string}`);
    expect(sms[0]!.form.Body).not.toContain('comprobante');

    // The bearer of code and contact downloads a file: attachment, its sniffed type, nosniff.
    const detail = await lookup(filed.body.code, who.phone.replace('+56', '')).expect(200);
    const png = (detail.body.attachments as { id: string; fileName: string }[]).find((a) => a.fileName === 'comprobante.png')!;
    const download = await t.http
      .post('/api/v1/requests/attachment')
      .send({ code: filed.body.code, contact: who.email, attachmentId: png.id })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="comprobante.png"; filename*=UTF-8''comprobante.png`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, PNG)).toBe(0);
    await t.http.post('/api/v1/requests/attachment').send({ code: filed.body.code, contact: 'otro@example.cl', attachmentId: png.id }).expect(404);
  });

  it('GET /requests/{code}: public fields only; lookup with the contact gives the whole request; 404 for another contact or code', async () => {
    const who = person();
    const filed = await file(complaint(who)).expect(201);
    const summary = await t.http.get(`/api/v1/requests/${filed.body.code.toLowerCase()}`).expect(200);
    expect(summary.body).toEqual({
      code: filed.body.code,
      kind: 'complaint',
      topic: { id: topicId, name: 'Licencias de conducir', nameEn: 'Licencias de conducir (en)' },
      status: 'received',
      filedAt: expect.stringMatching(/^2026-12-01T09:0\d:\d\d(\.\d+)?-03:00$/),
      dueDate: '2026-12-23',
      answeredAt: null,
      officeId,
      officeName: 'Municipalidad de Iquique',
      timeZone: 'America/Santiago',
    });
    const whole = await lookup(filed.body.code, who.email.toUpperCase()).expect(200);
    expect(whole.body).toMatchObject({
      code: filed.body.code,
      description: 'Llevo tres semanas esperando la licencia y nadie contesta el teléfono.',
      answer: null,
      events: [{ type: 'filed', actor: 'applicant', text: null, attachments: [] }],
      attachments: [],
      rating: null,
      canReply: false,
      canRate: false,
    });
    await lookup(filed.body.code, '+56 9 1111 1111').expect(404);
    await t.http.get('/api/v1/requests/AAAAAAAAAA').expect(404);
    const unknown = await lookup('AAAAAAAAAA', who.email).expect(404);
    const wrong = await lookup(filed.body.code, 'otra@example.cl').expect(404);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('locks lookups of a code after 10 wrong contacts, for 15 minutes, even with the right one', async () => {
    const who = person();
    const filed = await file(complaint(who)).expect(201);
    for (let i = 0; i < 10; i++) await lookup(filed.body.code, `intruso${i}@example.cl`).expect(404);
    const locked = await lookup(filed.body.code, who.email).expect(429);
    expect(locked.body.error).toBe('LOOKUP_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    await t.http.post('/api/v1/requests/reply').send({ code: filed.body.code, contact: who.email, text: 'Hola' }).expect(429);
    // The lock runs out: the right contact opens it again and the count starts over.
    await t.db.query(`UPDATE requests SET lookup_locked_until = '2026-12-01T08:59:00-03:00' WHERE code = $1`, [filed.body.code]);
    await lookup(filed.body.code, who.email).expect(200);
    const [row] = (await t.db.query(`SELECT lookup_failures, lookup_locked_until FROM requests WHERE code = $1`, [filed.body.code])) as object[];
    expect(row).toEqual({ lookup_failures: 0, lookup_locked_until: null });
  });

  it('a reply while the office waits resumes the request and moves the due date by the working days of the pause', async () => {
    const who = person();
    const filed = await file({ ...complaint(who), kind: 'request' }).expect(201);
    expect(filed.body.dueDate).toBe('2026-12-16');
    // Staff asked on Thursday 26 November (the staff API's step, written here): paused since.
    await t.db.query(`UPDATE requests SET status = 'waiting', waiting_since = '2026-11-26T10:00:00-03:00' WHERE code = $1`, [filed.body.code]);
    const replied = await t.http
      .post('/api/v1/requests/reply')
      .field('code', filed.body.code)
      .field('contact', who.email)
      .field('text', 'Adjunto el certificado que pidieron.')
      .attach('attachments', PDF, 'certificado.pdf')
      .expect(200);
    // 27 and 30 November and 1 December: 3 working days → 16 December + 3 = 21 December.
    expect(replied.body).toMatchObject({ code: filed.body.code, status: 'in_progress', dueDate: '2026-12-21' });
    const [row] = (await t.db.query(`SELECT paused_working_days, waiting_since FROM requests WHERE code = $1`, [filed.body.code])) as object[];
    expect(row).toEqual({ paused_working_days: 3, waiting_since: null });
    const detail = await lookup(filed.body.code, who.email).expect(200);
    const reply = (detail.body.events as { type: string; text: string; attachments: { fileName: string }[] }[]).find((e) => e.type === 'replied')!;
    expect(reply.text).toBe('Adjunto el certificado que pidieron.');
    expect(reply.attachments.map((a) => a.fileName)).toEqual(['certificado.pdf']);
    // Not waiting any more: nothing to reply to.
    const again = await t.http.post('/api/v1/requests/reply').send({ code: filed.body.code, contact: who.email, text: 'Otra vez' }).expect(409);
    expect(again.body.error).toBe('INVALID_TRANSITION');
  });

  it('a reply within 10 working days of the answer reopens it with a new deadline; after that 409', async () => {
    const who = person();
    const recent = await file(complaint(who)).expect(201);
    const old = await file(complaint(who)).expect(201);
    // Answered on Tuesday 17 November (10 working days before today) and on Monday 16 November (11).
    await t.db.query(`UPDATE requests SET status = 'answered', answer = 'Su licencia está lista.', answered_at = '2026-11-17T12:00:00-03:00' WHERE code = $1`, [recent.body.code]);
    await t.db.query(`UPDATE requests SET status = 'closed', answer = 'Su licencia está lista.', answered_at = '2026-11-16T12:00:00-03:00', closed_at = '2026-11-20T12:00:00-03:00' WHERE code = $1`, [
      old.body.code,
    ]);
    expect((await lookup(recent.body.code, who.email).expect(200)).body).toMatchObject({ canReply: true, canRate: true, answer: 'Su licencia está lista.' });
    expect((await lookup(old.body.code, who.email).expect(200)).body).toMatchObject({ canReply: false, canRate: true });

    const reopened = await t.http.post('/api/v1/requests/reply').send({ code: recent.body.code, contact: who.phone, text: 'No está lista, fui ayer.' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', dueDate: '2026-12-23' });
    const [row] = (await t.db.query(`SELECT reopened_count, deadline_days, paused_working_days FROM requests WHERE code = $1`, [recent.body.code])) as object[];
    expect(row).toEqual({ reopened_count: 1, deadline_days: 15, paused_working_days: 0 });
    const types = ((await lookup(recent.body.code, who.email).expect(200)).body.events as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['filed', 'replied', 'reopened']);

    const late = await t.http.post('/api/v1/requests/reply').send({ code: old.body.code, contact: who.email, text: 'Tarde' }).expect(409);
    expect(late.body.error).toBe('INVALID_TRANSITION');
    expect(((await t.db.query(`SELECT status::text FROM requests WHERE code = $1`, [old.body.code])) as { status: string }[])[0]!.status).toBe('closed');
  });

  it('rates an answered request once; not before the answer', async () => {
    const who = person();
    const filed = await file(complaint(who)).expect(201);
    const early = await t.http.post('/api/v1/requests/rate').send({ code: filed.body.code, contact: who.email, rating: 4 }).expect(409);
    expect(early.body.error).toBe('INVALID_TRANSITION');
    await t.db.query(`UPDATE requests SET status = 'answered', answer = 'Listo.', answered_at = '2026-11-30T12:00:00-03:00' WHERE code = $1`, [filed.body.code]);
    await t.http.post('/api/v1/requests/rate').send({ code: filed.body.code, contact: who.email, rating: 6 }).expect(400);
    const rated = await t.http.post('/api/v1/requests/rate').send({ code: filed.body.code, contact: who.email, rating: 4, comment: 'Rápido.' }).expect(200);
    expect(rated.body).toEqual({ rating: 4 });
    const twice = await t.http.post('/api/v1/requests/rate').send({ code: filed.body.code, contact: who.email, rating: 1 }).expect(409);
    expect(twice.body.error).toBe('SURVEY_ALREADY_ANSWERED');
    const [row] = (await t.db.query(`SELECT rating, rated_at IS NOT NULL AS rated FROM requests WHERE code = $1`, [filed.body.code])) as object[];
    expect(row).toEqual({ rating: 4, rated: true });
    expect((await lookup(filed.body.code, who.email).expect(200)).body).toMatchObject({ rating: 4, canRate: false });
  });

  it('refuses multipart on any other route (415)', async () => {
    const res = await t.http.post('/api/v1/requests/lookup').field('code', 'AAAAAAAAAA').field('contact', 'a@example.cl').expect(415);
    expect(res.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
