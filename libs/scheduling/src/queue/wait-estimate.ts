export interface WaitEstimateInput {
  /** How many tickets for the service are ahead of this one (0 = next). */
  position: number;
  /** Open counters currently serving the service. */
  openCountersServing: number;
  /** Recent service durations in minutes, oldest first; only the last 20 count. */
  recentServiceMinutes: readonly number[];
  /** Used until there are enough recent durations (the service's averageServiceMinutes). */
  defaultServiceMinutes: number;
}

const WINDOW = 20;
/** Below this many samples a mean is noise; the configured default is the better guess. */
const MIN_SAMPLES = 3;
/** Share cut from each end before averaging: a 90-minute complicated case or a 1-minute no-show must not swing the estimate. */
const TRIM = 0.2;

/** Trimmed mean of the last 20 plausible durations, or the default when there are too few. */
export function typicalServiceMinutes(recent: readonly number[], defaultMinutes: number): number {
  const samples = recent
    .slice(-WINDOW)
    .filter((m) => Number.isFinite(m) && m > 0)
    .sort((a, b) => a - b);
  if (samples.length < MIN_SAMPLES) return defaultMinutes;
  const cut = Math.floor(samples.length * TRIM);
  const kept = samples.slice(cut, samples.length - cut);
  return kept.reduce((sum, m) => sum + m, 0) / kept.length;
}

/**
 * Minutes until this ticket is likely called, rounded; null when no open counter serves the service
 * (no honest number exists). Model: counters work in parallel and each is, on average, halfway
 * through its current person, so the next in line waits about half a service.
 */
export function estimateWaitMinutes(input: WaitEstimateInput): number | null {
  const { position, openCountersServing, recentServiceMinutes, defaultServiceMinutes } = input;
  if (!Number.isInteger(position) || position < 0) throw new RangeError('position must be a whole number, at least 0');
  if (!(Number.isFinite(defaultServiceMinutes) && defaultServiceMinutes > 0)) throw new RangeError('defaultServiceMinutes must be positive');
  if (!(openCountersServing >= 1)) return null;
  const perPerson = typicalServiceMinutes(recentServiceMinutes, defaultServiceMinutes);
  return Math.round(((position + 0.5) * perPerson) / Math.floor(openCountersServing));
}
