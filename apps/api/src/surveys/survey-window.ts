import type { DateTime } from 'luxon';

/** How long after its completion a ticket can be rated. */
export const SURVEY_WINDOW_DAYS = 7;

/** Whether a ticket completed at `completedAt` can still be rated at `now` (answered or not). */
export function surveyWindowOpen(completedAt: Date | null, now: DateTime): boolean {
  return completedAt !== null && now.toMillis() <= completedAt.getTime() + SURVEY_WINDOW_DAYS * 24 * 3_600_000;
}
