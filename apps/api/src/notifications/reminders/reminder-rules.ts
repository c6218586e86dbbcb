/** What decides, when a reminder comes due, that it is not sent. */
export interface ReminderState {
  /** The booking's slot now. */
  slotStart: Date;
  /** The slot the reminder was queued for. */
  reminderForSlot: Date | null;
  /** The applicant followed the unsubscribe link. */
  remindersOff: boolean;
}

/**
 * Why a reminder due now is skipped, or null to send it: the booking moved since it was queued
 * (`outdated`: its new slot has a reminder of its own), the applicant unsubscribed
 * (`unsubscribed`), or the appointment has begun (`too_late`: a retry held back that long reminds
 * of nothing). A booking no longer confirmed is `outdated` before this is asked.
 */
export function reminderSkip(state: ReminderState, now: Date): 'outdated' | 'unsubscribed' | 'too_late' | null {
  if (state.reminderForSlot === null || state.reminderForSlot.getTime() !== state.slotStart.getTime()) return 'outdated';
  if (state.remindersOff) return 'unsubscribed';
  if (now.getTime() >= state.slotStart.getTime()) return 'too_late';
  return null;
}
