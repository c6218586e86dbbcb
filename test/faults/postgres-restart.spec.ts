import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../support/api-process.js';
import { Client, errorLines, type Exchange, FAULT_NOW, type FaultOffice, applicant, seedOffice, sleep, slotStart, untilFinal } from './support/load.js';
import { type FaultPostgres, startFaultPostgres, waitUntil, withPg, startFaultApi } from './support/services.js';

/**
 * PostgreSQL restarted in the middle of a booking rush and of a working queue (issue #15 §3):
 * one API process (dist/, `node dist/apps/api/main.js`) on a PostgreSQL of the test's own, which is
 * stopped (fast shutdown) for OUTAGE_MS and started again while applicants book, a kiosk issues
 * tickets and counters call, start and complete them. Every client retries a 503 with the same
 * Idempotency-Key. Afterwards the database is compared with what the clients were told.
 */
const OUTAGE_MS = 3_000;
const APPLICANTS = 240;
const SLOTS = 16;
const BOOKERS = 8;
const COUNTERS = 3;

describe('PostgreSQL restarted mid-rush and mid-queue', () => {
  let database: FaultPostgres;
  let office: FaultOffice;
  let api: ApiProcess;

  beforeAll(async () => {
    database = await startFaultPostgres();
    office = await seedOffice(database.url, COUNTERS);
    api = await startFaultApi(database.url, { FAKE_NOW: FAULT_NOW, DATABASE_POOL_SIZE: '10' });
  }, 90_000);

  afterAll(async () => {
    await api?.stop();
    await database?.destroy();
  });

  it('answers 503 DATABASE_UNAVAILABLE while it is down, serves again within 5 s, and loses, duplicates or overbooks nothing', async () => {
    const client = new Client(api.baseUrl);
    const agents = await Promise.all(office.counters.map((c) => client.login(c.agent.username, c.agent.password)));
    for (const [i, counter] of office.counters.entries()) {
      const opened = await client.send('open', 'POST', `/api/v1/counters/${counter.id}/open`, { body: {}, headers: { authorization: agents[i] } });
      expect(opened.status).toBe(200);
    }
    // A queue to work through before the rush starts.
    for (let i = 0; i < 30; i++) {
      const ticket = await client.send('walk-in', 'POST', `/api/v1/offices/${office.officeId}/tickets`, { body: { serviceId: office.serviceId } });
      expect(ticket.status).toBe(201);
    }

    const start = Date.now();
    const deadline = start + 40_000;
    let stopLoad = false;
    const outage = { stoppedAt: 0, startedAt: 0 };

    // Applicants: each books one slot (spread over SLOTS slots), retrying a 503 with its key.
    const bookings = new Map<number, Exchange>();
    let nextApplicant = 0;
    const booker = async () => {
      while (nextApplicant < APPLICANTS) {
        const n = nextApplicant++;
        const body = { serviceId: office.serviceId, slotStart: slotStart(n % SLOTS), applicant: applicant(n) };
        bookings.set(n, await untilFinal(client, 'booking', 'POST', '/api/v1/bookings', { body }, `booking-${n}`, deadline));
        await sleep(60);
      }
    };

    // The kiosk: a walk-in ticket every 100 ms until the load stops.
    const issued: Exchange[] = [];
    const kiosk = async () => {
      for (let i = 0; !stopLoad; i++) {
        issued.push(await untilFinal(client, 'walk-in', 'POST', `/api/v1/offices/${office.officeId}/tickets`, { body: { serviceId: office.serviceId } }, `kiosk-${i}`, deadline));
        await sleep(100);
      }
    };

    // Counters: call the next ticket, start it, complete it; the same keys on every retry.
    const calledBy = new Map<string, string[]>();
    const counterLoop = async (index: number) => {
      const counter = office.counters[index];
      const headers = { authorization: agents[index] };
      for (let round = 0; !stopLoad; round++) {
        let called = await untilFinal(client, 'call-next', 'POST', `/api/v1/counters/${counter.id}/call-next`, { headers }, `call-${index}-${round}`, deadline);
        if (called.status === 409 && called.error === 'COUNTER_BUSY') {
          // The call committed but its answer was lost to the outage: the queue shows which ticket this counter holds.
          const queue = await client.send('queue', 'GET', `/api/v1/offices/${office.officeId}/queue`, { headers });
          const held = (queue.body as { called?: { id: string; counterId?: string }[] }).called?.find((t) => t.counterId === counter.id);
          if (!held) continue;
          called = { ...called, status: 200, body: held };
        }
        if (called.status === 204) {
          await sleep(100);
          continue;
        }
        if (called.status !== 200) continue;
        const ticketId = (called.body as { id: string }).id;
        calledBy.set(ticketId, [...(calledBy.get(ticketId) ?? []), counter.id]);
        for (const step of ['start', 'complete']) {
          await untilFinal(client, step, 'POST', `/api/v1/tickets/${ticketId}/${step}`, { headers }, `${step}-${ticketId}`, deadline);
        }
      }
    };

    // Health, every 100 ms.
    const health: Exchange[] = [];
    const prober = async () => {
      while (!stopLoad) {
        health.push(await client.send('health', 'GET', '/api/health'));
        await sleep(100);
      }
    };

    const fault = async () => {
      await sleep(1_500);
      outage.stoppedAt = Date.now();
      await database.stop();
      await sleep(OUTAGE_MS);
      await database.start();
      outage.startedAt = Date.now();
    };

    const load = [prober(), kiosk(), ...Array.from({ length: BOOKERS }, booker), ...office.counters.map((_, i) => counterLoop(i))];
    await fault();
    // Let the rush finish; the queue keeps working for a few seconds after the restart.
    await Promise.all(load.slice(2, 2 + BOOKERS));
    await waitUntil('three seconds of work after the restart', () => Date.now() > outage.startedAt + 3_000, 10_000);
    stopLoad = true;
    await Promise.all(load);

    // ---- What the clients saw.
    const all = client.exchanges;
    const during = all.filter((e) => e.sentAt >= outage.stoppedAt && e.sentAt < outage.startedAt);
    const fiveHundreds = all.filter((e) => e.status >= 500 && e.status !== 503);
    const unanswered = all.filter((e) => e.status <= 0);
    const refusals = all.filter((e) => e.status === 503);
    const firstHealthyAfter = health.find((e) => e.sentAt >= outage.startedAt && e.status === 200);
    const firstServedAfter = all.find((e) => e.sentAt >= outage.startedAt && e.what !== 'health' && e.status >= 200 && e.status < 300);
    const recoveredMs = Math.max(firstHealthyAfter ? firstHealthyAfter.sentAt + firstHealthyAfter.ms - outage.startedAt : Infinity, firstServedAfter ? firstServedAfter.sentAt + firstServedAfter.ms - outage.startedAt : Infinity);

    // ---- What the database holds.
    const rows = await withPg(database.url, async (pg) => ({
      perSlot: (await pg.query(`SELECT slot_start, count(*)::int AS n FROM bookings WHERE service_id = $1 AND status = 'confirmed' GROUP BY slot_start`, [office.serviceId])).rows as { n: number }[],
      bookings: (await pg.query(`SELECT code, document_number FROM bookings WHERE service_id = $1`, [office.serviceId])).rows as { code: string; document_number: string }[],
      tickets: (await pg.query(`SELECT id FROM tickets WHERE office_id = $1`, [office.officeId])).rows as { id: string }[],
      calls: (await pg.query(`SELECT ticket_id, count(DISTINCT counter_id)::int AS counters FROM ticket_events WHERE office_id = $1 AND type = 'called' GROUP BY ticket_id`, [office.officeId])).rows as { ticket_id: string; counters: number }[],
    }));
    const booked = [...bookings.entries()].filter(([, e]) => e.status === 201);
    const codes = new Set(rows.bookings.map((b) => b.code));
    const lostBookings = booked.filter(([, e]) => !codes.has((e.body as { code: string }).code));
    const documents = rows.bookings.map((b) => b.document_number);
    const duplicatedBookings = documents.length - new Set(documents).size;
    const overbooked = rows.perSlot.filter((s) => s.n > office.seatsPerSlot).length;
    const ticketIds = new Set(rows.tickets.map((t) => t.id));
    const issuedOk = issued.filter((e) => e.status === 201);
    const lostTickets = issuedOk.filter((e) => !ticketIds.has((e.body as { id: string }).id)).length;
    const duplicatedTickets = issuedOk.length - new Set(issuedOk.map((e) => (e.body as { id: string }).id)).size;
    const calledTwice = [...calledBy.values()].filter((counters) => new Set(counters).size > 1).length + rows.calls.filter((c) => c.counters > 1).length;
    const inProgress = all.filter((e) => e.status === 409 && e.error === 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
    const outageWarnings = api.output().split('\n').filter((line) => line.includes('PostgreSQL is unreachable'));

    const figures = {
      requests: all.length,
      requestsDuringOutage: during.length,
      answered503: refusals.length,
      codes503: [...new Set(refusals.map((e) => e.error))],
      slowest503Ms: Math.max(0, ...refusals.map((e) => e.ms)),
      other5xx: fiveHundreds.length,
      unanswered: unanswered.length,
      bookingAttempts: APPLICANTS,
      booked: booked.length,
      bookingRows: rows.bookings.length,
      seats: SLOTS * office.seatsPerSlot,
      overbookedSlots: overbooked,
      lostBookings: lostBookings.length,
      duplicatedBookings,
      walkInsIssued: issuedOk.length,
      lostTickets,
      duplicatedTickets,
      ticketsCalled: calledBy.size,
      calledAtTwoCounters: calledTwice,
      recoveredMsAfterPostgresBack: recoveredMs,
      // Keys whose claim could not be given back during the outage answer 409 in progress until it is.
      inProgress409: inProgress.length,
      lastInProgressMsAfterPostgresBack: Math.max(0, ...inProgress.map((e) => e.sentAt - outage.startedAt)),
      outageWarnings: outageWarnings.length,
      errorLogLines: errorLines(api.output()).length,
    };
    console.log(`[faults] PostgreSQL restart: ${JSON.stringify(figures)}`);
    for (const line of errorLines(api.output())) console.log(`[faults] API error line: ${line.slice(0, 2_000)}`);
    if (process.env.FAULTS_DUMP) (await import('node:fs')).writeFileSync(process.env.FAULTS_DUMP, api.output());

    expect(during.length).toBeGreaterThan(20);
    expect(fiveHundreds.map((e) => `${e.what} ${e.status} ${JSON.stringify(e.body)}`)).toEqual([]);
    expect(unanswered.map((e) => `${e.what} ${e.status} ${String(e.body)}`)).toEqual([]);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) {
      expect(refusal.error).toBe('DATABASE_UNAVAILABLE');
      expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
    }
    // Bounded: nothing waited on the dead database (the pool's connect timeout is 5 s).
    expect(figures.slowest503Ms).toBeLessThan(6_000);
    const healthDuring = health.filter((e) => e.sentAt > outage.stoppedAt + 200 && e.sentAt < outage.startedAt - 200);
    expect(healthDuring.length).toBeGreaterThan(5);
    for (const probe of healthDuring) {
      expect(probe.status).toBe(503);
      expect(probe.body).toMatchObject({ error: 'DATABASE_UNAVAILABLE', details: { error: { database: { status: 'down' } } } });
    }
    expect(recoveredMs).toBeLessThan(5_000);
    // No key stays blocked by a claim that could not be released while PostgreSQL was down.
    expect(figures.lastInProgressMsAfterPostgresBack).toBeLessThan(5_000);
    expect(booked.length).toBeGreaterThan(0);
    expect([...bookings.values()].filter((e) => e.status !== 201 && e.status !== 409).map((e) => `${e.status} ${e.error}`)).toEqual([]);
    expect(bookings.size).toBe(APPLICANTS);
    expect(overbooked).toBe(0);
    expect(lostBookings).toEqual([]);
    // Every booking row was answered 201 to its applicant (none committed behind a lost answer), and none twice.
    expect(rows.bookings.length).toBe(booked.length);
    expect(duplicatedBookings).toBe(0);
    expect(lostTickets).toBe(0);
    expect(duplicatedTickets).toBe(0);
    expect(calledTwice).toBe(0);
    expect(calledBy.size).toBeGreaterThan(10);
    // One warning for the outage, and no error-level line.
    expect(outageWarnings.length).toBe(1);
    expect(errorLines(api.output())).toEqual([]);
  }, 60_000);
});
