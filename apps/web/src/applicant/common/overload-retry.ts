import type { Problem } from './api-call.js';

/**
 * "Mucha demanda": what the applicant pages do when the API says it cannot answer now (a rush at
 * opening time). The answer is not a failure of the applicant's data: the page keeps everything,
 * shows the wait, and sends the same request again (same body, same Idempotency-Key) by itself.
 * This file is the pure part (which answers, how long to wait, the states); the hook is in
 * use-overload-retry.ts.
 */

/** Without `Retry-After`, the first wait (seconds). */
export const DEFAULT_WAIT_SECONDS = 3;
/** Repeated sheds double the wait up to this (seconds); a longer `Retry-After` is still obeyed. */
export const MAX_WAIT_SECONDS = 30;
/** Each wait is lengthened by up to this share at random, so that a crowd does not come back at once. */
export const JITTER = 0.5;

/**
 * Whether an answer means "too busy now, the same request later will do": 503 OVERLOADED (load
 * shedding), any other 503 that says when to come back (`Retry-After`: DATABASE_UNAVAILABLE,
 * SERVICE_UNAVAILABLE), and 429 RATE_LIMITED. Not 429 LOOKUP_LOCKED: that lock is about guessed
 * codes and lasts minutes. Nothing else: a 4xx is about the request, and a 500 is not fixed by waiting.
 */
export function isOverload(problem: Problem): boolean {
  if (problem.status === 429) return problem.code === 'RATE_LIMITED' || problem.code === 'HTTP_429';
  if (problem.status !== 503) return false;
  return problem.code === 'OVERLOADED' || problem.retryAfterSeconds !== undefined;
}

/**
 * The wait before the `attempt`-th retry (1 after the first shed), in milliseconds: the server's
 * `Retry-After` (else DEFAULT_WAIT_SECONDS) doubled on each further shed up to MAX_WAIT_SECONDS,
 * never shorter than `Retry-After`, then lengthened by up to JITTER of itself (`random` in [0, 1)).
 */
export function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: number): number {
  const base = retryAfterSeconds ?? DEFAULT_WAIT_SECONDS;
  const grown = Math.min(MAX_WAIT_SECONDS, base * 2 ** Math.max(0, attempt - 1));
  const wait = Math.max(grown, retryAfterSeconds ?? 0);
  const jitter = Math.min(Math.max(random, 0), 1) * JITTER;
  return Math.round(wait * (1 + jitter) * 1000);
}

/** Whole seconds left until `until` (rounded up; 0 once it has passed), for the countdown. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * - idle: nothing to tell (not sent yet, sending the first time, or answered);
 * - waiting: shed `attempt` times in a row, the next try at `until` (epoch ms), `waitMs` after the shed;
 * - retrying: the same request is on its way again;
 * - stopped: the applicant stopped the automatic retries (the request is kept until they resume or send again).
 */
export type OverloadState =
  | { phase: 'idle' }
  | { phase: 'waiting'; attempt: number; until: number; waitMs: number; problem: Problem }
  | { phase: 'retrying'; attempt: number; problem: Problem }
  | { phase: 'stopped'; attempt: number; problem: Problem };

export type OverloadEvent =
  /** The API shed the request (an answer for which isOverload holds). */
  | { type: 'shed'; problem: Problem; now: number; random: number }
  /** Any other answer, or a new request: back to idle. */
  | { type: 'reset' }
  /** The wait is over, or "Reintentar ahora". */
  | { type: 'retry' }
  /** "Dejar de reintentar". */
  | { type: 'stop' };

export const IDLE: OverloadState = { phase: 'idle' };

export function overloadReducer(state: OverloadState, event: OverloadEvent): OverloadState {
  switch (event.type) {
    case 'shed': {
      const attempt = (state.phase === 'idle' ? 0 : state.attempt) + 1;
      const waitMs = retryDelayMs(attempt, event.problem.retryAfterSeconds, event.random);
      return { phase: 'waiting', attempt, until: event.now + waitMs, waitMs, problem: event.problem };
    }
    case 'retry':
      return state.phase === 'waiting' || state.phase === 'stopped' ? { phase: 'retrying', attempt: state.attempt, problem: state.problem } : state;
    case 'stop':
      return state.phase === 'waiting' ? { phase: 'stopped', attempt: state.attempt, problem: state.problem } : state;
    case 'reset':
      return IDLE;
  }
}
