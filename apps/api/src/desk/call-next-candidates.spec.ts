import { randomUUID } from 'node:crypto';
import { type QueuePolicy, type RecentCall, type WaitingTicket, nextTicket } from '@turnero/scheduling';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock/clock.js';
import { DESK_DAY, DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { ADMIN, bearer, startTestApp, type TestApp } from '../testing/test-app.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { PER_LINE } from './call-next-sql.js';

const ZONE = 'America/Santiago';

interface Generated {
  kind: 'walk_in' | 'appointment' | 'appointment_without_slot';
  preferential: boolean;
  service: 0 | 1 | 2;
  /** Minutes after 08:00 local when it joined the queue (before 11:00, DESK_NOW). */
  arrival: number;
  /** Appointments: minutes after 08:00 of the slot (some started, some after now). */
  slot: number;
}

const ticketArb: fc.Arbitrary<Generated> = fc.record({
  kind: fc.constantFrom('walk_in', 'walk_in', 'walk_in', 'appointment', 'appointment', 'appointment_without_slot'),
  preferential: fc.boolean(),
  service: fc.constantFrom(0, 0, 1, 1, 2),
  arrival: fc.integer({ min: 0, max: 175 }),
  slot: fc.integer({ min: 0, max: 270 }),
});

const policyArb: fc.Arbitrary<QueuePolicy> = fc.oneof(
  fc.constant({ kind: 'strict_priority' as const }),
  fc.record({ kind: fc.constant('interleave' as const), every: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('aging' as const), maxPreferentialInARow: fc.integer({ min: 0, max: 3 }), maxWaitMinutes: fc.integer({ min: 0, max: 150 }) }),
);

const local = (minutesAfterEight: number) => DateTime.fromISO(`${DESK_DAY}T08:00`, { zone: ZONE }).plus({ minutes: minutesAfterEight }).toJSDate();

/**
 * call-next reads only the rows the policy can choose from (call-next-sql.ts: the started
 * appointments, the first PER_LINE walk-ins of each line, the early appointments only when no line
 * was cut) and reads again when a cut line's rows are all being claimed elsewhere. Whatever the
 * queue, the policy and the tickets other counters hold at that instant, the ticket it calls must
 * be the one the policy picks from every waiting ticket: the first of its successive choices
 * (nextTicket over the whole queue, the chosen one taken out each time) that nobody else holds.
 */
describe('call-next reads few candidates and still calls what the whole queue says', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let admin: string;
  let holder: pg.Client;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW, DATABASE_POOL_SIZE: '8' });
    f = deskFixtures(t);
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end();
    await t.close();
  });

  /** Every waiting ticket of these services today, as the queue rules read it. */
  async function waitingTickets(officeId: string, serviceIds: string[]): Promise<WaitingTicket[]> {
    const rows = (await t.db.query(
      `SELECT t.id, t.service_id, t.kind, t.preferential, t.queued_at, t.slot_start, s.check_in_grace_minutes AS grace
         FROM tickets t JOIN services s ON s.id = t.service_id
        WHERE t.office_id = $1 AND t.status = 'waiting' AND t.local_date = $2 AND t.service_id = ANY($3::uuid[])`,
      [officeId, DESK_DAY, serviceIds],
    )) as { id: string; service_id: string; kind: 'walk_in' | 'appointment'; preferential: boolean; queued_at: Date; slot_start: Date | null; grace: number }[];
    return rows.map((r) => ({
      id: r.id,
      serviceId: r.service_id,
      kind: r.kind,
      preferential: r.preferential,
      issuedAt: DateTime.fromJSDate(r.queued_at),
      ...(r.slot_start ? { slotStart: DateTime.fromJSDate(r.slot_start), graceMinutes: r.grace } : {}),
    }));
  }

  /** The policy's successive choices over the whole queue; the first that nobody holds (null: none). */
  function expectedCall(waiting: WaitingTicket[], held: Set<string>, counter: { id: string; serviceIds: string[] }, policy: QueuePolicy, now: DateTime, history: RecentCall[]) {
    const rest = [...waiting];
    for (;;) {
      const decision = nextTicket(rest, counter, policy, now, history);
      if (!decision) return null;
      if (!held.has(decision.ticket.id)) return decision.ticket.id;
      rest.splice(rest.indexOf(decision.ticket), 1);
    }
  }

  it('calls, call after call, the ticket the policy picks from all waiting tickets, with the queue head held by other counters', async () => {
    const clock = t.app.get(Clock);
    let runs = 0;
    let refetched = 0;
    await fc.assert(
      fc.asyncProperty(
        // Short queues (the early appointments read) and long ones (lines cut at PER_LINE).
        fc.oneof(fc.array(ticketArb, { maxLength: 12 }), fc.array(ticketArb, { minLength: 50, maxLength: 110, size: 'max' })),
        policyArb,
        fc.array(fc.boolean(), { maxLength: 6 }),
        fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })),
        // Held by other counters: a few, or more than a line's candidates (read again).
        fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: PER_LINE, max: 2 * PER_LINE + 10 })), { minLength: 3, maxLength: 3 }),
        async (generated, policy, pastCalls, graces, heldCounts) => {
          runs++;
          const office = await f.office({ queuePolicy: policy });
          const services = [
            await f.service(office.id, 'A', { checkInGraceMinutes: graces[0] }),
            await f.service(office.id, 'B', { checkInGraceMinutes: graces[1] }),
            await f.service(office.id, 'Z', { checkInGraceMinutes: graces[2] }),
          ];
          const served = [services[0].id, services[1].id].sort();
          const counter = await f.counter(office.id, 'Módulo 1', served);
          const sequences = [0, 0, 0];
          const ticket = (g: Generated, fields: Record<string, unknown> = {}) => {
            const sequence = ++sequences[g.service];
            const queuedAt = local(g.arrival);
            return {
              officeId: office.id,
              serviceId: services[g.service].id,
              kind: g.kind === 'walk_in' ? ('walk_in' as const) : ('appointment' as const),
              preferential: g.preferential,
              number: `${'ABZ'[g.service]}-${String(sequence).padStart(3, '0')}`,
              sequence,
              localDate: DESK_DAY,
              status: 'waiting' as const,
              issuedAt: queuedAt,
              queuedAt,
              slotStart: g.kind === 'appointment' ? local(g.slot) : null,
              trackingCode: randomUUID(),
              ...fields,
            };
          };
          // The day's calls so far (the policy's streak), oldest first.
          const history: RecentCall[] = [];
          for (const [i, preferential] of pastCalls.entries()) {
            const done = await f.ticket(office.id, services[0].id, '08:00', { ...ticket({ kind: 'walk_in', preferential, service: 0, arrival: 0, slot: 0 }), status: 'done' });
            await t.db.query(`INSERT INTO ticket_events (ticket_id, office_id, type, at, details) VALUES ($1, $2, 'called', $3, $4::jsonb)`, [
              done.id,
              office.id,
              local(1 + i),
              JSON.stringify({ serviceId: services[0].id, preferential }),
            ]);
            history.push({ preferential });
          }
          if (generated.length > 0) await t.db.getRepository(Ticket).insert(generated.map((g) => ticket(g)));
          await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', admin).send({}).expect(200);

          for (const heldCount of heldCounts) {
            // Other counters hold the first `heldCount` choices of the queue (locked, as a claim in flight does).
            const before = await waitingTickets(office.id, served);
            const view = { id: counter.id, serviceIds: served };
            const order: string[] = [];
            const rest = [...before];
            while (order.length < heldCount) {
              const d = nextTicket(rest, view, policy, clock.now(), history);
              if (!d) break;
              order.push(d.ticket.id);
              rest.splice(rest.indexOf(d.ticket), 1);
            }
            const held = new Set(order);
            await holder.query('BEGIN');
            try {
              if (held.size > 0) await holder.query('SELECT id FROM tickets WHERE id = ANY($1::uuid[]) FOR UPDATE', [[...held]]);
              const first = expectedCall(before, held, view, policy, clock.now(), history);
              const response = await t.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', admin);
              const last = expectedCall(before, held, view, policy, clock.now(), history);
              if (first === null && last === null) {
                expect(response.status).toBe(204);
                continue;
              }
              expect(response.status).toBe(200);
              // The clock runs: the answer is the policy's at some instant between the two reads.
              expect([first, last]).toContain(response.body.id);
              const called = before.find((w) => w.id === response.body.id)!;
              history.push({ preferential: called.preferential });
              if (held.size >= PER_LINE && before.length > PER_LINE) refetched++;
              await t.db.query(`UPDATE tickets SET status = 'done', completed_at = called_at WHERE id = $1`, [response.body.id]);
            } finally {
              await holder.query('ROLLBACK');
            }
          }
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
    expect(runs).toBe(60);
    // Some calls found every candidate read of a line held and had to read the line again.
    expect(refetched).toBeGreaterThan(0);
  }, 240_000);
});
