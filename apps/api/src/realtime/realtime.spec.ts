import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { generateTrackingCode, ticketDay } from '@turnero/scheduling';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../common/clock/clock.js';
import { Counter } from '../counters/counter.entity.js';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { Ticket, type TicketStatus } from '../tickets/ticket.entity.js';
import { type DisplaySnapshot, publicTurn, QueueEvents, QueueReadModel, type TicketCalledEvent, type TurnView } from './queue-events.js';
import { QueueReadModelLocator } from './queue-read-model.locator.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two API instances on one database and one Redis, both listening on a free port. */
let a: TestApp;
let b: TestApp;
let urlA: string;
let urlB: string;
let readModel: QueueReadModel;
const clients: Socket[] = [];

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return t.app.getUrl();
}

/** The tickets module's read model, which the realtime module finds without importing that module. */
function useReadModel(t: TestApp): QueueReadModel {
  const registered = t.app.get(QueueReadModel, { strict: false });
  expect(t.app.get(QueueReadModelLocator).get()).toBe(registered);
  return registered;
}

/** A client that is not connected yet: attach listeners, then `connect()`. */
function client(base: string, namespace: string, auth: Record<string, unknown>, options: { reconnection?: boolean } = {}): Socket {
  const socket = io(`${base}${namespace}`, { auth, transports: ['websocket'], forceNew: true, autoConnect: false, reconnection: false, ...options });
  clients.push(socket);
  return socket;
}

