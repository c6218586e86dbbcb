import { QueryFailedError } from 'typeorm';

/** Unique violations that a new attempt resolves: it sees the row that won. */
const RETRYABLE_CONSTRAINTS = new Set([
  // A booking code that happened to exist already.
  'uq_bookings_code',
  // Two first opens of a counter at once: the retry finds the other's session and takes it over.
  'uq_counter_session_log_open',
]);

/** serialization_failure, deadlock_detected, and the unique violations above. */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  return code === '40001' || code === '40P01' || (code === '23505' && constraint !== undefined && RETRYABLE_CONSTRAINTS.has(constraint));
}

/** Runs a transaction again, a bounded number of times, when PostgreSQL asks for a retry. */
export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.floor(Math.random() * 10)));
    }
  }
}
