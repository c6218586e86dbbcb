import { generateTrackingCode } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../tickets/ticket.entity.js';
import { DESK_DAY, DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { plainComment } from './surveys.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW_MS = Date.parse(DESK_NOW);

describe('satisfaction surveys', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let officeId: string;
  let serviceId: string;
  let supervisor: string;

  /** A ticket in the state given, completed `completedAgoMs` before the clock's start when done. */
  const ticket = (fields: Partial<Ticket> = {}, completedAgoMs = HOUR) =>
    f.ticket(officeId, serviceId, '09:00', {
      status: 'done',
      calledAt: new Date(NOW_MS - completedAgoMs - 20 * 60_000),
      startedAt: new Date(NOW_MS - completedAgoMs - 15 * 60_000),
      completedAt: new Date(NOW_MS - completedAgoMs),
      trackingCode: generateTrackingCode(),
      ...fields,
    });
  const answer = (trackingCode: string, body: unknown, app = t) => app.http.post(`/api/v1/turns/${trackingCode}/survey`).send(body as object);
  const answersOf = (ticketId: string) => t.db.query(`SELECT rating, comment FROM survey_answers WHERE ticket_id = $1`, [ticketId]);

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    f = deskFixtures(t);
    officeId = (await f.office({ name: 'Oficina de encuestas' })).id;
    serviceId = (await f.service(officeId, 'S', { name: 'Trámite con encuesta' })).id;
    supervisor = (await f.staff('supervisor', officeId)).auth;
  });
  afterAll(() => t.close());

  it('takes one rating per completed ticket: 201, then 409 SURVEY_ALREADY_ANSWERED; the turn page stops asking', async () => {
    const done = await ticket();
    expect((await t.http.get(`/api/v1/turns/${done.trackingCode}`).expect(200)).body.canAnswerSurvey).toBe(true);

    const first = await answer(done.trackingCode, { rating: 4, comment: '  Muy buena atención.  ' }).expect(201);
    expect(first.body).toEqual({ number: done.number, rating: 4, comment: 'Muy buena atención.', answeredAt: expect.stringMatching(/^2026-06-17T11:00:\d\d(\.\d+)?-04:00$/) });
    expect(await answersOf(done.id)).toEqual([{ rating: 4, comment: 'Muy buena atención.' }]);

    const second = await answer(done.trackingCode, { rating: 1 }).expect(409);
    expect(second.body).toMatchObject({ statusCode: 409, error: 'SURVEY_ALREADY_ANSWERED' });
    expect(await answersOf(done.id)).toEqual([{ rating: 4, comment: 'Muy buena atención.' }]);
    expect((await t.http.get(`/api/v1/turns/${done.trackingCode}`).expect(200)).body.canAnswerSurvey).toBe(false);
  });

  it('stores exactly one of 10 simultaneous answers (one 201, nine 409)', async () => {
    const done = await ticket();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => answer(done.trackingCode, { rating: (i % 5) + 1 })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.error === 'SURVEY_ALREADY_ANSWERED')).toBe(true);
    const stored = await answersOf(done.id);
    expect(stored).toHaveLength(1);
    expect(stored[0].rating).toBe(responses.find((r) => r.status === 201)!.body.rating);
  });

  it.each([
    ['no rating', {}, ['rating']],
    ['a rating of 0', { rating: 0 }, ['rating']],
    ['a rating of 6', { rating: 6 }, ['rating']],
    ['a fractional rating', { rating: 3.5 }, ['rating']],
    ['a rating as text', { rating: '5' }, ['rating']],
    ['a comment of 1,001 characters', { rating: 5, comment: 'a'.repeat(1001) }, ['comment']],
    ['a comment that is not text', { rating: 5, comment: 42 }, ['comment']],
    ['an unknown field', { rating: 5, name: 'Juan Pérez' }, ['name']],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_, body, fields) => {
    const done = await ticket();
    const response = await answer(done.trackingCode, body).expect(400);
    expect(response.body.error).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
    expect(await answersOf(done.id)).toEqual([]);
  });

  it('accepts a comment of exactly 1,000 characters and keeps markup as plain text', async () => {
    const long = await ticket();
    await answer(long.trackingCode, { rating: 3, comment: 'é'.repeat(1000) }).expect(201);
    const markup = await ticket();
    const text = '<script>alert(1)</script> =HYPERLINK("x")';
    expect((await answer(markup.trackingCode, { rating: 2, comment: text }).expect(201)).body.comment).toBe(text);
    expect(await answersOf(markup.id)).toEqual([{ rating: 2, comment: text }]);
  });

  it('cleans a comment: line breaks kept, control and direction-override characters removed, empty is none', () => {
    expect(plainComment('a\r\nb\u0000c\u202Ed\u0007')).toBe('a\nbcd');
    expect(plainComment('   \n ')).toBeNull();
    expect(plainComment(undefined)).toBeNull();
  });

  it.each([
    ['waiting', { status: 'waiting' as const, calledAt: null, startedAt: null, completedAt: null }],
    ['being served', { status: 'serving' as const, completedAt: null }],
    ['a no-show', { status: 'no_show' as const, startedAt: null }],
    ['closed unserved', { status: 'cancelled' as const, calledAt: null, startedAt: null }],
  ])('refuses a ticket %s with 409 SURVEY_NOT_AVAILABLE', async (_, fields) => {
    const other = await ticket(fields);
    expect((await answer(other.trackingCode, { rating: 5 }).expect(409)).body.error).toBe('SURVEY_NOT_AVAILABLE');
    expect((await t.http.get(`/api/v1/turns/${other.trackingCode}`).expect(200)).body.canAnswerSurvey).toBe(false);
    expect(await answersOf(other.id)).toEqual([]);
  });

  it('is open for 7 days after completion, by the clock: 409 SURVEY_EXPIRED after', async () => {
    const lastHour = await ticket({}, 7 * DAY - HOUR);
    const expired = await ticket({}, 7 * DAY + HOUR);
    expect((await t.http.get(`/api/v1/turns/${expired.trackingCode}`).expect(200)).body.canAnswerSurvey).toBe(false);
    expect((await answer(expired.trackingCode, { rating: 5 }).expect(409)).body.error).toBe('SURVEY_EXPIRED');
    expect((await t.http.get(`/api/v1/turns/${lastHour.trackingCode}`).expect(200)).body.canAnswerSurvey).toBe(true);
    await answer(lastHour.trackingCode, { rating: 5 }).expect(201);

    // The same ticket, answered by an instance whose clock stands two hours later: too late.
    const later = await attachTestApp(t.databaseUrl, { FAKE_NOW: new Date(NOW_MS + 2 * HOUR).toISOString() });
    try {
      const edge = await ticket({}, 7 * DAY - HOUR);
      expect((await answer(edge.trackingCode, { rating: 5 }, later).expect(409)).body.error).toBe('SURVEY_EXPIRED');
    } finally {
      await later.close();
    }
  });

  it('answers 404 TICKET_NOT_FOUND for an unknown or malformed tracking code', async () => {
    expect((await answer(generateTrackingCode(), { rating: 5 }).expect(404)).body.error).toBe('TICKET_NOT_FOUND');
    await answer('not-a-code', { rating: 5 }).expect(404);
  });

  it('replays the first answer for a retry with the same Idempotency-Key', async () => {
    const done = await ticket();
    const send = (body: object) => t.http.post(`/api/v1/turns/${done.trackingCode}/survey`).set('Idempotency-Key', `survey-${done.id}`).send(body);
    const first = await send({ rating: 5 }).expect(201);
    const retry = await send({ rating: 5 }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await send({ rating: 1 }).expect(422)).body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await answersOf(done.id)).toEqual([{ rating: 5, comment: null }]);
  });

  it('is rate-limited per client address (30 a minute)', async () => {
    const limited = await attachTestApp(t.databaseUrl, { FAKE_NOW: DESK_NOW, RATE_LIMIT_PER_MINUTE: '120' });
    try {
      const code = generateTrackingCode();
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await answer(code, { rating: 5 }, limited)).status);
      expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
      expect(statuses[30]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  describe('comments for the supervisor', () => {
    let otherOffice: string;
    beforeAll(async () => {
      otherOffice = (await f.office()).id;
      const rated = await ticket({ number: 'S-077', localDate: DESK_DAY });
      await answer(rated.trackingCode, { rating: 2, comment: 'Demasiada espera.' }).expect(201);
      const silent = await ticket();
      await answer(silent.trackingCode, { rating: 5 }).expect(201);
    });

    const comments = (officeId_: string, auth?: string, query = `from=${DESK_DAY}&to=${DESK_DAY}`) => {
      const request = t.http.get(`/api/v1/offices/${officeId_}/survey-comments?${query}`);
      return auth ? request.set('Authorization', auth) : request;
    };

    it('lists comments with the ticket number, service, day and rating only, newest first', async () => {
      const response = await comments(officeId, supervisor).expect(200);
      expect(response.body.total).toBeGreaterThanOrEqual(3);
      expect(response.body.items.length).toBe(response.body.total);
      const mine = response.body.items.find((c: { number: string }) => c.number === 'S-077');
      expect(mine).toEqual({
        number: 'S-077',
        serviceId,
        serviceName: 'Trámite con encuesta',
        date: DESK_DAY,
        rating: 2,
        comment: 'Demasiada espera.',
        answeredAt: expect.stringMatching(/-04:00$/),
      });
      for (const item of response.body.items) expect(Object.keys(item).sort()).toEqual(['answeredAt', 'comment', 'date', 'number', 'rating', 'serviceId', 'serviceName']);
      const answered = response.body.items.map((c: { answeredAt: string }) => Date.parse(c.answeredAt));
      expect(answered).toEqual([...answered].sort((a, b) => b - a));
      const page = await comments(officeId, supervisor, `from=${DESK_DAY}&to=${DESK_DAY}&limit=1&offset=1`).expect(200);
      expect(page.body).toEqual({ total: response.body.total, items: [response.body.items[1]] });
      expect((await comments(officeId, supervisor, 'from=2026-06-18&to=2026-06-30').expect(200)).body).toEqual({ total: 0, items: [] });
    });

    it('keeps them to the office’s supervisor and admins', async () => {
      await comments(officeId).expect(401);
      expect((await comments(officeId, (await f.staff('agent', officeId)).auth).expect(403)).body.error).toBe('FORBIDDEN');
      expect((await comments(officeId, (await f.staff('supervisor', otherOffice)).auth).expect(403)).body.error).toBe('FORBIDDEN');
      await comments(officeId, (await f.staff('admin', null)).auth).expect(200);
    });

    it('refuses bad ranges and pages with 400 naming the field', async () => {
      const fieldOf = async (query: string) => (await comments(officeId, supervisor, query).expect(400)).body.details.map((d: { field: string }) => d.field);
      expect(await fieldOf('from=2026-06-31&to=2026-07-01')).toEqual(['from']);
      expect(await fieldOf('from=2026-06-17')).toEqual(['to']);
      expect(await fieldOf('from=2026-06-17&to=2026-06-16')).toEqual(['to']);
      expect(await fieldOf('from=2025-01-01&to=2026-06-17')).toEqual(['to']);
      expect(await fieldOf(`from=${DESK_DAY}&to=${DESK_DAY}&limit=0`)).toEqual(['limit']);
      expect(await fieldOf(`from=${DESK_DAY}&to=${DESK_DAY}&limit=abc`)).toEqual(['limit']);
    });
  });
});
