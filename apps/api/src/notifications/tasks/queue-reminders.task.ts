import { Logger } from '@nestjs/common';
import type { Task } from 'graphile-worker';
import { logJobFailure } from '../../database/database-errors.js';
import type { ReminderQueue } from '../reminders/reminder-queue.js';

const logger = new Logger('Reminders');

/**
 * The `queue_reminders` task, added by graphile-worker's cron (REMINDER_CRONTAB): queues the
 * reminders coming due; `{ "sweep": true }` (hourly) looks back to every appointment to come.
 * "Now" is the app's clock, not the tick's time. A failed run is logged, not thrown: the next
 * tick does its work, and a job failed for good would stay in graphile-worker's table.
 */
export function queueRemindersTask(reminders: ReminderQueue): Task {
  return async (payload, helpers) => {
    const sweep = (payload as { sweep?: unknown } | null)?.sweep === true;
    try {
      const queued = await reminders.queueDue({ sweep });
      if (queued > 0) helpers.logger.info(`queue_reminders${sweep ? ' (sweep)' : ''}: ${queued} reminder(s) queued`);
    } catch (error) {
      logJobFailure(logger, `Queuing the reminders${sweep ? ' (sweep)' : ''}`, error);
    }
  };
}
