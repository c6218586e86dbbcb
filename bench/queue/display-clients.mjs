// A share of the waiting-room screens of bench/queue/run.mjs, in a child process (forked with an
// IPC channel) so that several processes parse the broadcasts side by side.
//
// Protocol (process.send / 'message'):
//   parent → { type: 'connect', urls, officeId, count, concurrency }   open `count` /display sockets
//   child  → { type: 'ready', connected, failed, errors, connectMs }    every handshake answered
//   child  → { type: 'got', number, count, minNs, maxNs }              every socket of this child has
//                                                                       received `ticket.called` of `number`
//   parent → { type: 'flush', number }   (timeout) answer 'got' now with what arrived
//   parent → { type: 'close' }           disconnect everything and exit
//
// Receipt times are process.hrtime.bigint() (CLOCK_MONOTONIC, the same clock in every process of
// the machine), sent as decimal strings of nanoseconds.
import { io } from 'socket.io-client';

const sockets = [];
/** number → { count, min, max } of receipts still being gathered. */
const pending = new Map();
/** Numbers already reported (late receipts of those are counted apart). */
const reported = new Set();
let connected = 0;
let late = 0;

function report(number) {
  const s = pending.get(number) ?? { count: 0, min: 0n, max: 0n };
  pending.delete(number);
  reported.add(number);
  process.send({ type: 'got', number, count: s.count, minNs: String(s.min), maxNs: String(s.max), late });
}

function onCalled(event) {
  const now = process.hrtime.bigint();
  const number = event?.number;
  if (reported.has(number)) {
    late++;
    return;
  }
  let s = pending.get(number);
  if (!s) pending.set(number, (s = { count: 0, min: now, max: now }));
  s.count++;
  if (now < s.min) s.min = now;
  if (now > s.max) s.max = now;
  if (s.count >= connected) report(number);
}

function openOne(url, officeId) {
  return new Promise((resolve) => {
    const socket = io(`${url}/display`, {
      transports: ['websocket'],
      forceNew: true, // one WebSocket per screen, not one multiplexed connection
      reconnection: false, // a dropped screen counts as a missed receipt instead of hiding it
      timeout: 60_000,
      auth: { officeId },
    });
    sockets.push(socket);
    socket.once('queue.snapshot', () => resolve(null));
    socket.once('connect_error', (error) => resolve(error?.message ?? 'connect_error'));
    socket.on('ticket.called', onCalled);
  });
}

async function connectAll({ urls, officeId, count, concurrency }) {
  const t0 = process.hrtime.bigint();
  const errors = {};
  let next = 0;
  let failed = 0;
  async function lane() {
    while (next < count) {
      const i = next++;
      const error = await openOne(urls[i % urls.length], officeId);
      if (error) {
        failed++;
        errors[error] = (errors[error] ?? 0) + 1;
      } else connected++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  process.send({ type: 'ready', connected, failed, errors, connectMs: Number(process.hrtime.bigint() - t0) / 1e6 });
}

function closeAll() {
  for (const socket of sockets) socket.disconnect();
  setTimeout(() => process.exit(0), 200);
}

process.on('message', (message) => {
  if (message.type === 'connect') connectAll(message);
  else if (message.type === 'flush') {
    if (!reported.has(message.number)) report(message.number);
  }
  else if (message.type === 'close') closeAll();
});
// The parent went away (crash, Ctrl-C): never linger.
process.on('disconnect', () => process.exit(0));
