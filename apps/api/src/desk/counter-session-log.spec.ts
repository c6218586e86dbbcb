import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { stoppedClock } from '../testing/visit-fixtures.js';
import { DeskRepository } from './desk.repository.js';
import { QueueClosingJob } from './queue-closing.job.js';

interface LoggedSession {
  agent_id: string;
  opened_at: Date;
  closed_at: Date | null;
}

const at = (iso: string) => new Date(iso);

/** Runs `check` until it passes (at most about two seconds). */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await check();
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Every open, reopen, takeover and close of a counter leaves its trace in counter_session_log, written with the state. */
describe('desk: the counter session log', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let clock: ReturnType<typeof stoppedClock>;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    f = deskFixtures(t);
    clock = stoppedClock([t], DESK_NOW);
  });
  afterAll(() => t.close());

  const log = (counterId: string): Promise<LoggedSession[]> =>
    t.db.query(`SELECT agent_id, opened_at, closed_at FROM counter_session_log WHERE counter_id = $1 ORDER BY opened_at, id`, [counterId]);
  const state = async (counterId: string) =>
    ((await t.db.query(`SELECT open, agent_id, closed_at FROM counter_sessions WHERE counter_id = $1`, [counterId])) as { open: boolean; agent_id: string; closed_at: Date | null }[])[0];
  const open = (counterId: string, auth: string, serviceIds?: string[]) => t.http.post(`/api/v1/counters/${counterId}/open`).set('Authorization', auth).send(serviceIds ? { serviceIds } : {});
  const close = (counterId: string, auth: string) => t.http.post(`/api/v1/counters/${counterId}/close`).set('Authorization', auth);

  async function counterWithAgents() {
    const office = await f.office();
    const [a, b] = [await f.service(office.id, 'A'), await f.service(office.id, 'B')];
    const counter = await f.counter(office.id, 'Módulo 1', [a.id, b.id]);
    return { office, a, b, counter, first: await f.staff('agent', office.id), second: await f.staff('agent', office.id) };
  }

  it('opens a session; reopening with other services goes on with it; another agent takes it over; closing ends it', async () => {
    const { a, counter, first, second } = await counterWithAgents();
    clock.set('2026-06-17T09:00:00-04:00');
    await open(counter.id, first.auth).expect(200);
    expect(await log(counter.id)).toEqual([{ agent_id: first.id, opened_at: at('2026-06-17T13:00:00Z'), closed_at: null }]);

    clock.set('2026-06-17T09:30:00-04:00');
    await open(counter.id, first.auth, [a.id]).expect(200);
    expect(await log(counter.id)).toEqual([{ agent_id: first.id, opened_at: at('2026-06-17T13:00:00Z'), closed_at: null }]);

    clock.set('2026-06-17T10:00:00-04:00');
    await open(counter.id, second.auth).expect(200);
    expect(await log(counter.id)).toEqual([
      { agent_id: first.id, opened_at: at('2026-06-17T13:00:00Z'), closed_at: at('2026-06-17T14:00:00Z') },
      { agent_id: second.id, opened_at: at('2026-06-17T14:00:00Z'), closed_at: null },
    ]);
    expect(await state(counter.id)).toMatchObject({ open: true, agent_id: second.id });

    clock.set('2026-06-17T10:45:00-04:00');
    await close(counter.id, second.auth).expect(200);
    await close(counter.id, second.auth).expect(200);
    expect((await log(counter.id))[1]).toEqual({ agent_id: second.id, opened_at: at('2026-06-17T14:00:00Z'), closed_at: at('2026-06-17T14:45:00Z') });
    expect(await state(counter.id)).toMatchObject({ open: false, closed_at: at('2026-06-17T14:45:00Z') });

    clock.set('2026-06-17T11:00:00-04:00');
    await open(counter.id, first.auth).expect(200);
    const sessions = await log(counter.id);
    expect(sessions).toHaveLength(3);
    expect(sessions[2]).toEqual({ agent_id: first.id, opened_at: at('2026-06-17T15:00:00Z'), closed_at: null });
    clock.set(DESK_NOW);
  });

  it('keeps one open session per counter when two agents open it for the first time at once: the loser retries and takes over', async () => {
    const { office, counter, first, second } = await counterWithAgents();
    // The first agent's open, held uncommitted: the second's has no session row to wait on, and meets the first's log row in the unique index.
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let racing: Promise<{ status: number }>;
    try {
      await t.app.get(DeskRepository).openSession(runner.manager, { id: counter.id, officeId: office.id }, [], first.id, clock.now().toJSDate());
      racing = open(counter.id, second.auth).then((response) => response);
      await eventually(async () => {
        const [{ waiting }] = await t.db.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted`);
        expect(waiting).toBeGreaterThan(0);
      });
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect((await racing).status).toBe(200);
    const opened = at(DESK_NOW);
    expect(await log(counter.id)).toEqual([
      { agent_id: first.id, opened_at: opened, closed_at: opened },
      { agent_id: second.id, opened_at: opened, closed_at: null },
    ]);
    expect(await state(counter.id)).toMatchObject({ open: true, agent_id: second.id });
  });

  it('closes the counters still open after closing time, at closing time or at their last ticket that day', async () => {
    // Wednesday the 17th: this office closes at 10:00 (30 minutes of grace); on Tuesday it closed at 17:00.
    const office = await f.office({ openingHours: { 2: [{ start: '08:00', end: '17:00' }], 3: [{ start: '08:00', end: '10:00' }] }, closeQueueAfterMinutes: 30 });
    const service = await f.service(office.id, 'A');
    const idle = await f.counter(office.id, 'Módulo 1', [service.id]);
    const late = await f.counter(office.id, 'Módulo 2', [service.id]);
    const forgotten = await f.counter(office.id, 'Módulo 3', [service.id]);
    const agent = await f.staff('agent', office.id);
    const stillOpen = await f.office();
    const elsewhere = await f.counter(stillOpen.id, 'Módulo 1', [(await f.service(stillOpen.id, 'A')).id]);
    const elsewhereAgent = await f.staff('agent', stillOpen.id);

    // Left open on Tuesday afternoon, while the job did not run.
    clock.set('2026-06-16T16:00:00-04:00');
    await open(forgotten.id, agent.auth).expect(200);
    clock.set('2026-06-17T08:30:00-04:00');
    await open(idle.id, agent.auth).expect(200);
    await open(late.id, agent.auth).expect(200);
    await open(elsewhere.id, elsewhereAgent.auth).expect(200);
    // Module 2 serves someone until 10:20, after closing time (inside the grace).
    const ticket = await f.ticket(office.id, service.id, '09:50');
    clock.set('2026-06-17T10:10:00-04:00');
    await t.http.post(`/api/v1/counters/${late.id}/call-next`).set('Authorization', agent.auth).expect(200);
    await t.http.post(`/api/v1/tickets/${ticket.id}/start`).set('Authorization', agent.auth).expect(200);
    clock.set('2026-06-17T10:20:00-04:00');
    await t.http.post(`/api/v1/tickets/${ticket.id}/complete`).set('Authorization', agent.auth).expect(200);

    // 10:25: still inside the grace, only Tuesday's session is over.
    clock.set('2026-06-17T10:25:00-04:00');
    const job = t.app.get(QueueClosingJob);
    expect(await job.closeExpiredQueues()).toMatchObject({ ran: true, closedSessions: 1 });
    expect(await log(forgotten.id)).toEqual([{ agent_id: agent.id, opened_at: at('2026-06-16T20:00:00Z'), closed_at: at('2026-06-16T21:00:00Z') }]);
    expect(await state(forgotten.id)).toMatchObject({ open: false, closed_at: at('2026-06-16T21:00:00Z') });

    clock.set('2026-06-17T11:00:00-04:00');
    expect(await job.closeExpiredQueues()).toMatchObject({ ran: true, closedSessions: 2 });
    expect(await log(idle.id)).toEqual([{ agent_id: agent.id, opened_at: at('2026-06-17T12:30:00Z'), closed_at: at('2026-06-17T14:00:00Z') }]);
    expect(await log(late.id)).toEqual([{ agent_id: agent.id, opened_at: at('2026-06-17T12:30:00Z'), closed_at: at('2026-06-17T14:20:00Z') }]);
    for (const counter of [idle, late]) expect(await state(counter.id)).toMatchObject({ open: false });
    expect(await log(elsewhere.id)).toEqual([{ agent_id: elsewhereAgent.id, opened_at: at('2026-06-17T12:30:00Z'), closed_at: null }]);
    expect(await state(elsewhere.id)).toMatchObject({ open: true });

    expect(await job.closeExpiredQueues()).toMatchObject({ ran: true, closedSessions: 0 });
    clock.set(DESK_NOW);
  });
});
