import type { Task } from 'graphile-worker';
import type { ReminderQueue } from '../reminders/reminder-queue.js';

/**
 * The `queue_reminders` task, added by graphile-worker's cron (REMINDER_CRONTAB): queues the
 * reminders coming due; `{ "sweep": true }` (hourly) looks back to every appointment to come.
 * "Now" is the app's clock, not the tick's time.
 */
export function queueRemindersTask(reminders: ReminderQueue): Task {
  return async (payload, helpers) => {
    const sweep = (payload as { sweep?: unknown } | null)?.sweep === true;
    const queued = await reminders.queueDue({ sweep });
    if (queued > 0) helpers.logger.info(`queue_reminders${sweep ? ' (sweep)' : ''}: ${queued} reminder(s) queued`);
  };
}
