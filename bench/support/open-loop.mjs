// An open-loop load generator: requests are sent on a fixed schedule (request i at t0 + i / rate),
// whatever the server's speed, over a pool of keep-alive connections opened beforehand.
// Latency is measured from the request's *scheduled* time to the end of its response, so a server
// that falls behind is charged for the time requests waited to be sent (no coordinated omission,
// unlike a closed loop, where a slow server also slows the arrivals and hides its queue).
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/**
 * Sends `count` requests at `rate` per second over `pool` (see connectedPool). `make(i)` gives request i ({ method, path, headers,
 * body }); `record(sample)` receives { i, t (ms since t0, scheduled), latency (ms), status, body }
 * for each, or { error } when the request failed without a response. Resolves when all answered.
 */
export async function openLoop({ pool, rate, count, make, record, t0 = performance.now(), readBody = false }) {
  const intervalMs = 1000 / rate;
  let sent = 0;
  let pending = 0;
  let finished;
  const allDone = new Promise((resolveAll) => (finished = resolveAll));

  const send = (i) => {
    const scheduled = t0 + i * intervalMs;
    pending++;
    const request = make(i);
    pool
      .request({ method: request.method, path: request.path, headers: request.headers, body: request.body })
      .then(async (response) => {
        const text = readBody ? await response.body.text() : (await response.body.dump(), '');
        record({ i, t: scheduled - t0, latency: performance.now() - scheduled, status: response.statusCode, body: text });
      })
      .catch((error) => record({ i, t: scheduled - t0, latency: performance.now() - scheduled, status: 0, error }))
      .finally(() => {
        pending--;
        if (sent === count && pending === 0) finished();
      });
  };

  // A timer tick sends every request whose time has come (timers fire about every millisecond
  // under load; requests due in between go out together at the next tick, still timed from
  // their schedule).
  await new Promise((resolveSent) => {
    const tick = () => {
      const due = Math.min(count, Math.floor((performance.now() - t0) / intervalMs) + 1);
      while (sent < due) send(sent++);
      if (sent < count) setTimeout(tick, Math.max(0, Math.min(intervalMs, t0 + sent * intervalMs - performance.now())));
      else resolveSent();
    };
    tick();
  });
  if (count === 0) finished();
  await allDone;
}

/**
 * A pool with `connections` keep-alive connections already open (each used once for `path`), as
 * the browsers of people who loaded the page before the opening hour have.
 */
export async function connectedPool(origin, connections, path) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  await Promise.all(Array.from({ length: connections }, () => pool.request({ method: 'GET', path }).then((r) => r.body.dump())));
  return pool;
}