/** The next `event` on `socket`, or a rejection after `ms`. */
function next<T>(socket: Socket, event: string, ms = 1_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Every `event` on `socket`, as it arrives. */
function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

async function connectDisplay(base: string, officeId: string): Promise<{ socket: Socket; snapshot: DisplaySnapshot }> {
  const socket = client(base, '/display', { officeId });
  const snapshot = next<DisplaySnapshot>(socket, 'queue.snapshot', 3_000);
  socket.connect();
  return { socket, snapshot: await snapshot };
}

/** The `connect_error` a refused handshake gets (fails if the client is let in). */
async function refusal(base: string, namespace: string, auth: Record<string, unknown>): Promise<Error & { data?: { error: string } }> {
  const socket = client(base, namespace, auth);
  const outcome = new Promise<Error>((resolve, reject) => {
    socket.once('connect_error', resolve);
    socket.once('connect', () => reject(new Error(`${namespace} let the client in`)));
  });
  socket.connect();
  return outcome;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An office with one service and one counter, and helpers to put tickets in its queue today. */
async function officeWithQueue(t: TestApp) {
  const seed = seeders(t.db);
  const office = await seed.office();
  const service = await seed.service(office.id, { code: 'A', name: 'Licencias', mode: 'walk_in' });
  const counter = await t.db.getRepository(Counter).save({ officeId: office.id, name: 'Módulo 3', services: [] });
  const today = ticketDay(t.app.get(Clock).now(), office.timeZone);
  let sequence = 0;
  const ticket = (status: TicketStatus, minutesAgo: number) => {
    sequence += 1;
    const at = new Date(Date.now() - minutesAgo * 60_000);
    const called = status === 'called' || status === 'serving';
    return t.db.getRepository(Ticket).save({
      officeId: office.id,
      serviceId: service.id,
      kind: 'walk_in' as const,
      number: `A-${String(sequence).padStart(3, '0')}`,
      sequence,
      localDate: today,
      status,
      issuedAt: at,
      queuedAt: at,
      calledAt: called ? new Date(at.getTime() + 30_000) : null,
      counterId: called ? counter.id : null,
      trackingCode: generateTrackingCode(),
    });
  };
  return { office, ticket };
}

const call = (number: string, extra: Record<string, unknown> = {}): TicketCalledEvent =>
  ({ number, counter: 'Módulo 3', calledAt: new Date().toISOString(), recall: false, ...extra }) as TicketCalledEvent;

describe('live display, consoles and turn pages over socket.io (two instances, real Redis)', () => {
  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL });
    b = await attachTestApp(a.databaseUrl, { REDIS_URL });
    [urlA, urlB] = await Promise.all([listen(a), listen(b)]);
    readModel = useReadModel(a);
    useReadModel(b);
  });
  afterEach(() => {
    for (const socket of clients.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers a call made on instance A to a display connected to instance B within a second, numbers only', async () => {
    const { office } = await officeWithQueue(a);
    const { socket } = await connectDisplay(urlB, office.id);
    const called = next<TicketCalledEvent>(socket, 'ticket.called', 1_000);
    const event = call('A-007', { recall: true, fullName: 'Juana Pérez', documentNumber: '12.345.678-5' });

    a.app.get(QueueEvents).ticketCalled(office.id, event);

    expect(await called).toEqual({ number: 'A-007', counter: 'Módulo 3', calledAt: event.calledAt, recall: true });
  });

  it("carries a group's size and numbers (issue #18), nothing else; a person alone gets neither", async () => {
    const { office } = await officeWithQueue(a);
    const { socket } = await connectDisplay(urlB, office.id);
    const calls = collect<TicketCalledEvent>(socket, 'ticket.called');
    const group = call('G-004', { partySize: 3, numbers: ['G-004', 'G-005', 'G-006'], members: [{ fullName: 'Juana Pérez' }] });
    a.app.get(QueueEvents).ticketCalled(office.id, group);
    a.app.get(QueueEvents).ticketCalled(office.id, call('G-007', { partySize: 1, numbers: ['G-007'] }));
    await expect.poll(() => calls.length, { timeout: 1_000 }).toBe(2);
    expect(calls).toEqual([
      { number: 'G-004', counter: 'Módulo 3', calledAt: group.calledAt, recall: false, partySize: 3, numbers: ['G-004', 'G-005', 'G-006'] },
      { number: 'G-007', counter: 'Módulo 3', calledAt: expect.any(String), recall: false },
    ]);
  });

  it('sends on connect the snapshot the read model returns', async () => {
    const { office, ticket } = await officeWithQueue(a);
    await ticket('done', 40);
    await ticket('called', 20);
    await ticket('serving', 10);
    for (let i = 0; i < 3; i++) await ticket('waiting', 5 - i);

    const { snapshot } = await connectDisplay(urlB, office.id);

    expect(snapshot).toEqual(await readModel.displaySnapshot(office.id));
    expect(snapshot.officeId).toBe(office.id);
    expect(snapshot.waitingCount).toBe(3);
    expect(snapshot.called.map((c) => c.number)).toEqual(expect.arrayContaining(['A-002', 'A-003']));
    expect(snapshot.called.every((c) => c.counter === 'Módulo 3' || c.counter === '')).toBe(true);
  });

  it('refuses a display of an unknown or malformed office', async () => {
    for (const auth of [{ officeId: randomUUID() }, { officeId: 'not-a-uuid' }, { officeId: 42 }, {}]) {
      const error = await refusal(urlA, '/display', auth);
      expect(error.message).toBe('OFFICE_NOT_FOUND');
      expect(error.data?.error).toBe('OFFICE_NOT_FOUND');
    }
  });

  it('refuses a console without a valid token, and lets staff follow only their own office', async () => {
    const { office } = await officeWithQueue(a);
    const other = await seeders(a.db).office();
    const agent = await seeders(a.db).staff('agent', office.id);
    const { accessToken } = (await a.http.post('/api/v1/auth/login').send({ username: agent.username, password: agent.password }).expect(200)).body as {
      accessToken: string;
    };

    expect((await refusal(urlA, '/staff', {})).message).toBe('UNAUTHORIZED');
    expect((await refusal(urlA, '/staff', { token: 'not.a.jwt' })).message).toBe('UNAUTHORIZED');
    expect((await refusal(urlA, '/staff', { token: `${accessToken.slice(0, -2)}xx` })).message).toBe('UNAUTHORIZED');
    expect((await refusal(urlA, '/staff', { token: accessToken, officeId: other.id })).message).toBe('FORBIDDEN');

    const admin = await seeders(a.db).staff('admin', null);
    const adminToken = ((await a.http.post('/api/v1/auth/login').send({ username: admin.username, password: admin.password })).body as { accessToken: string })
      .accessToken;
    expect((await refusal(urlA, '/staff', { token: adminToken })).message).toBe('OFFICE_REQUIRED');
    expect((await refusal(urlA, '/staff', { token: adminToken, officeId: randomUUID() })).message).toBe('OFFICE_NOT_FOUND');

    const desk = client(urlB, '/staff', { token: accessToken });
    const connected = next(desk, 'connect');
    desk.connect();
    await connected;
    const changed = next<{ officeId: string }>(desk, 'queue.changed');
    a.app.get(QueueEvents).queueChanged(office.id);
    expect(await changed).toEqual({ officeId: office.id });
  });

  it('never delivers one office’s events to another office’s display', async () => {
    const x = await officeWithQueue(a);
    const y = await officeWithQueue(a);
    const displayY = (await connectDisplay(urlB, y.office.id)).socket;
    const displayX = (await connectDisplay(urlA, x.office.id)).socket;
    const callsOnY = collect<TicketCalledEvent>(displayY, 'ticket.called');
    const changesOnY = collect<{ officeId: string }>(displayY, 'queue.changed');
    const callsOnX = collect<TicketCalledEvent>(displayX, 'ticket.called');
    const events = a.app.get(QueueEvents);

    events.ticketCalled(x.office.id, call('X-001'));
    events.queueChanged(x.office.id);
    // Y's own event comes after X's on the same connection to Redis: once it is in, X's would be too.
    await wait(50);
    events.ticketCalled(y.office.id, call('Y-001'));
    await vi.waitFor(() => expect(callsOnY).toHaveLength(1), { timeout: 2_000 });

    expect(callsOnY.map((c) => c.number)).toEqual(['Y-001']);
    expect(changesOnY).toEqual([]);
    expect(callsOnX.map((c) => c.number)).toEqual(['X-001']);
  });

  it('gives a display that reconnects a fresh snapshot', async () => {
    const { office, ticket } = await officeWithQueue(a);
    await ticket('waiting', 3);
    const socket = client(urlB, '/display', { officeId: office.id }, { reconnection: true });
    socket.io.opts.reconnectionDelay = 50;
    const first = next<DisplaySnapshot>(socket, 'queue.snapshot', 3_000);
    socket.connect();
    expect((await first).waitingCount).toBe(1);

    await ticket('waiting', 1);
    const second = next<DisplaySnapshot>(socket, 'queue.snapshot', 3_000);
    // The network drops: the client reconnects by itself.
    socket.io.engine.close();

    expect(await second).toEqual(await readModel.displaySnapshot(office.id));
    expect((await second).waitingCount).toBe(2);
  });

  it('coalesces bursts of queue changes into a few fresh waiting counts per office', async () => {
    const { office, ticket } = await officeWithQueue(a);
    await ticket('waiting', 2);
    const { socket } = await connectDisplay(urlB, office.id);
    const changes = collect<{ officeId: string; waitingCount: number }>(socket, 'queue.changed');
    const events = a.app.get(QueueEvents);

    for (let i = 0; i < 20; i++) events.queueChanged(office.id);
    await vi.waitFor(() => expect(changes).toHaveLength(2), { timeout: 2_000 });
    await wait(400);

    expect(changes).toEqual([
      { officeId: office.id, waitingCount: 1 },
      { officeId: office.id, waitingCount: 1 },
    ]);
  });

  it('follows a turn by its tracking code: snapshot on connect, fresh view on change; unknown codes are refused', async () => {
    const { office, ticket } = await officeWithQueue(a);
    await ticket('waiting', 4);
    const mine = await ticket('waiting', 2);

    const socket = client(urlB, '/turns', { trackingCode: mine.trackingCode });
    const snapshot = next(socket, 'turn.snapshot', 3_000);
    socket.connect();
    expect(await snapshot).toEqual(publicTurn((await readModel.turn(mine.trackingCode))!));
    expect(await snapshot).toMatchObject({ number: mine.number, status: 'waiting', position: 1 });

    await a.db.getRepository(Ticket).update({ id: mine.id }, { status: 'called', calledAt: new Date() });
    const changed = next(socket, 'turn.changed');
    a.app.get(QueueEvents).turnChanged(mine.trackingCode);
    expect(await changed).toMatchObject({ number: mine.number, status: 'called', position: null });
    expect(JSON.stringify(await changed)).not.toContain(office.id);

    expect((await refusal(urlA, '/turns', { trackingCode: generateTrackingCode() })).message).toBe('NOT_FOUND');
    expect((await refusal(urlA, '/turns', { trackingCode: 'short' })).message).toBe('NOT_FOUND');
  });

  it('pushes new positions to the waiting pages of the office when the queue moves, on every instance', async () => {
    const { office, ticket } = await officeWithQueue(a);
    const first = await ticket('waiting', 6);
    const mine = await ticket('waiting', 4);
    const onA = client(urlA, '/turns', { trackingCode: mine.trackingCode });
    const onB = client(urlB, '/turns', { trackingCode: mine.trackingCode });
    const snapshots = [next<TurnView>(onA, 'turn.snapshot', 3_000), next<TurnView>(onB, 'turn.snapshot', 3_000)];
    onA.connect();
    onB.connect();
    for (const snapshot of await Promise.all(snapshots)) expect(snapshot).toMatchObject({ number: mine.number, position: 1 });

    await a.db.getRepository(Ticket).update({ id: first.id }, { status: 'called', calledAt: new Date() });
    const moved = [next<TurnView>(onA, 'turn.changed', 2_000), next<TurnView>(onB, 'turn.changed', 2_000)];
    a.app.get(QueueEvents).queueChanged(office.id);

    for (const page of await Promise.all(moved)) {
      expect(page).toMatchObject({ number: mine.number, status: 'waiting', position: 0 });
      expect(JSON.stringify(page)).not.toContain(office.id);
    }
  });

  it('never throws into the caller when an emit fails, and logs no tracking code', async () => {
    const { ticket } = await officeWithQueue(b);
    const followed = await ticket('waiting', 3);
    const page = client(urlB, '/turns', { trackingCode: followed.trackingCode });
    const snapshot = next(page, 'turn.snapshot', 3_000);
    page.connect();
    await snapshot;
    const locator = b.app.get(QueueReadModelLocator);
    const failing = {
      displaySnapshot: () => Promise.reject(new Error('database is down')),
      turn: () => Promise.reject(new Error('database is down')),
      waitingTurns: () => Promise.reject(new Error('database is down')),
    } as QueueReadModel;
    const restore = vi.spyOn(locator, 'get').mockReturnValue(failing);
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const events = b.app.get(QueueEvents);
      expect(() => events.queueChanged(randomUUID())).not.toThrow();
      expect(() => events.turnChanged(followed.trackingCode)).not.toThrow();
      expect(() => events.ticketCalled('', call('A-001'))).not.toThrow();
      await vi.waitFor(() => expect(errors).toHaveBeenCalledTimes(2));
      expect(errors.mock.calls.flat().join(' ')).not.toContain(followed.trackingCode);
    } finally {
      errors.mockRestore();
      restore.mockRestore();
    }
  });
});

describe('socket.io when Redis is unreachable', () => {
  it('still serves the instance’s own displays (fail open) and shuts down cleanly', async () => {
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:6390' });
    try {
      const base = await listen(t);
      useReadModel(t);
      const { office } = await officeWithQueue(t);
      const { socket } = await connectDisplay(base, office.id);
      const called = next<TicketCalledEvent>(socket, 'ticket.called');
      t.app.get(QueueEvents).ticketCalled(office.id, call('A-001'));
      expect((await called).number).toBe('A-001');
      socket.disconnect();
    } finally {
      await t.close();
    }
  });
});
