/**
 * When the rating email goes out. Nothing here reads the time: "now" comes from the app's Clock,
 * passed in. Retries are the notifications outbox's (graphile-worker's backoff).
 */

/** After the visit: who rates on the turn page or at the exit kiosk first is not asked again. */
export const RATING_EMAIL_DELAY_MINUTES = 30;

const MINUTE = 60_000;

/** When the email of a ticket completed at `completedAt` is due. */
export function ratingEmailDueAt(completedAt: Date): Date {
  return new Date(completedAt.getTime() + RATING_EMAIL_DELAY_MINUTES * MINUTE);
}
