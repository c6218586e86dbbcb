import { addDays, rutFromBody, slotMatchesWishes, waitlistSlotFacts, type WaitlistWishes } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { PersonalDataRetentionJob } from '../retention/personal-data-retention.job.js';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { stoppedClock } from '../testing/visit-fixtures.js';
import { WaitlistTicker } from './waitlist-ticker.js';
import { WaitlistService } from './waitlist.service.js';
import { offerSeat } from './waitlist-hand-off.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const rut = (n: number) => rutFromBody(20_000_000 + n);
const person = (n: number, fields: Record<string, unknown> = {}) => ({
  documentType: 'RUT',
  documentNumber: rut(n).formatted,
  fullName: `Persona ${n}`,
  email: `espera.${n}@example.cl`,
  ...fields,
});

/**
 * The waitlist (issue #18) on real PostgreSQL, two API instances on one database, the in-process
 * SMTP receiver: freed seats go to the first matching people in order of joining, held seats count
 * in the ledger exactly like bookings (never an overbooking), expiries and declines hand seats on,
 * and the sweep offers seats freed by capacity or calendar changes.
 */
describe('the waitlist', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let second: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let officeId: string;
  const apps = () => [t, second];

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    const env = { FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl', ...provider.env };
    t = await startTestApp(env);
    second = await attachTestApp(t.databaseUrl, env);
    clock = stoppedClock([t, second], NOW);
    officeId = (await seeders(t.db).office({ openingHours: WEEKDAYS, address: 'Arturo Prat 350, La Serena', waitlistHoldMinutes: 30 })).id;
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const newService = async (fields: Record<string, unknown> = {}, office = officeId) =>
    (await seeders(t.db).service(office, { code: `W${Math.random().toString(36).slice(2, 6)}`, name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 1, ...fields })).id;
  const join = (body: Record<string, unknown>, http = t.http) => http.post('/api/v1/waitlist').send(body);
  const book = (serviceId: string, slotStart: string, applicant: Record<string, unknown>, http = t.http) =>
    http.post('/api/v1/bookings').send({ serviceId, slotStart, applicant });
  const tick = (app: TestApp) => app.app.get(WaitlistTicker).tick();

  /** Rows of the offers held now for a service. */
  const held = async (serviceId: string) =>
    (await t.db.query(
      `SELECT o.entry_id, e.seq::int AS seq, o.slot_start, o.cause FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
        WHERE o.service_id = $1 AND o.status = 'held' ORDER BY e.seq`,
      [serviceId],
    )) as { entry_id: string; seq: number; slot_start: Date; cause: string }[];

  /**
   * The ledger's invariant: for every slot and day of the service, confirmed bookings + held
   * offers == the counter's booked, and booked never exceeds the seats or the cap.
   */
  async function expectLedgerExact(serviceId: string): Promise<void> {
    const slots = (await t.db.query(
      `SELECT s.slot_start, s.seats, s.booked,
              (SELECT count(*)::int FROM bookings b WHERE b.service_id = s.service_id AND b.slot_start = s.slot_start AND b.status = 'confirmed')
            + (SELECT count(*)::int FROM waitlist_offers o WHERE o.service_id = s.service_id AND o.slot_start = s.slot_start AND o.status = 'held') AS used
         FROM slot_capacity s WHERE s.service_id = $1`,
      [serviceId],
    )) as { slot_start: Date; seats: number; booked: number; used: number }[];
    for (const slot of slots) {
      expect({ slot: slot.slot_start.toISOString(), booked: slot.booked }).toEqual({ slot: slot.slot_start.toISOString(), booked: slot.used });
      expect(slot.booked).toBeLessThanOrEqual(slot.seats);
    }
    const days = (await t.db.query(
      `SELECT d.local_date::text AS day, d.cap, d.booked,
              (SELECT count(*)::int FROM bookings b WHERE b.service_id = d.service_id AND b.local_date = d.local_date AND b.status = 'confirmed')
            + (SELECT count(*)::int FROM waitlist_offers o WHERE o.service_id = d.service_id AND o.local_date = d.local_date AND o.status = 'held') AS used
         FROM day_capacity d WHERE d.service_id = $1`,
      [serviceId],
    )) as { day: string; cap: number; booked: number; used: number }[];
    for (const day of days) {
      expect({ day: day.day, booked: day.booked }).toEqual({ day: day.day, booked: day.used });
      expect(day.booked).toBeLessThanOrEqual(day.cap);
    }
  }

  it('hands 50 seats cancelled at once on two instances to the first 50 matching people of 200, then re-offers expired holds in order, never overbooking', async () => {
    // An office open on Wednesdays 10:00–11:15 only: five slots of ten seats, all booked, so the
    // sweep (each tick runs it) finds no free seat and every offer comes from a freed one.
    const wednesdays = (await seeders(t.db).office({ openingHours: { 3: [{ start: '10:00', end: '11:15' }] }, waitlistHoldMinutes: 30 })).id;
    const serviceId = await newService({ seatsPerSlot: 10 }, wednesdays);
    const day = '2026-12-09'; // a Wednesday
    const slots = ['10:00', '10:15', '10:30', '10:45', '11:00'].map((hm) => `${day}T${hm}:00-03:00`);
    // 50 people booked (10 per slot), on both instances.
    const bookings: { code: string; document: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const applicant = person(1000 + i);
      const response = await book(serviceId, slots[i % 5]!, applicant, apps()[i % 2]!.http).expect(201);
      bookings.push({ code: response.body.code, document: applicant.documentNumber });
    }
    // 200 people wait; every fourth only on Mondays, which a Wednesday seat never matches.
    const matching: number[] = [];
    for (let i = 0; i < 200; i++) {
      const mondaysOnly = i % 4 === 3;
      const response = await join(
        { serviceId, from: day, to: day, ...(mondaysOnly ? { weekdays: [1] } : {}), applicant: person(2000 + i) },
        apps()[i % 2]!.http,
      ).expect(201);
      expect(response.body).toMatchObject({ status: 'waiting', serviceId, position: i });
      if (!mondaysOnly) matching.push(2000 + i);
    }
    const seqOf = async (n: number) =>
      Number(((await t.db.query(`SELECT seq FROM waitlist_entries WHERE service_id = $1 AND document_number = $2`, [serviceId, rut(n).normalized])) as { seq: string }[])[0]!.seq);
    const matchingSeqs = await Promise.all(matching.map(seqOf));

    // Phase 1: the 50 cancellations at once, spread over the two instances.
    const cancelled = await Promise.all(bookings.map((b, i) => apps()[i % 2]!.http.post(`/api/v1/bookings/${b.code}/cancel`).send({ documentNumber: b.document })));
    expect(cancelled.map((r) => r.status)).toEqual(Array(50).fill(200));
    let offers = await held(serviceId);
    expect(offers).toHaveLength(50);
    expect(new Set(offers.map((o) => o.entry_id)).size).toBe(50);
    expect(offers.map((o) => o.seq)).toEqual(matchingSeqs.slice(0, 50));
    expect(new Set(offers.map((o) => o.cause))).toEqual(new Set(['cancellation']));
    // Each cancelled seat went to one person: 10 holds per slot, and nobody else could book them.
    for (const slot of slots) expect(offers.filter((o) => o.slot_start.getTime() === Date.parse(slot))).toHaveLength(10);
    await expectLedgerExact(serviceId);
    await book(serviceId, slots[0]!, person(9000)).expect(409);

    // Phase 2: the first 20 confirm (both instances); the other 30 let their hold expire.
    const accepted = await Promise.all(
      matching.slice(0, 20).map((n, i) => {
        const entry = apps()[i % 2]!;
        return t.db
          .query(`SELECT code FROM waitlist_entries WHERE service_id = $1 AND document_number = $2`, [serviceId, rut(n).normalized])
          .then(([row]: { code: string }[]) => entry.http.post(`/api/v1/waitlist/${row.code}/accept`).send({ documentNumber: rut(n).formatted }));
      }),
    );
    expect(accepted.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(accepted.map((r) => r.body.code)).size).toBe(20);
    expect(accepted.every((r) => r.body.status === 'confirmed' && slots.includes(r.body.slotStart))).toBe(true);
    await expectLedgerExact(serviceId);
    expect(Number((await t.db.query(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND status = 'confirmed'`, [serviceId]))[0].n)).toBe(20);

    clock.advance({ minutes: 31 });
    const ticks = await Promise.all([tick(t), tick(second)]);
    expect(ticks[0].expired + ticks[1].expired).toBe(30);
    offers = await held(serviceId);
    expect(offers).toHaveLength(30);
    expect(new Set(offers.map((o) => o.entry_id)).size).toBe(30);
    // Back in line with their place kept: the 30 seats go to the people whose holds expired (each
    // seat to anyone but the person whose hold just expired) or to the next in line; those never
    // offered before get theirs strictly in order of joining.
    expect(offers.every((o) => matchingSeqs.slice(20, 80).includes(o.seq))).toBe(true);
    const fresh = offers.map((o) => o.seq).filter((seq) => seq >= matchingSeqs[50]!);
    expect(fresh).toEqual(matchingSeqs.slice(50, 50 + fresh.length));
    const missed = (await t.db.query(`SELECT count(*)::int n FROM waitlist_entries WHERE service_id = $1 AND misses = 1`, [serviceId]))[0].n;
    expect(missed).toBe(30);
    await expectLedgerExact(serviceId);

    // Phase 3: all 30 holds expire again: those on their second miss are removed, and the seats go on.
    clock.advance({ minutes: 31 });
    const again = await Promise.all([tick(second), tick(t)]);
    expect(again[0].expired + again[1].expired).toBe(30);
    offers = await held(serviceId);
    expect(offers).toHaveLength(30);
    const removed = (await t.db.query(`SELECT count(*)::int n FROM waitlist_entries WHERE service_id = $1 AND status = 'removed'`, [serviceId]))[0].n;
    expect(removed).toBeGreaterThan(0);
    // No removed person holds a seat, and the seats went to people in line in order: none waits ahead of any holder but those just expired.
    const holders = (await t.db.query(
      `SELECT e.status FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id WHERE o.service_id = $1 AND o.status = 'held'`,
      [serviceId],
    )) as { status: string }[];
    expect(holders.every((h) => h.status === 'offered')).toBe(true);
    await expectLedgerExact(serviceId);
    expect(Number((await t.db.query(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND status = 'confirmed'`, [serviceId]))[0].n)).toBe(20);
  }, 180_000);

  it('gives the last seat to exactly one of a sweep’s hold and a normal booking racing for it (five rounds)', async () => {
    const serviceId = await newService();
    const days = ['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18'];
    for (const [round, day] of days.entries()) {
      const slotStart = `${day}T08:30:00-03:00`;
      await join({ serviceId, from: day, to: day, applicant: person(3000 + round) }).expect(201);
      const [booking] = await Promise.all([book(serviceId, slotStart, person(3100 + round), t.http), tick(second)]);
      const [slot] = (await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, slotStart])) as { booked: number }[];
      expect(slot!.booked).toBe(1);
      const holds = (await t.db.query(`SELECT count(*)::int n FROM waitlist_offers WHERE service_id = $1 AND slot_start = $2 AND status = 'held'`, [serviceId, slotStart]))[0].n;
      expect((booking.status === 201 ? 1 : 0) + holds).toBe(1);
      if (booking.status !== 201) expect(booking.body.error).toBe('SLOT_FULL');
      // The person waiting was offered a seat either way (the next free slot when the booking won).
      expect(await held(serviceId)).toHaveLength(round + 1);
      await expectLedgerExact(serviceId);
    }
  }, 60_000);

  it('holds a cancelled seat for the waiting person, so a booking racing the cancellation never gets it', async () => {
    const serviceId = await newService();
    for (let round = 0; round < 3; round++) {
      const slotStart = `2026-12-21T${['08:30', '09:30', '10:30'][round]}:00-03:00`;
      const owner = person(3200 + round);
      const code = (await book(serviceId, slotStart, owner).expect(201)).body.code;
      await join({ serviceId, from: '2026-12-21', to: '2026-12-21', applicant: person(3300 + round) }).expect(201);
      const [cancel, racer] = await Promise.all([
        t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: owner.documentNumber }),
        book(serviceId, slotStart, person(3400 + round), second.http),
      ]);
      expect(cancel.status).toBe(200);
      expect(racer.status).toBe(409);
      const holds = (await t.db.query(`SELECT count(*)::int n FROM waitlist_offers WHERE service_id = $1 AND slot_start = $2 AND status = 'held'`, [serviceId, slotStart]))[0].n;
      expect(holds).toBe(1);
      await expectLedgerExact(serviceId);
    }
  });

  it('removes a person after two offers declined, and after two let expire, and tells them by email', async () => {
    clock.set(NOW);
    const worker = t.app.get(NotificationWorker);
    const serviceId = await newService();
    const day = '2026-12-22';
    // A seat freed for the person, and its message sent while it is held (as the worker would, within seconds).
    const offerTo = async (hm: string, n: number) => {
      const owner = person(n);
      const code = (await book(serviceId, `${day}T${hm}:00-03:00`, owner).expect(201)).body.code;
      await t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
      await worker.runDue();
    };

    // Declined twice.
    const decliner = person(3500);
    const entry = (await join({ serviceId, from: day, to: day, applicant: decliner }).expect(201)).body.code;
    await offerTo('09:00', 3501);
    let lookup = await t.http.post('/api/v1/waitlist/lookup').send({ code: entry, documentNumber: decliner.documentNumber }).expect(200);
    expect(lookup.body).toMatchObject({ status: 'offered', misses: 0, offer: { slotStart: `${day}T09:00:00-03:00`, expiresAt: '2026-12-01T09:30:00-03:00' } });
    const declined = await t.http.post(`/api/v1/waitlist/${entry}/decline`).send({ documentNumber: decliner.documentNumber }).expect(200);
    expect(declined.body).toMatchObject({ status: 'waiting', misses: 1, offer: null });
    // Nobody else waits: the declined seat is free for everyone again.
    expect((await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, `${day}T09:00:00-03:00`]))[0].booked).toBe(0);
    await offerTo('09:15', 3502);
    const removed = await t.http.post(`/api/v1/waitlist/${entry}/decline`).send({ documentNumber: decliner.documentNumber }).expect(200);
    expect(removed.body).toMatchObject({ status: 'removed', misses: 2, offer: null, position: 0 });
    await t.http.post(`/api/v1/waitlist/${entry}/decline`).send({ documentNumber: decliner.documentNumber }).expect(409);

    // Let expire twice.
    const sleeper = person(3600);
    const sleeperCode = (await join({ serviceId, from: day, to: day, applicant: sleeper }).expect(201)).body.code;
    await offerTo('09:30', 3601);
    clock.advance({ minutes: 31 });
    // The expiry alone (a tick would also sweep, and offer this person a free seat of the day at once).
    expect(await t.app.get(WaitlistService).expireDue()).toBeGreaterThanOrEqual(1);
    await worker.runDue();
    lookup = await t.http.post('/api/v1/waitlist/lookup').send({ code: sleeperCode, documentNumber: sleeper.documentNumber }).expect(200);
    expect(lookup.body).toMatchObject({ status: 'waiting', misses: 1, offer: null });
    await offerTo('09:45', 3602);
    clock.advance({ minutes: 31 });
    // Accepting after the hold's time: expired on the spot (the periodic task has not run), 409.
    const late = await t.http.post(`/api/v1/waitlist/${sleeperCode}/accept`).send({ documentNumber: sleeper.documentNumber }).expect(409);
    expect(late.body.error).toBe('OFFER_EXPIRED');
    // Recorded by the refusing request itself, not left for a later lookup or tick.
    expect(await held(serviceId)).toEqual([]);
    expect((await t.db.query(`SELECT status, misses FROM waitlist_entries WHERE code = $1`, [sleeperCode]))[0]).toEqual({ status: 'removed', misses: 2 });
    lookup = await t.http.post('/api/v1/waitlist/lookup').send({ code: sleeperCode, documentNumber: sleeper.documentNumber }).expect(200);
    expect(lookup.body).toMatchObject({ status: 'removed', misses: 2, offer: null });
    await expectLedgerExact(serviceId);

    await worker.runDue();
    const to = (address: string) => receiver.messages.filter((m) => m.to.includes(address));
    expect(to(decliner.email).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Lista de espera /),
      expect.stringMatching(/^Se liberó una hora/),
      expect.stringMatching(/^Se liberó una hora/),
      expect.stringMatching(/^Salió de la lista de espera/),
    ]);
    const sleeperMail = to(sleeper.email);
    expect(sleeperMail.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Lista de espera /),
      expect.stringMatching(/^Se liberó una hora/),
      expect.stringMatching(/^La hora reservada venció/),
      expect.stringMatching(/^Se liberó una hora/),
      expect.stringMatching(/^Salió de la lista de espera/),
    ]);
    expect(sleeperMail.at(-1)!.text).toContain('segunda hora que no se usa');
    expect(sleeperMail.every((m) => !m.text.includes(sleeper.fullName) && !m.text.includes(sleeper.documentNumber))).toBe(true);
  }, 60_000);

  it('sends the offer with the slot, the time it is held until and the link to confirm; confirming books it and confirms by email', async () => {
    clock.set(NOW);
    const worker = t.app.get(NotificationWorker);
    const serviceId = await newService();
    const day = '2026-12-23';
    const waiting = person(3700, { phone: '+56912345678' });
    const code = (await join({ serviceId, from: day, to: day, morningOnly: true, weekdays: [3], applicant: waiting }).expect(201)).body.code;
    const owner = person(3701);
    const booking = (await book(serviceId, `${day}T10:00:00-03:00`, owner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${booking}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
    await worker.runDue();
    const offer = receiver.messages.filter((m) => m.to.includes(waiting.email)).find((m) => m.subject.startsWith('Se liberó'))!;
    expect(offer.text).toContain(`https://turnos.example.cl/lista-espera/${code}`);
    expect(offer.text).toContain('10:00');
    expect(offer.text).toContain('hasta las 09:30');
    const accepted = await second.http.post(`/api/v1/waitlist/${code}/accept`).send({ documentNumber: waiting.documentNumber }).expect(201);
    expect(accepted.body).toMatchObject({ status: 'confirmed', serviceId, slotStart: `${day}T10:00:00-03:00`, partySize: 1 });
    // A retried accept answers with the same booking.
    const retried = await t.http.post(`/api/v1/waitlist/${code}/accept`).send({ documentNumber: waiting.documentNumber }).expect(201);
    expect(retried.body.code).toBe(accepted.body.code);
    const lookup = await t.http.post('/api/v1/waitlist/lookup').send({ code, documentNumber: waiting.documentNumber }).expect(200);
    expect(lookup.body).toMatchObject({ status: 'booked', bookingCode: accepted.body.code, offer: null, weekdays: [3], morningOnly: true });
    await t.http.post('/api/v1/bookings/lookup').send({ code: accepted.body.code, documentNumber: waiting.documentNumber }).expect(200);
    await worker.runDue();
    expect(receiver.messages.some((m) => m.to.includes(waiting.email) && m.subject.startsWith(`Reserva confirmada ${accepted.body.code}`))).toBe(true);
    await expectLedgerExact(serviceId);
  });

  it('tells a person who gave only a phone (with consent) by SMS: joined, and the offer with its link', async () => {
    clock.set(NOW);
    const serviceId = await newService();
    const phone = '+56987650001';
    const waiting = person(4500, { email: undefined, phone: '9 8765 0001', smsConsent: true });
    const code = (await join({ serviceId, from: '2026-12-30', to: '2026-12-30', applicant: waiting }).expect(201)).body.code;
    const owner = person(4501);
    const booking = (await book(serviceId, '2026-12-30T11:15:00-03:00', owner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${booking}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
    await t.app.get(NotificationWorker).runDue();
    const texts = provider.requests.filter((r) => r.form.To === phone).map((r) => r.form.Body!);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(`codigo ${code}`);
    expect(texts[1]).toContain('30/12 a las 11:15');
    expect(texts[1]).toContain(`https://turnos.example.cl/lista-espera/${code}`);
    expect(texts.every((text) => !text.includes(waiting.fullName as string))).toBe(true);
  });

  it('never hands on a held seat of a slot the office closed since: accept refuses it and it is released, not offered to the next', async () => {
    clock.set(NOW);
    const serviceId = await newService();
    const day = '2026-12-24';
    const first = person(4600);
    const then = person(4601);
    const firstCode = (await join({ serviceId, from: day, to: day, applicant: first }).expect(201)).body.code;
    const thenCode = (await join({ serviceId, from: day, to: day, applicant: then }).expect(201)).body.code;
    const owner = person(4602);
    const booking = (await book(serviceId, `${day}T12:00:00-03:00`, owner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${booking}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
    expect((await held(serviceId)).map((o) => o.slot_start)).toEqual([new Date(`${day}T15:00:00Z`)]);
    await t.db.query(`INSERT INTO office_closures (office_id, date, kind, reason) VALUES ($1, $2, 'closed', 'Nochebuena')`, [officeId, day]);
    const refused = await t.http.post(`/api/v1/waitlist/${firstCode}/accept`).send({ documentNumber: first.documentNumber }).expect(409);
    expect(refused.body.error).toBe('OFFER_EXPIRED');
    expect(await held(serviceId)).toEqual([]);
    expect((await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, `${day}T12:00:00-03:00`]))[0].booked).toBe(0);
    // The first keeps their place (no miss); the next was not offered the closed time.
    expect((await t.http.post('/api/v1/waitlist/lookup').send({ code: firstCode, documentNumber: first.documentNumber }).expect(200)).body).toMatchObject({ status: 'waiting', misses: 0 });
    expect((await t.http.post('/api/v1/waitlist/lookup').send({ code: thenCode, documentNumber: then.documentNumber }).expect(200)).body).toMatchObject({ status: 'waiting', offer: null });
    await expectLedgerExact(serviceId);
  });

  it('puts a person whose held time the office closed back in line at the next tick (no miss, seat released), and then offers them an open time', async () => {
    clock.set(NOW);
    const serviceId = await newService({ seatsPerSlot: 1 });
    const day = '2026-12-11';
    const waiting = person(4650);
    const code = (await join({ serviceId, from: day, to: day, applicant: waiting }).expect(201)).body.code;
    const owner = person(4651);
    const booking = (await book(serviceId, `${day}T12:00:00-03:00`, owner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${booking}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
    expect(await held(serviceId)).toHaveLength(1);
    // Closed from 11:00 to 13:00 only: the held 12:00 is gone, the morning stays open.
    await t.db.query(`INSERT INTO office_closures (office_id, date, kind, start_time, end_time, reason) VALUES ($1, $2, 'closed', '11:00', '13:00', 'Corte de luz')`, [officeId, day]);
    expect(await t.app.get(WaitlistService).releaseClosedHolds()).toBe(1);
    expect((await t.db.query(`SELECT status FROM waitlist_offers WHERE entry_id = (SELECT id FROM waitlist_entries WHERE code = $1)`, [code])).map((r: { status: string }) => r.status)).toEqual(['released']);
    expect((await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, `${day}T12:00:00-03:00`]))[0].booked).toBe(0);
    expect((await t.http.post('/api/v1/waitlist/lookup').send({ code, documentNumber: waiting.documentNumber }).expect(200)).body).toMatchObject({ status: 'waiting', misses: 0, offer: null });
    // A second look finds nothing more to release; the tick's sweep then offers an open time of the day.
    expect(await t.app.get(WaitlistService).releaseClosedHolds()).toBe(0);
    await tick(t);
    const offer = (await t.http.post('/api/v1/waitlist/lookup').send({ code, documentNumber: waiting.documentNumber }).expect(200)).body.offer;
    expect(offer).not.toBeNull();
    expect(Date.parse(offer.slotStart) < Date.parse(`${day}T11:00:00-03:00`) || Date.parse(offer.slotStart) >= Date.parse(`${day}T13:00:00-03:00`)).toBe(true);
    await expectLedgerExact(serviceId);
  });

  it('answers ALREADY_BOOKED to an accept by someone who booked another time meanwhile, and hands the seat to the next person', async () => {
    clock.set(NOW);
    const serviceId = await newService();
    const day = '2026-12-31';
    const first = person(4700);
    const then = person(4701);
    const firstCode = (await join({ serviceId, from: day, to: day, applicant: first }).expect(201)).body.code;
    const thenCode = (await join({ serviceId, from: day, to: day, applicant: then }).expect(201)).body.code;
    const owner = person(4702);
    const booking = (await book(serviceId, `${day}T08:30:00-03:00`, owner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${booking}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
    await book(serviceId, `${day}T13:00:00-03:00`, first).expect(201);
    const refused = await t.http.post(`/api/v1/waitlist/${firstCode}/accept`).send({ documentNumber: first.documentNumber }).expect(409);
    expect(refused.body.error).toBe('ALREADY_BOOKED');
    expect((await t.db.query(`SELECT status FROM waitlist_entries WHERE code = $1`, [firstCode]))[0].status).toBe('left');
    const next = await t.http.post('/api/v1/waitlist/lookup').send({ code: thenCode, documentNumber: then.documentNumber }).expect(200);
    expect(next.body).toMatchObject({ status: 'offered', offer: { slotStart: `${day}T08:30:00-03:00` } });
    await expectLedgerExact(serviceId);
  });

  it('picks in SQL exactly the entry the scheduling library matches first (200 random slots against 12 random wishes)', async () => {
    const serviceId = await newService();
    // mulberry32, seeded: the same draw every run.
    let state = 18;
    const random = (n: number) => {
      state = (state + 0x6d2b79f5) | 0;
      let x = Math.imul(state ^ (state >>> 15), 1 | state);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4_294_967_296) * n);
    };
    const days = Array.from({ length: 20 }, (_, i) => addDays('2026-12-02', i));
    const wishes: (WaitlistWishes & { id: string })[] = [];
    for (let i = 0; i < 12; i++) {
      const a = days[random(17)]!;
      const b = addDays(a, random(4));
      const weekdays = random(3) === 0 ? null : [...new Set(Array.from({ length: 1 + random(3) }, () => 1 + random(7)))].sort();
      const body = { serviceId, from: a < b ? a : b, to: a < b ? b : a, morningOnly: random(3) === 0, ...(weekdays ? { weekdays } : {}), applicant: person(4800 + i) };
      await join(body).expect(201);
      const [row] = (await t.db.query(`SELECT id FROM waitlist_entries WHERE service_id = $1 AND document_number = $2`, [serviceId, rut(4800 + i).normalized])) as { id: string }[];
      wishes.push({ id: row!.id, from: body.from, to: body.to, weekdays, morningOnly: body.morningOnly });
    }
    let matched = 0;
    const picks = new Set<string>();
    for (let n = 0; n < 200; n++) {
      // Any quarter hour of the days, in Santiago (summer time, UTC−3).
      const start = new Date(`${days[random(20)]!}T00:00:00-03:00`).getTime() + random(96) * 15 * 60_000;
      const facts = waitlistSlotFacts(start, 'America/Santiago');
      const expected = wishes.find((w) => slotMatchesWishes(w, facts))?.id ?? null;
      if (expected) {
        matched++;
        picks.add(expected);
      }
      const runner = t.db.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        const offer = await offerSeat(
          runner.manager,
          { serviceId, officeId, slotStart: new Date(start), slotEnd: new Date(start + 15 * 60_000), localDate: facts.localDate },
          { timeZone: 'America/Santiago', holdMinutes: 30, now: new Date('2026-12-01T12:00:00Z'), cause: 'sweep', channels: { email: false, sms: false } },
        );
        const picked = offer ? ((await runner.query(`SELECT entry_id FROM waitlist_offers WHERE id = $1`, [offer])) as { entry_id: string }[])[0]!.entry_id : null;
        expect({ slot: new Date(start).toISOString(), picked }).toEqual({ slot: new Date(start).toISOString(), picked: expected });
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }
    // Both outcomes were exercised: slots someone takes, and slots no one's wishes cover.
    expect(matched).toBeGreaterThan(20);
    expect(matched).toBeLessThan(180);
    expect(picks.size).toBeGreaterThan(3);
  });

  it('erases the personal data of entries whose range ended before the office’s retention, keeping the rest', async () => {
    const serviceId = await newService();
    const old = person(4900);
    const recent = person(4901);
    for (const [applicant, to] of [
      [old, '2026-01-15'],
      [recent, '2026-11-20'],
    ] as const) {
      await t.db.query(
        `INSERT INTO waitlist_entries (code, office_id, service_id, from_date, to_date, document_type, document_number, full_name, email, status, joined_at, ended_at)
         VALUES ($1, $2, $3, $4::date - 10, $4, 'RUT', $5, $6, $7, 'removed', $4, $4)`,
        [`RET-${to}`, officeId, serviceId, to, rut(Number(applicant.fullName.split(' ')[1])).normalized, applicant.fullName, applicant.email],
      );
    }
    await t.db.query(`UPDATE offices SET personal_data_retention_days = 180 WHERE id = $1`, [officeId]);
    await t.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData();
    const rows = (await t.db.query(`SELECT full_name, document_number, email, status FROM waitlist_entries WHERE service_id = $1 ORDER BY to_date`, [serviceId])) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ full_name: '', email: null, status: 'removed' });
    expect(String(rows[0]!.document_number)).toMatch(/^erased:/);
    expect(rows[1]).toMatchObject({ full_name: recent.fullName, email: recent.email, document_number: rut(4901).normalized });
  });

  it('refuses what it must: contact required, already waiting, already booked, bad ranges, wrong documents, unknown services', async () => {
    const serviceId = await newService();
    const noContact = await join({ serviceId, from: '2026-12-02', to: '2026-12-04', applicant: person(3800, { email: undefined }) }).expect(400);
    expect(noContact.body).toMatchObject({ error: 'CONTACT_REQUIRED', details: [{ field: 'applicant.email' }] });
    const first = await join({ serviceId, from: '2026-12-02', to: '2026-12-04', applicant: person(3801, { email: undefined, phone: '9 8765 4321' }) }).expect(201);
    const twice = await join({ serviceId, from: '2026-12-03', to: '2026-12-05', applicant: person(3801) }).expect(409);
    expect(twice.body.error).toBe('ALREADY_WAITING');
    await book(serviceId, '2026-12-03T09:00:00-03:00', person(3802)).expect(201);
    expect((await join({ serviceId, from: '2026-12-02', to: '2026-12-04', applicant: person(3802) }).expect(409)).body.error).toBe('ALREADY_BOOKED');
    const reversed = await join({ serviceId, from: '2026-12-05', to: '2026-12-04', applicant: person(3803) }).expect(400);
    expect(reversed.body).toMatchObject({ error: 'INVALID_DATE_RANGE', details: [{ field: 'from' }] });
    const past = await join({ serviceId, from: '2026-11-30', to: '2026-12-04', applicant: person(3803) }).expect(400);
    expect(past.body.details[0].field).toBe('from');
    const far = await join({ serviceId, from: '2026-12-02', to: '2027-02-01', applicant: person(3803) }).expect(400);
    expect(far.body).toMatchObject({ error: 'INVALID_DATE_RANGE', details: [{ field: 'to' }] });
    const badRut = await join({ serviceId, from: '2026-12-02', to: '2026-12-04', applicant: person(3803, { documentNumber: '12.345.678-0' }) }).expect(400);
    expect(badRut.body).toMatchObject({ error: 'INVALID_RUT', details: [{ field: 'applicant.documentNumber' }] });
    const badWeekdays = await join({ serviceId, from: '2026-12-02', to: '2026-12-04', weekdays: [0, 8], applicant: person(3803) }).expect(400);
    expect(badWeekdays.body.error).toBe('VALIDATION_FAILED');
    expect((await join({ serviceId: '00000000-0000-4000-8000-000000000000', from: '2026-12-02', to: '2026-12-04', applicant: person(3803) }).expect(404)).body.error).toBe(
      'SERVICE_NOT_FOUND',
    );

    const code = first.body.code as string;
    for (const path of ['lookup', `${code}/accept`, `${code}/decline`, `${code}/leave`]) {
      const response = await t.http.post(`/api/v1/waitlist/${path}`).send({ ...(path === 'lookup' ? { code } : {}), documentNumber: rut(3999).formatted });
      expect([path, response.status, response.body.error]).toEqual([path, 404, 'WAITLIST_ENTRY_NOT_FOUND']);
    }
    expect((await t.http.post(`/api/v1/waitlist/${code}/accept`).send({ documentNumber: rut(3801).formatted }).expect(409)).body.error).toBe('OFFER_EXPIRED');
    expect((await t.http.post('/api/v1/waitlist/lookup').send({ code, documentNumber: rut(3801).formatted }).expect(200)).body).toMatchObject({ status: 'waiting', position: 0 });
    await t.http.post(`/api/v1/waitlist/${code}/leave`).send({ documentNumber: rut(3801).formatted }).expect(200, { status: 'left' });
    // Gone from the line: joining again is allowed.
    await join({ serviceId, from: '2026-12-02', to: '2026-12-04', applicant: person(3801) }).expect(201);
  });

  it('offers nothing for a slot too close to hold (the seat is released), and a held seat is handed on when its person leaves', async () => {
    clock.set('2026-12-02T09:50:00-03:00'); // a Wednesday
    const serviceId = await newService({ bookingLeadMinutes: 0 });
    const soon = '2026-12-02T10:00:00-03:00'; // 10 minutes away: a hold of 5 at most
    const a = person(3900);
    const b = person(3901);
    const codeA = (await join({ serviceId, from: '2026-12-02', to: '2026-12-03', applicant: a }).expect(201)).body.code;
    const codeB = (await join({ serviceId, from: '2026-12-02', to: '2026-12-03', applicant: b }).expect(201)).body.code;
    const owner = person(3902);
    const soonCode = (await book(serviceId, soon, owner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${soonCode}/cancel`).send({ documentNumber: owner.documentNumber }).expect(200);
    expect(await held(serviceId)).toHaveLength(0);
    expect((await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, soon]))[0].booked).toBe(0);
    await book(serviceId, soon, person(3903)).expect(201);

    const later = '2026-12-03T11:00:00-03:00';
    const laterOwner = person(3904);
    const laterCode = (await book(serviceId, later, laterOwner).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${laterCode}/cancel`).send({ documentNumber: laterOwner.documentNumber }).expect(200);
    expect((await t.http.post('/api/v1/waitlist/lookup').send({ code: codeA, documentNumber: a.documentNumber }).expect(200)).body.status).toBe('offered');
    await t.http.post(`/api/v1/waitlist/${codeA}/leave`).send({ documentNumber: a.documentNumber }).expect(200);
    const next = await t.http.post('/api/v1/waitlist/lookup').send({ code: codeB, documentNumber: b.documentNumber }).expect(200);
    expect(next.body).toMatchObject({ status: 'offered', offer: { slotStart: later } });
    await expectLedgerExact(serviceId);
    // Past the hold, a lookup expires it on the spot (no tick ran): the page never shows a stale hold.
    clock.advance({ minutes: 31 });
    const lapsed = await second.http.post('/api/v1/waitlist/lookup').send({ code: codeB, documentNumber: b.documentNumber }).expect(200);
    expect(lapsed.body).toMatchObject({ status: 'waiting', misses: 1, offer: null, position: 0 });
    expect((await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, later]))[0].booked).toBe(0);
    await expectLedgerExact(serviceId);
    clock.set(NOW);
  });

  it('hands a rescheduled seat on (cause reschedule), passing over a person who has booked since joining', async () => {
    clock.set(NOW);
    const serviceId = await newService();
    const day = '2026-12-30';
    const booked = person(4300);
    const next = person(4301);
    const bookedCode = (await join({ serviceId, from: day, to: day, applicant: booked }).expect(201)).body.code;
    const nextCode = (await join({ serviceId, from: day, to: day, applicant: next }).expect(201)).body.code;
    // The first in line books a time of another day by themselves: they no longer need a seat.
    await book(serviceId, '2026-12-31T09:00:00-03:00', booked).expect(201);
    const mover = person(4302);
    const code = (await book(serviceId, `${day}T10:00:00-03:00`, mover).expect(201)).body.code;
    await t.http.post(`/api/v1/bookings/${code}/reschedule`).send({ documentNumber: mover.documentNumber, slotStart: '2026-12-31T10:00:00-03:00' }).expect(200);
    const offers = (await t.db.query(`SELECT e.code, o.cause, o.slot_start FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id WHERE o.service_id = $1`, [serviceId])) as {
      code: string;
      cause: string;
      slot_start: Date;
    }[];
    expect(offers).toEqual([{ code: nextCode, cause: 'reschedule', slot_start: new Date(`${day}T13:00:00Z`) }]);
    expect((await t.http.post('/api/v1/waitlist/lookup').send({ code: bookedCode, documentNumber: booked.documentNumber }).expect(200)).body).toMatchObject({ status: 'waiting', position: 0 });
    await expectLedgerExact(serviceId);
  });

  it('answers a retried join with the same entry (Idempotency-Key), and never makes two', async () => {
    const serviceId = await newService();
    const body = { serviceId, from: '2026-12-30', to: '2026-12-31', weekdays: [4, 3], applicant: person(4400) };
    const first = await t.http.post('/api/v1/waitlist').set('Idempotency-Key', 'wl-retry-1').send(body).expect(201);
    expect(first.body).toMatchObject({ status: 'waiting', weekdays: [3, 4], morningOnly: false, position: 0 });
    const again = await second.http.post('/api/v1/waitlist').set('Idempotency-Key', 'wl-retry-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await t.db.query(`SELECT count(*)::int n FROM waitlist_entries WHERE service_id = $1`, [serviceId]))[0].n).toBe(1);
  });

  it('sweeps: a raised capacity and a lifted closure become offers for the people waiting', async () => {
    clock.set(NOW);
    const serviceId = await newService();
    const day = '2026-12-28'; // a Monday
    // Every morning slot of the day booked: nothing to offer.
    const mornings = ['08:30', '08:45', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '11:45'];
    for (const [i, hm] of mornings.entries()) await book(serviceId, `${day}T${hm}:00-03:00`, person(4000 + i)).expect(201);
    for (let i = 0; i < 3; i++) await join({ serviceId, from: day, to: day, morningOnly: true, applicant: person(4100 + i) }).expect(201);
    await tick(t);
    expect(await held(serviceId)).toHaveLength(0);
    // Two seats per slot now: the three people get the first three freed seats, in order.
    await t.db.query(`UPDATE services SET seats_per_slot = 2 WHERE id = $1`, [serviceId]);
    await Promise.all([tick(t), tick(second)]);
    const offers = await held(serviceId);
    expect(offers.map((o) => o.cause)).toEqual(['sweep', 'sweep', 'sweep']);
    expect(offers.map((o) => o.slot_start.getTime()).sort()).toEqual(['08:30', '08:45', '09:00'].map((hm) => Date.parse(`${day}T${hm}:00-03:00`)));
    await expectLedgerExact(serviceId);
    await tick(t);
    expect(await held(serviceId)).toHaveLength(3);

    // A closed day: nothing offered while it is closed, offers once the closure is deleted.
    const closedDay = '2026-12-29';
    const [closure] = (await t.db.query(`INSERT INTO office_closures (office_id, date, kind, reason) VALUES ($1, $2, 'closed', 'Inventario') RETURNING id`, [officeId, closedDay])) as {
      id: string;
    }[];
    const waiting = person(4200);
    const code = (await join({ serviceId, from: closedDay, to: closedDay, applicant: waiting }).expect(201)).body.code;
    await tick(t);
    expect(await held(serviceId)).toHaveLength(3);
    await t.db.query(`DELETE FROM office_closures WHERE id = $1`, [closure!.id]);
    await tick(second);
    expect(await held(serviceId)).toHaveLength(4);
    const lookup = await t.http.post('/api/v1/waitlist/lookup').send({ code, documentNumber: waiting.documentNumber }).expect(200);
    expect(lookup.body).toMatchObject({ status: 'offered', offer: { slotStart: `${closedDay}T08:30:00-03:00` } });
    await expectLedgerExact(serviceId);
  });
});
