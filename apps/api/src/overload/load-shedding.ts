import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorCode } from '../common/errors/error-code.js';
import type { Config } from '../config/environment.js';
import { LoadShedDrill } from './load-shed-drill.js';

/** Why a request was shed (the periodic warning counts each). */
export type ShedReason = 'drill' | 'eventLoopDelay' | 'eventLoopUtilization' | 'inFlight';

/** What the instance sheds and why, for the warning and the specs. */
export interface LoadSheddingState {
  inFlight: number;
  shed: Record<ShedReason, number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    loadShedding: LoadSheddingState;
  }
}

/**
 * The event loop's lag sheds only while at least this many requests are in flight: a lag with a few
 * requests (start-up, a GC pause, a long report) is no overload, and shedding would not help it.
 */
export const MIN_IN_FLIGHT_FOR_LAG = 16;

/** How often a warning sums up what was shed since the last one (only when something was). */
const REPORT_EVERY_MS = 10_000;

/**
 * Requests that may be shed: the API and Open311. /api/health never is (the balancer must see a
 * living instance), nor the front ends' files (the page that will retry must load), nor socket.io.
 */
export function isSheddable(url: string): boolean {
  if (url.startsWith('/api/')) return !(url.startsWith('/api/health') && (url.length === 11 || url[11] === '?' || url[11] === '/'));
  return url.startsWith('/open311/');
}

/**
 * Load shedding (issue #19): what this instance cannot answer in time is answered at once with 503
 * OVERLOADED and Retry-After, instead of queueing until everyone's answer is late. One onRequest
 * hook, registered after the security headers and request id and before body parsing, guards,
 * throttling, idempotency and the database, decides in this order:
 *
 * 1. LOAD_SHED_DRILL: the first `count` requests of each listed route are shed (on or off LOAD_SHED).
 * 2. The event loop, sampled every LOAD_SHED_SAMPLE_INTERVAL_MS by @fastify/under-pressure: its mean
 *    delay over the last sample above LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS, or its utilisation above
 *    LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION, sheds every request until a sample is under again, while
 *    at least MIN_IN_FLIGHT_FOR_LAG requests are in flight.
 * 3. Requests in flight (between this hook and the response's end) at LOAD_SHED_MAX_IN_FLIGHT.
 */
export async function addLoadShedding(fastify: FastifyInstance, config: Config): Promise<LoadSheddingState> {
  const state: LoadSheddingState = { inFlight: 0, shed: { drill: 0, eventLoopDelay: 0, eventLoopUtilization: 0, inFlight: 0 } };
  fastify.decorate('loadShedding', state);
  const drill = new LoadShedDrill(config.LOAD_SHED_DRILL);
  const retryAfter = String(config.LOAD_SHED_RETRY_AFTER_S);
  const body = JSON.stringify({
    statusCode: 503,
    error: ErrorCode.OVERLOADED,
    message: `Too many requests right now; please retry in ${retryAfter} seconds`,
  });
  const shed = (reply: FastifyReply, reason: ShedReason) => {
    state.shed[reason]++;
    void reply.code(503).header('retry-after', retryAfter).type('application/json; charset=utf-8').send(body);
  };

  const on = config.LOAD_SHED;
  const maxDelay = on ? config.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS : 0;
  const maxUtilization = on ? config.LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION : 0;
  const maxInFlight = on ? config.LOAD_SHED_MAX_IN_FLIGHT : 0;
  // under-pressure without thresholds of its own samples the loop and decorates memoryUsage(); the
  // decision stays in the hook below, so that health, the front ends and the drill come first.
  if (maxDelay > 0 || maxUtilization > 0) {
    await fastify.register(underPressure, { sampleInterval: config.LOAD_SHED_SAMPLE_INTERVAL_MS, eventLoopUtilizationMode: 'interval' });
  }
  const pressure = maxDelay > 0 || maxUtilization > 0 ? () => fastify.memoryUsage() : null;
  const release = () => void state.inFlight--;
  const counting = maxInFlight > 0 || pressure !== null;

  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isSheddable(request.url)) return done();
    if (drill.active && drill.take(request.method, request.url)) return shed(reply, 'drill');
    if (pressure && state.inFlight >= MIN_IN_FLIGHT_FOR_LAG) {
      const load = pressure();
      if (maxDelay > 0 && load.eventLoopDelay > maxDelay) return shed(reply, 'eventLoopDelay');
      if (maxUtilization > 0 && load.eventLoopUtilized > maxUtilization) return shed(reply, 'eventLoopUtilization');
    }
    if (counting) {
      if (maxInFlight > 0 && state.inFlight >= maxInFlight) return shed(reply, 'inFlight');
      state.inFlight++;
      // 'close' comes once per response, sent or cut off.
      reply.raw.once('close', release);
    }
    done();
  });

  let reported = { ...state.shed };
  const report = setInterval(() => {
    const now = { ...state.shed };
    const since = (Object.keys(now) as ShedReason[]).filter((k) => now[k] > reported[k]).map((k) => `${k} ${now[k] - reported[k]}`);
    reported = now;
    if (since.length > 0) fastify.log.warn(`overloaded: requests shed with 503 OVERLOADED in the last ${REPORT_EVERY_MS / 1000} s by ${since.join(', ')}`);
  }, REPORT_EVERY_MS);
  report.unref();
  fastify.addHook('onClose', async () => clearInterval(report));
  return state;
}
