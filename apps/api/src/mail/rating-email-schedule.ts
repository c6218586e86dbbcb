/**
 * When the rating email goes out and how it is retried. Nothing here reads the time: "now" comes
 * from the app's Clock, passed in.
 */

/** After the visit: who rates on the turn page or at the exit kiosk first is not asked again. */
export const RATING_EMAIL_DELAY_MINUTES = 30;

/** Attempts before a failing email is given up (a permanent SMTP refusal gives up at once). */
export const RATING_EMAIL_MAX_ATTEMPTS = 5;

/** The wait after the 1st, 2nd, 3rd and 4th failed attempt. */
const BACKOFF_MINUTES = [1, 5, 30, 120] as const;

/**
 * How long a claimed email is left to the instance that claimed it before another one may try it
 * (its sender crashed mid-send): well above the longest send the SMTP timeouts allow.
 */
export const CLAIM_LEASE_MINUTES = 10;

const MINUTE = 60_000;

/** When the email of a ticket completed at `completedAt` is due. */
export function ratingEmailDueAt(completedAt: Date): Date {
  return new Date(completedAt.getTime() + RATING_EMAIL_DELAY_MINUTES * MINUTE);
}

/** When to try again after `attempts` failed attempts, or null when they are used up. */
export function retryAt(attempts: number, now: Date): Date | null {
  if (attempts >= RATING_EMAIL_MAX_ATTEMPTS) return null;
  const minutes = BACKOFF_MINUTES[Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1];
  return new Date(now.getTime() + minutes * MINUTE);
}

/**
 * A claim whose instance is gone (killed mid-send) is taken over once it is this old, not when its
 * lease ends: long enough that an instance merely reconnecting to a restarted PostgreSQL (its
 * liveness lock briefly absent) has finished the send it had begun, well short of the lease.
 */
export const ORPHANED_CLAIM_TAKEOVER_SECONDS = 60;

/** Claims with a lease ending before this were taken at least ORPHANED_CLAIM_TAKEOVER_SECONDS ago. */
export function orphanedLeaseBefore(now: Date): Date {
  return new Date(now.getTime() + CLAIM_LEASE_MINUTES * MINUTE - ORPHANED_CLAIM_TAKEOVER_SECONDS * 1_000);
}

export function leaseUntil(now: Date): Date {
  return new Date(now.getTime() + CLAIM_LEASE_MINUTES * MINUTE);
}
