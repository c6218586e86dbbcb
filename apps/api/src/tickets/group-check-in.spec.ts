import { generateBookingCode, rutFromBody } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures, eventsOf } from '../testing/desk-fixtures.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { TicketQueries } from './ticket-queries.js';

const NOW = DateTime.fromISO(DESK_NOW, { setZone: true });

describe('group check-in and tickets (issue #18)', () => {
  let t: TestApp;
  let second: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW, DATABASE_POOL_SIZE: '12' });
    second = await attachTestApp(t.databaseUrl, { FAKE_NOW: DESK_NOW, DATABASE_POOL_SIZE: '12' });
    f = deskFixtures(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** An office with one appointment service and its agent; `groupTickets` as given. */
  const setUp = async (groupTickets: 'one' | 'per_person', code = 'G') => {
    const office = await f.office({ groupTickets });
    const service = await f.service(office.id, code, { maxGroupSize: 5 });
    const agent = await f.staff('agent', office.id);
    return { office, service, agent };
  };

  /**
   * A group booking written straight to the table (the booking flow is helper GROUPS' and has its
   * own tests): the holder (index 0) and the companions, one row each in the same slot, every row
   * with the holder's id as group_id. `statuses` per member (confirmed by default).
   */
  const bookGroup = async (officeId: string, serviceId: string, size: number, statuses: Record<number, string> = {}, slotStart = NOW) => {
    const members: { id: string; code: string; rut: string; index: number }[] = [];
    for (let index = 0; index < size; index++) {
      const code = generateBookingCode();
      const rut = rutFromBody(21_000_000 + ++n).normalized;
      const [row] = await t.db.query(
        `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, preferential, group_id, group_index)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'RUT', $8, $9, false, $10, $11) RETURNING id`,
        [
          code,
          officeId,
          serviceId,
          slotStart.toJSDate(),
          slotStart.plus({ minutes: 15 }).toJSDate(),
          slotStart.setZone('America/Santiago').toISODate(),
          statuses[index] ?? 'confirmed',
          rut,
          `Persona ${index}`,
          members[0]?.id ?? null,
          index,
        ],
      );
      if (index === 0) await t.db.query(`UPDATE bookings SET group_id = id WHERE id = $1`, [row.id]);
      members.push({ id: row.id, code, rut, index });
    }
    return members;
  };

  const checkIn = (app: TestApp, officeId: string, body: Record<string, unknown>, auth?: string) => {
    const request = app.http.post(`/api/v1/offices/${officeId}/check-ins`);
    return (auth ? request.set('Authorization', auth) : request).send(body);
  };
  const open = (counterId: string, auth: string) => t.http.post(`/api/v1/counters/${counterId}/open`).set('Authorization', auth).send({}).expect(200);
  const ticketsOf = (officeId: string) =>
    t.db.query(`SELECT id, number, status, counter_id, booking_id, party_size, group_ticket_id, recall_count, service_id FROM tickets WHERE office_id = $1 ORDER BY sequence`, [
      officeId,
    ]) as Promise<
      {
        id: string;
        number: string;
        status: string;
        counter_id: string | null;
        booking_id: string;
        party_size: number;
        group_ticket_id: string | null;
        recall_count: number;
        service_id: string;
      }[]
    >;
  const bookingStatuses = async (ids: string[]) =>
    ((await t.db.query(`SELECT status FROM bookings WHERE id = ANY($1::uuid[]) ORDER BY group_index`, [ids])) as { status: string }[]).map((r) => r.status);

  it("'one': the kiosk checks the holder's code in; the group gets one ticket with its party size, every member is checked in, a second check-in of any member is refused", async () => {
    const { office, service, agent } = await setUp('one');
    const group = await bookGroup(office.id, service.id, 3);
    const answer = await checkIn(t, office.id, { code: group[0].code }).expect(201);
    expect(answer.body).toMatchObject({ number: 'G-001', kind: 'appointment', status: 'waiting', partySize: 3 });
    expect(answer.body.groupNumbers).toBeUndefined();
    expect(answer.body.trackingCode).toBeTruthy();
    expect(await ticketsOf(office.id)).toEqual([expect.objectContaining({ number: 'G-001', booking_id: group[0].id, party_size: 3, group_ticket_id: null })]);
    expect(await bookingStatuses(group.map((m) => m.id))).toEqual(['checked_in', 'checked_in', 'checked_in']);
    const [event] = await eventsOf(t.db, answer.body.id);
    expect(event).toMatchObject({ type: 'checked_in', details: { bookingId: group[0].id, partySize: 3, bookingIds: group.map((m) => m.id), source: 'kiosk' } });

    // Any member, by code or document, finds the group checked in.
    expect((await checkIn(t, office.id, { code: group[0].code }).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');
    expect((await checkIn(t, office.id, { code: group[2].code }).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');
    expect((await checkIn(t, office.id, { documentNumber: group[1].rut }, agent.auth).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');
    expect(await ticketsOf(office.id)).toHaveLength(1);

    // The desk sees the party size on the called ticket; the display shows it beside the number.
    const counter = await f.counter(office.id, 'Módulo 1', [service.id]);
    await open(counter.id, agent.auth);
    const called = await t.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth).expect(200);
    expect(called.body).toMatchObject({ number: 'G-001', partySize: 3 });
    const snapshot = await t.app.get(TicketQueries).displaySnapshot(office.id);
    expect(snapshot.called).toEqual([expect.objectContaining({ number: 'G-001', counter: 'Módulo 1', partySize: 3 })]);
    expect(JSON.stringify(snapshot)).not.toContain('Persona');
  });

  it('parallel check-ins of a group by the holder\'s code and the companions\' documents give one check-in', async () => {
    for (const mode of ['one', 'per_person'] as const) {
      const { office, service, agent } = await setUp(mode);
      const group = await bookGroup(office.id, service.id, 3);
      const answers = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          i % 3 === 0 ? checkIn(i % 2 ? second : t, office.id, { code: group[0].code }) : checkIn(i % 2 ? second : t, office.id, { documentNumber: group[i % 3].rut }, agent.auth),
        ),
      );
      expect(answers.map((a) => [a.status, a.body.error]).filter(([s]) => s !== 201 && s !== 409)).toEqual([]);
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.error)).toEqual(Array(8).fill('ALREADY_CHECKED_IN'));
      expect(await ticketsOf(office.id)).toHaveLength(mode === 'one' ? 1 : 3);
      expect(await bookingStatuses(group.map((m) => m.id))).toEqual(['checked_in', 'checked_in', 'checked_in']);
    }
  });

  it('a person alone keeps one ticket of party size 1 without group numbers', async () => {
    const { office, service } = await setUp('per_person');
    const [alone] = await bookGroup(office.id, service.id, 1);
    await t.db.query(`UPDATE bookings SET group_id = NULL, group_index = NULL WHERE id = $1`, [alone.id]);
    const answer = await checkIn(t, office.id, { code: alone.code }).expect(201);
    expect(answer.body).toMatchObject({ number: 'G-001', partySize: 1 });
    expect(answer.body.groupNumbers).toBeUndefined();
    expect(await ticketsOf(office.id)).toEqual([expect.objectContaining({ party_size: 1, group_ticket_id: null })]);
  });

  it("'per_person': a companion's document checks the group in at the desk; consecutive linked numbers, the cancelled companion left out", async () => {
    const { office, service, agent } = await setUp('per_person');
    const other = await bookGroup(office.id, service.id, 1); // an unrelated booking, checked in first
    await t.db.query(`UPDATE bookings SET group_id = NULL, group_index = NULL WHERE id = $1`, [other[0].id]);
    await checkIn(t, office.id, { code: other[0].code }).expect(201);
    const group = await bookGroup(office.id, service.id, 4, { 2: 'cancelled' });
    const answer = await checkIn(t, office.id, { documentNumber: group[3].rut }, agent.auth).expect(201);
    expect(answer.body).toMatchObject({ number: 'G-002', partySize: 3, groupNumbers: ['G-002', 'G-003', 'G-004'] });
    const rows = (await ticketsOf(office.id)).slice(1);
    expect(rows.map((r) => [r.number, r.booking_id, r.party_size])).toEqual([
      ['G-002', group[0].id, 3],
      ['G-003', group[1].id, 3],
      ['G-004', group[3].id, 3],
    ]);
    expect(new Set(rows.map((r) => r.group_ticket_id))).toEqual(new Set([rows[0].id]));
    expect(await bookingStatuses(group.map((m) => m.id))).toEqual(['checked_in', 'checked_in', 'cancelled', 'checked_in']);
    // The cancelled companion's own document finds nothing to check in.
    expect((await checkIn(t, office.id, { documentNumber: group[2].rut }, agent.auth).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
    expect((await checkIn(t, office.id, { code: group[1].code }).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');

    const queue = await t.http.get(`/api/v1/offices/${office.id}/queue`).set('Authorization', agent.auth).expect(200);
    expect(queue.body.waiting.map((w: { number: string; groupNumbers?: string[]; partySize: number }) => [w.number, w.partySize, w.groupNumbers])).toEqual([
      ['G-001', 1, undefined],
      ['G-002', 3, ['G-002', 'G-003', 'G-004']],
      ['G-003', 3, ['G-002', 'G-003', 'G-004']],
      ['G-004', 3, ['G-002', 'G-003', 'G-004']],
    ]);
  });

  it("'per_person': the group is called, recalled, started and completed as one at one counter; the display shows it once with every number", async () => {
    const { office, service, agent } = await setUp('per_person');
    const group = await bookGroup(office.id, service.id, 3);
    await checkIn(t, office.id, { code: group[0].code }).expect(201);
    const [c1, c2] = [await f.counter(office.id, 'Módulo 1', [service.id]), await f.counter(office.id, 'Módulo 2', [service.id])];
    await open(c1.id, agent.auth);
    const supervisor = await f.staff('supervisor', office.id);
    await open(c2.id, supervisor.auth);

    const called = await t.http.post(`/api/v1/counters/${c1.id}/call-next`).set('Authorization', agent.auth).expect(200);
    expect(called.body).toMatchObject({ status: 'called', counterId: c1.id, partySize: 3, groupNumbers: ['G-001', 'G-002', 'G-003'] });
    // Nobody else waits: the other counter gets none of the group.
    await t.http.post(`/api/v1/counters/${c2.id}/call-next`).set('Authorization', supervisor.auth).expect(204);
    let rows = await ticketsOf(office.id);
    expect(rows.map((r) => [r.status, r.counter_id])).toEqual(Array(3).fill(['called', c1.id]));
    for (const row of rows) expect((await eventsOf(t.db, row.id)).map((e) => e.type)).toEqual(['checked_in', 'called']);
    const snapshot = await t.app.get(TicketQueries).displaySnapshot(office.id);
    expect(snapshot.called).toEqual([{ number: 'G-001', numbers: ['G-001', 'G-002', 'G-003'], partySize: 3, counter: 'Módulo 1', calledAt: expect.any(String) }]);

    // Any of the group's tickets moves all of them.
    const recalled = await t.http.post(`/api/v1/tickets/${rows[2].id}/recall`).set('Authorization', agent.auth).expect(200);
    expect(recalled.body).toMatchObject({ recallCount: 1, groupNumbers: ['G-001', 'G-002', 'G-003'] });
    expect((await ticketsOf(office.id)).map((r) => r.recall_count)).toEqual([1, 1, 1]);
    const started = await t.http.post(`/api/v1/tickets/${rows[1].id}/start`).set('Authorization', agent.auth).expect(200);
    expect(started.body).toMatchObject({ id: rows[1].id, status: 'serving', partySize: 3, groupNumbers: ['G-001', 'G-002', 'G-003'] });
    expect((await ticketsOf(office.id)).map((r) => r.status)).toEqual(['serving', 'serving', 'serving']);
    // A second start of a member is refused like any ticket's.
    expect((await t.http.post(`/api/v1/tickets/${rows[0].id}/start`).set('Authorization', agent.auth).expect(409)).body.error).toBe('INVALID_TRANSITION');
    await t.http.post(`/api/v1/tickets/${rows[0].id}/complete`).set('Authorization', agent.auth).expect(200);
    rows = await ticketsOf(office.id);
    expect(rows.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    for (const row of rows) expect((await eventsOf(t.db, row.id)).map((e) => e.type)).toEqual(['checked_in', 'called', 'recalled', 'started', 'completed']);
    // The counter is free again.
    await t.http.post(`/api/v1/counters/${c1.id}/call-next`).set('Authorization', agent.auth).expect(204);
  });

  it("'per_person': a no-show and a transfer move the whole group", async () => {
    const { office, service, agent } = await setUp('per_person');
    const target = await f.service(office.id, 'H');
    const [first, second] = [await bookGroup(office.id, service.id, 2), await bookGroup(office.id, service.id, 2)];
    await checkIn(t, office.id, { code: first[0].code }).expect(201);
    await checkIn(t, office.id, { code: second[0].code }).expect(201);
    const counter = await f.counter(office.id, 'Módulo 1', [service.id, target.id]);
    await open(counter.id, agent.auth);
    const called = await t.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth).expect(200);
    expect(called.body.groupNumbers).toEqual(['G-001', 'G-002']);
    await t.http.post(`/api/v1/tickets/${called.body.id}/no-show`).set('Authorization', agent.auth).expect(200);
    expect((await ticketsOf(office.id)).map((r) => r.status)).toEqual(['no_show', 'no_show', 'waiting', 'waiting']);

    // A waiting member's transfer takes the group to the other service, still together.
    const waiting = (await ticketsOf(office.id))[3];
    const moved = await t.http.post(`/api/v1/tickets/${waiting.id}/transfer`).set('Authorization', agent.auth).send({ serviceId: target.id }).expect(200);
    expect(moved.body).toMatchObject({ status: 'waiting', serviceId: target.id, groupNumbers: ['G-003', 'G-004'] });
    expect((await ticketsOf(office.id)).slice(2).map((r) => [r.status, r.service_id])).toEqual([
      ['waiting', target.id],
      ['waiting', target.id],
    ]);
    const next = await t.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth).expect(200);
    expect(next.body).toMatchObject({ serviceId: target.id, groupNumbers: ['G-003', 'G-004'] });
    expect((await ticketsOf(office.id)).slice(2).map((r) => [r.status, r.counter_id])).toEqual(Array(2).fill(['called', counter.id]));
  });

  it("'per_person': calling a companion's ticket out of order calls the group; its 'more time' moves the whole group back", async () => {
    const { office, service, agent } = await setUp('per_person');
    const lone = await bookGroup(office.id, service.id, 1);
    await t.db.query(`UPDATE bookings SET group_id = NULL, group_index = NULL WHERE id = $1`, [lone[0].id]);
    const [first, second] = [await bookGroup(office.id, service.id, 3), await bookGroup(office.id, service.id, 2)];
    for (const booking of [first[0], second[0], lone[0]]) await checkIn(t, office.id, { code: booking.code }).expect(201);
    let rows = await ticketsOf(office.id);
    expect(rows.map((r) => r.number)).toEqual(['G-001', 'G-002', 'G-003', 'G-004', 'G-005', 'G-006']);

    // "More time" from the second group's second ticket: both of its tickets go back together.
    const trackingOf = async (id: string) => ((await t.db.query(`SELECT tracking_code FROM tickets WHERE id = $1`, [id])) as { tracking_code: string }[])[0].tracking_code;
    await t.http.post(`/api/v1/turns/${await trackingOf(rows[4].id)}/more-time`).expect(200);
    const queued = (await t.db.query(`SELECT number, queued_at, more_time_used FROM tickets WHERE office_id = $1 ORDER BY sequence`, [office.id])) as {
      number: string;
      queued_at: Date;
      more_time_used: boolean;
    }[];
    expect(queued.map((q) => q.more_time_used)).toEqual([false, false, false, true, true, false]);
    expect(queued[3].queued_at.getTime()).toBe(queued[4].queued_at.getTime());

    const supervisor = await f.staff('supervisor', office.id);
    const counter = await f.counter(office.id, 'Módulo 1', [service.id]);
    await open(counter.id, supervisor.auth);
    const called = await t.http.post(`/api/v1/counters/${counter.id}/call/${rows[2].id}`).set('Authorization', supervisor.auth).expect(200);
    expect(called.body).toMatchObject({ id: rows[2].id, status: 'called', partySize: 3, groupNumbers: ['G-001', 'G-002', 'G-003'] });
    rows = await ticketsOf(office.id);
    expect(rows.map((r) => [r.status, r.counter_id])).toEqual([
      ['called', counter.id],
      ['called', counter.id],
      ['called', counter.id],
      ['waiting', null],
      ['waiting', null],
      ['waiting', null],
    ]);
    expect((await eventsOf(t.db, rows[0].id)).at(-1)).toMatchObject({ type: 'called', details: { outOfOrder: true, withTicket: rows[2].id } });
    // An agent's call-next at another counter meanwhile gets the next group, never one of these.
    const agentCounter = await f.counter(office.id, 'Módulo 2', [service.id]);
    await open(agentCounter.id, agent.auth);
    const next = await t.http.post(`/api/v1/counters/${agentCounter.id}/call-next`).set('Authorization', agent.auth).expect(200);
    expect(next.body.number).not.toMatch(/^G-00[123]$/);
  });

  it("call_first_free never gives a group's ticket to a counter while another counter is claiming the group (its first ticket locked)", async () => {
    const { office, service, agent } = await setUp('per_person');
    const group = await bookGroup(office.id, service.id, 3);
    await checkIn(t, office.id, { code: group[0].code }).expect(201);
    const counter = await f.counter(office.id, 'Módulo 1', [service.id]);
    await open(counter.id, agent.auth);
    const rows = await ticketsOf(office.id);
    const claim = (choices: string[]) =>
      t.db.query(`SELECT o_outcome AS outcome, (o_ticket).id AS id FROM call_first_free($1, $2, $3, $4::uuid[], $5::text[], $6, $7)`, [
        counter.id,
        office.id,
        NOW.toISODate(),
        choices,
        choices.map(() => 'arrival_order'),
        NOW.toJSDate(),
        agent.id,
      ]) as Promise<{ outcome: string; id: string | null }[]>;

    // Another counter's claim holds the group's first ticket: a claim of the second or third skips it.
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT id FROM tickets WHERE id = $1 FOR UPDATE`, [rows[0].id]);
      expect(await claim([rows[1].id, rows[2].id])).toEqual([{ outcome: 'taken', id: null }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await ticketsOf(office.id)).map((r) => r.status)).toEqual(['waiting', 'waiting', 'waiting']);
    // Once free, a claim of the third calls the whole group here.
    expect(await claim([rows[2].id])).toEqual([{ outcome: 'called', id: rows[2].id }]);
    expect((await ticketsOf(office.id)).map((r) => [r.status, r.counter_id])).toEqual(Array(3).fill(['called', counter.id]));
  });

  it('two API instances with eight counters calling at once never split a group; every group ends at one counter', async () => {
    const { office, service } = await setUp('per_person');
    const sizes = [3, 2, 4, 1, 3, 2, 3, 2, 1, 4];
    for (const size of sizes) {
      const group = await bookGroup(office.id, service.id, size);
      if (size === 1) await t.db.query(`UPDATE bookings SET group_id = NULL, group_index = NULL WHERE id = $1`, [group[0].id]);
      await checkIn(t, office.id, { code: group[0].code }).expect(201);
    }
    const desks = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const counter = await f.counter(office.id, `Módulo ${i + 1}`, [service.id]);
        const staff = await f.staff('agent', office.id);
        await open(counter.id, staff.auth);
        return { counter, staff, app: i % 2 ? second : t };
      }),
    );
    const groupCounters = new Map<string, Set<string>>();
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(desks.map((d) => d.app.http.post(`/api/v1/counters/${d.counter.id}/call-next`).set('Authorization', d.staff.auth)));
      expect(answers.every((a) => a.status === 200 || a.status === 204)).toBe(true);
      const calledNow = answers.filter((a) => a.status === 200);
      if (calledNow.length === 0) break;
      // Each counter holds exactly its called ticket's group; none holds another counter's group.
      const rows = await ticketsOf(office.id);
      for (const answer of calledNow) {
        const held = rows.filter((r) => r.counter_id === answer.body.counterId && r.status === 'called');
        const key = rows.find((r) => r.id === answer.body.id)!.group_ticket_id ?? answer.body.id;
        expect(held.map((r) => r.group_ticket_id ?? r.id)).toEqual(Array(held.length).fill(key));
        expect(held).toHaveLength(answer.body.partySize);
      }
      await Promise.all(calledNow.map((a) => t.http.post(`/api/v1/tickets/${a.body.id}/no-show`).set('Authorization', desks.find((d) => d.counter.id === a.body.counterId)!.staff.auth).expect(200)));
    }
    const rows = await ticketsOf(office.id);
    expect(rows).toHaveLength(sizes.reduce((a, b) => a + b, 0));
    expect(rows.every((r) => r.status === 'no_show')).toBe(true);
    for (const row of rows) {
      const key = row.group_ticket_id ?? row.id;
      groupCounters.set(key, (groupCounters.get(key) ?? new Set()).add(row.counter_id!));
    }
    expect([...groupCounters.values()].every((counters) => counters.size === 1)).toBe(true);
    expect(groupCounters.size).toBe(sizes.length);
  });
});
