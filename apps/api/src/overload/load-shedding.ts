import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../common/errors/error-code.js';
import { requestIdOf } from '../common/logging/logger-options.js';
import type { Config } from '../config/environment.js';
import { LoadShedDrill } from './load-shed-drill.js';
import { AdmissionLimit } from './admission-limit.js';

export { MIN_IN_FLIGHT_FOR_LAG } from './admission-limit.js';

/** Why a request was shed (the periodic warning counts each). */
export type ShedReason = 'drill' | 'eventLoopDelay' | 'eventLoopUtilization' | 'inFlight';

/** What the instance sheds and why, for the warning and the specs. */
export interface LoadSheddingState {
  /** Sheddable requests admitted and not yet answered. */
  inFlight: number;
  /** How many may be in flight now (LOAD_SHED_MAX_IN_FLIGHT, lowered while the event loop is overloaded). */
  limit: number;
  shed: Record<ShedReason, number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    loadShedding: LoadSheddingState;
  }
}

/** How often a warning sums up what was shed since the last one (only when something was). */
const REPORT_EVERY_MS = 10_000;

/** monitorEventLoopDelay's resolution; its mean minus this is the delay (as @fastify/under-pressure measured it). */
const DELAY_RESOLUTION_MS = 10;

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
 * OVERLOADED and Retry-After, instead of queueing until everyone's answer is late.
 *
 * The decision is taken in the HTTP server's own `request` listener, in front of Fastify (the
 * adapter's `serverFactory`): a refused request costs Node's HTTP parser and one precomputed answer
 * (the security headers, Retry-After and its X-Request-Id), and nothing of Fastify, Nest, body
 * parsing, guards, throttling, idempotency or the database. In order:
 *
 * 1. LOAD_SHED_DRILL: the first `count` requests of each listed route are shed (on or off LOAD_SHED).
 * 2. Requests in flight (admitted by this listener, not yet answered) at the admission limit. The
 *    limit is LOAD_SHED_MAX_IN_FLIGHT while the event loop keeps up; every
 *    LOAD_SHED_SAMPLE_INTERVAL_MS the loop is sampled, and while its utilisation is above
 *    LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION (or its mean delay above
 *    LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS) with requests piling up, the limit is cut, so that the
 *    admitted requests leave the loop room to read, and refuse, everything else in time
 *    (admission-limit.ts).
 *
 * Refused requests are not logged one by one (under overload that would be thousands of lines a
 * second); a warning every 10 s sums up what was shed and why.
 */
export class LoadShedder {
  readonly state: LoadSheddingState;
  private readonly drill: LoadShedDrill;
  private readonly admission: AdmissionLimit | null;
  /** The 503's headers as a flat [name, value, …] list for writeHead, its last value the request's id (set per answer). */
  private readonly headers: string[];
  private readonly body: string;
  private readonly release = () => void this.state.inFlight--;

  constructor(
    private readonly config: Config,
    securityHeaders: Record<string, string>,
  ) {
    this.drill = new LoadShedDrill(config.LOAD_SHED_DRILL);
    const on = config.LOAD_SHED;
    const maxInFlight = on ? config.LOAD_SHED_MAX_IN_FLIGHT : 0;
    const maxUtilization = on ? config.LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION : 0;
    const maxDelay = on ? config.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS : 0;
    this.admission = maxInFlight > 0 || maxUtilization > 0 || maxDelay > 0 ? new AdmissionLimit({ maxInFlight, maxUtilization, maxDelay }) : null;
    this.state = {
      inFlight: 0,
      limit: this.admission?.limit ?? Infinity,
      shed: { drill: 0, eventLoopDelay: 0, eventLoopUtilization: 0, inFlight: 0 },
    };
    const retryAfter = String(config.LOAD_SHED_RETRY_AFTER_S);
    this.body = JSON.stringify({
      statusCode: 503,
      error: ErrorCode.OVERLOADED,
      message: `Too many requests right now; please retry in ${retryAfter} seconds`,
    });
    this.headers = [
      ...Object.entries(securityHeaders).flat(),
      'retry-after',
      retryAfter,
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      String(Buffer.byteLength(this.body)),
      'x-request-id',
      '',
    ];
  }

  /**
   * Fastify's serverFactory: the HTTP/1 server Fastify would build (same timeouts), whose request
   * listener refuses what is to be shed and hands the rest to Fastify.
   */
  readonly serverFactory = (handler: RequestListener, fastifyOptions: Record<string, unknown>): Server => {
    const options = fastifyOptions as unknown as FastifyServerOptions;
    const server = createServer(options.http ?? {}, (request, response) => {
      if (!this.refused(request, response)) handler(request, response);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  /** Samples the event loop, decorates `fastify.loadShedding`, and warns every 10 s of what was shed. */
  attach(fastify: FastifyInstance): void {
    fastify.decorate('loadShedding', this.state);
    const timers: NodeJS.Timeout[] = [];
    if (this.admission?.samplesLoop) {
      const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
      delay.enable();
      let elu = performance.eventLoopUtilization();
      const sample = setInterval(() => {
        const now = performance.eventLoopUtilization();
        const meanDelay = Math.max(0, delay.mean / 1e6 - DELAY_RESOLUTION_MS);
        delay.reset();
        this.admission!.sample(performance.eventLoopUtilization(now, elu).utilization, Number.isNaN(meanDelay) ? Infinity : meanDelay, this.state.inFlight);
        elu = now;
        this.state.limit = this.admission!.limit;
      }, this.config.LOAD_SHED_SAMPLE_INTERVAL_MS);
      sample.unref();
      timers.push(sample);
      fastify.addHook('onClose', async () => delay.disable());
    }
    let reported = { ...this.state.shed };
    const report = setInterval(() => {
      const now = { ...this.state.shed };
      const since = (Object.keys(now) as ShedReason[]).filter((k) => now[k] > reported[k]).map((k) => `${k} ${now[k] - reported[k]}`);
      reported = now;
      if (since.length > 0) fastify.log.warn(`overloaded: requests shed with 503 OVERLOADED in the last ${REPORT_EVERY_MS / 1000} s by ${since.join(', ')}`);
    }, REPORT_EVERY_MS);
    report.unref();
    timers.push(report);
    fastify.addHook('onClose', async () => timers.forEach(clearInterval));
  }

  /** Answers 503 OVERLOADED and returns true when `request` is to be shed; otherwise counts it in flight until its response closes. */
  private refused(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '/';
    if (!isSheddable(url)) return false;
    let reason: ShedReason | null = null;
    if (this.drill.active && this.drill.take(request.method ?? 'GET', url)) reason = 'drill';
    else if (this.admission) {
      if (this.state.inFlight >= this.admission.limit) reason = this.admission.reason;
      else {
        this.state.inFlight++;
        this.admission.admitted(this.state.inFlight);
        // 'close' comes once per response, sent or cut off.
        response.once('close', this.release);
      }
    }
    if (reason === null) return false;
    this.state.shed[reason]++;
    // writeHead copies the list into the answer at once, so one list serves every refusal.
    this.headers[this.headers.length - 1] = requestIdOf(request);
    response.writeHead(503, this.headers);
    response.end(this.body);
    return true;
  }
}

/** What Fastify hands its serverFactory (its own options, with defaults filled in). */
interface FastifyServerOptions {
  http?: ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket: number;
}
