import type { ShedReason } from './load-shedding.js';

/**
 * A lag with fewer requests in flight than this (start-up, a GC pause, a long report) is no overload,
 * and shedding would not help it: the limit is only cut while requests pile up.
 */
export const MIN_IN_FLIGHT_FOR_LAG = 16;

/** The limit is never cut below this many requests in flight. */
export const MIN_LIMIT = 2;

/** While the loop is overloaded and requests pile up, the limit becomes this share of what was in flight. */
const CUT = 0.75;

/** While the loop keeps up, the limit grows by this share each sample (at least by one), back to the ceiling. */
const GROWTH = 0.25;

/**
 * The limit is cut only after this many overloaded samples in a row: a sample or two over the
 * threshold is as often a pause (a major GC after a storm took 100–170 ms in the benchmark, the
 * process descheduled) after which the requests that arrived meanwhile are read at once; cutting
 * then sheds at half load (1–4 % of a second with two samples). Meanwhile LOAD_SHED_MAX_IN_FLIGHT holds.
 */
const OVERLOADED_SAMPLES = 3;

/** Without LOAD_SHED_MAX_IN_FLIGHT a lowered limit grows back to this, then to no limit. */
const UNCAPPED_ABOVE = 1024;

export interface AdmissionOptions {
  /** LOAD_SHED_MAX_IN_FLIGHT (0: no ceiling). */
  maxInFlight: number;
  /** LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION (0: not checked). */
  maxUtilization: number;
  /** LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS (0: not checked). */
  maxDelay: number;
}

/**
 * How many sheddable requests may be in flight at once (issue #19 §3). An in-flight ceiling alone
 * does not protect a saturated event loop: the admitted requests then take longer (each waits for
 * the loop's turn), and the loop, busy with them, reads and refuses the rest late, so requests queue
 * in the sockets again. So the ceiling is cut while the loop is overloaded (utilisation or mean
 * delay above its threshold over the last OVERLOADED_SAMPLES samples) with requests piling up (at the limit, or at
 * MIN_IN_FLIGHT_FOR_LAG), and grows back while it keeps up: the admitted work settles where the loop
 * has room left to read and refuse everything else at once (additive-increase, multiplicative-decrease,
 * as TCP does with its window).
 */
export class AdmissionLimit {
  /** Requests that may be in flight now. */
  limit: number;
  /** Why a request at the limit is refused: the ceiling itself, or the signal that cut it. */
  reason: ShedReason = 'inFlight';
  readonly samplesLoop: boolean;
  private readonly ceiling: number;
  /** The most requests in flight since the last sample. */
  private peak = 0;
  /** Overloaded samples in a row. */
  private overloaded = 0;

  constructor(private readonly options: AdmissionOptions) {
    this.ceiling = options.maxInFlight > 0 ? options.maxInFlight : Infinity;
    this.limit = this.ceiling;
    this.samplesLoop = options.maxUtilization > 0 || options.maxDelay > 0;
  }

  /** A request was admitted, making `inFlight`. */
  admitted(inFlight: number): void {
    if (inFlight > this.peak) this.peak = inFlight;
  }

  /** The loop's utilisation (0–1) and mean delay (ms) over the last sample, and the requests in flight now. */
  sample(utilization: number, delay: number, inFlight: number): void {
    const busy = this.options.maxUtilization > 0 && utilization > this.options.maxUtilization;
    const late = this.options.maxDelay > 0 && delay > this.options.maxDelay;
    const peak = Math.max(this.peak, inFlight);
    this.peak = inFlight;
    this.overloaded = busy || late ? this.overloaded + 1 : 0;
    if (busy || late) {
      if (this.overloaded < OVERLOADED_SAMPLES || peak < Math.min(this.limit, MIN_IN_FLIGHT_FOR_LAG)) return;
      this.limit = Math.min(this.ceiling, Math.max(MIN_LIMIT, Math.floor(Math.min(this.limit, peak) * CUT)));
      this.reason = busy ? 'eventLoopUtilization' : 'eventLoopDelay';
    } else if (this.limit < this.ceiling) {
      const grown = this.limit + Math.max(1, Math.ceil(this.limit * GROWTH));
      this.limit = grown >= this.ceiling || (this.ceiling === Infinity && grown > UNCAPPED_ABOVE) ? this.ceiling : grown;
      if (this.limit === this.ceiling) this.reason = 'inFlight';
    }
  }
}
