import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures, DESK_NOW } from '../../apps/api/src/testing/desk-fixtures.js';
import { attachTestApp, startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

function display(base: string, officeId: string): Promise<{ socket: Socket; snapshot: { called: { number: string; counter: string }[]; waitingCount: number } }> {
  return new Promise((resolve, reject) => {
    const socket = io(`${base}/display`, { auth: { officeId }, transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('queue.snapshot', (snapshot) => resolve({ socket, snapshot }));
    socket.once('connect_error', reject);
  });
}

/** The whole path: HTTP on one instance, the database, Redis, a display on the other instance. */
describe('a call made over HTTP on instance A reaches a waiting-room display on instance B', () => {
  let a: TestApp;
  let b: TestApp;
  let urlB: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL, FAKE_NOW: DESK_NOW });
    b = await attachTestApp(a.databaseUrl, { REDIS_URL, FAKE_NOW: DESK_NOW });
    // Instance A serves HTTP through supertest; B listens for the display's socket.
    urlB = await listen(b);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await b?.close();
    await a?.close();
  });

  it('shows the number and counter within a second, and a reconnecting display gets the state of GET /queue', async () => {
    const fixtures = deskFixtures(a);
    const office = await fixtures.office();
    const service = await fixtures.service(office.id, 'T', { mode: 'walk_in', walkInDailyCap: 10 });
    const counter = await fixtures.counter(office.id, 'Módulo 3', [service.id]);
    const agent = await fixtures.staff('agent', office.id);

    const issued = await a.http.post(`/api/v1/offices/${office.id}/tickets`).send({ serviceId: service.id }).expect(201);
    const before = await display(urlB, office.id);
    sockets.push(before.socket);
    expect(before.snapshot.waitingCount).toBe(1);

    await a.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({}).expect(200);
    const received = new Promise<{ number: string; counter: string; recall: boolean; at: number }>((resolve) =>
      before.socket.once('ticket.called', (event) => resolve({ ...event, at: Date.now() })),
    );
    const calledAt = Date.now();
    const called = await a.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth).expect(200);
    const event = await received;
    expect(event).toMatchObject({ number: issued.body.number, counter: 'Módulo 3', recall: false });
    expect(event.at - calledAt).toBeLessThan(1_000);
    expect(called.body.number).toBe(issued.body.number);
    expect(JSON.stringify(event)).not.toMatch(/trackingCode|document|fullName/);

    // Recall repeats it.
    const recalled = new Promise((resolve) => before.socket.once('ticket.called', resolve));
    await a.http.post(`/api/v1/tickets/${called.body.id}/recall`).set('Authorization', agent.auth).expect(200);
    expect(await recalled).toMatchObject({ number: issued.body.number, recall: true });

    // A display that (re)connects sees what the staff's queue says.
    before.socket.disconnect();
    const after = await display(urlB, office.id);
    sockets.push(after.socket);
    const queue = await a.http.get(`/api/v1/offices/${office.id}/queue`).set('Authorization', agent.auth).expect(200);
    expect(after.snapshot.waitingCount).toBe(queue.body.waiting.length);
    expect(after.snapshot.called.map((c) => c.number)).toEqual(queue.body.called.map((t: { number: string }) => t.number));
    expect(after.snapshot.called[0]).toMatchObject({ number: issued.body.number, counter: 'Módulo 3' });
  });
});
