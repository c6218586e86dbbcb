import { rutFromBody } from '@turnero/scheduling';
import { DataSource } from 'typeorm';
import { Counter } from '../../../apps/api/src/counters/counter.entity.js';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options.js';
import type { ServiceEntity } from '../../../apps/api/src/services/service.entity.js';
import { seeders } from '../../../apps/api/src/testing/test-app.js';

/** A Tuesday morning inside the office's hours (America/Santiago, UTC−3 in December). */
export const FAULT_NOW = '2026-12-01T09:00:00-03:00';
/** The day the rush books: tomorrow. */
export const RUSH_DAY = '2026-12-02';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

export const rut = (n: number) => rutFromBody(10_000_000 + n).formatted;
export const applicant = (n: number) => ({ documentType: 'RUT', documentNumber: rut(n), fullName: `Persona ${n}` });
/** The start of the i-th 15-minute slot of the rush day from 09:00. */
export const slotStart = (i: number) => {
  const minutes = 9 * 60 + 15 * i;
  return `${RUSH_DAY}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00-03:00`;
};

export interface FaultOffice {
  officeId: string;
  serviceId: string;
  seatsPerSlot: number;
  counters: { id: string; agent: { username: string; password: string } }[];
}

/** An office open now with one procedure (by appointment and walk-in), `counters` counters and an agent for each. */
export async function seedOffice(databaseUrl: string, counters: number, seatsPerSlot = 5): Promise<FaultOffice> {
  const db = new DataSource(dataSourceOptions(databaseUrl, 2));
  await db.initialize();
  try {
    const seed = seeders(db);
    const office = await seed.office({ openingHours: WEEKDAYS, holidayCountry: '' });
    const service = await seed.service(office.id, { code: 'R', name: 'Residencia temporal', mode: 'both', slotMinutes: 15, seatsPerSlot });
    const made: FaultOffice['counters'] = [];
    for (let i = 1; i <= counters; i++) {
      const counter = await db.getRepository(Counter).save({ officeId: office.id, name: `Módulo ${i}`, services: [{ id: service.id } as ServiceEntity] });
      const agent = await seed.staff('agent', office.id);
      made.push({ id: counter.id, agent: { username: agent.username, password: agent.password } });
    }
    return { officeId: office.id, serviceId: service.id, seatsPerSlot, counters: made };
  } finally {
    await db.destroy();
  }
}

/** One HTTP exchange as a client saw it. */
export interface Exchange {
  what: string;
  status: number;
  /** The body's `error` code, if any. */
  error?: string;
  retryAfter: string | null;
  sentAt: number;
  ms: number;
  body: unknown;
}

/**
 * A client that records every exchange. A request that gets no answer at all (connection reset or
 * closed) is recorded with status 0; one without an answer within `timeoutMs` with status -1.
 */
export class Client {
  readonly exchanges: Exchange[] = [];
  /** The requests sent and not answered yet, with when each was sent. */
  readonly pending = new Set<{ sentAt: number }>();

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async send(what: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Exchange> {
    const sentAt = Date.now();
    const pending = { sentAt };
    this.pending.add(pending);
    let exchange: Exchange;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text
      }
      exchange = {
        what,
        status: response.status,
        error: (body as { error?: string } | null)?.error,
        retryAfter: response.headers.get('retry-after'),
        sentAt,
        ms: Date.now() - sentAt,
        body,
      };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      // fetch's own error says "fetch failed"; the socket's code (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET) is its cause's.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      exchange = { what, status: timedOut ? -1 : 0, retryAfter: null, sentAt, ms: Date.now() - sentAt, body: cause?.code ?? cause?.message ?? String(error) };
    }
    this.pending.delete(pending);
    this.exchanges.push(exchange);
    return exchange;
  }

  async login(username: string, password: string): Promise<string> {
    const response = await this.send('login', 'POST', '/api/v1/auth/login', { body: { username, password } });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
    return `Bearer ${(response.body as { accessToken: string }).accessToken}`;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether an answer says "try the same request again later". */
export const isRetryable = (e: Exchange) => e.status === 503 || e.status === 0 || (e.status === 409 && e.error === 'IDEMPOTENCY_REQUEST_IN_PROGRESS');

/**
 * Sends a request until it gets a final answer, with one Idempotency-Key for all attempts:
 * retried after a 503, a connection closed without an answer, or 409 IDEMPOTENCY_REQUEST_IN_PROGRESS,
 * waiting `pauseMs` (the tests' clients retry sooner than Retry-After asks, to keep them short).
 */
export async function untilFinal(client: Client, what: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> }, key: string, deadline: number, pauseMs = 150): Promise<Exchange> {
  for (;;) {
    const answer = await client.send(what, method, path, { ...options, headers: { ...options.headers, 'Idempotency-Key': key } });
    if (!isRetryable(answer) || Date.now() > deadline) return answer;
    await sleep(pauseMs);
  }
}

/** Lines of the API's JSON log at error level (50) or above. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    try {
      return (JSON.parse(line) as { level?: number }).level! >= 50;
    } catch {
      return false;
    }
  });
}
