import type { Task } from 'graphile-worker';
import { type NotificationSender, type SendOutcome, TemporarySendFailure } from '../notification-sender.js';
import type { SendRate } from '../send-rate.js';

/**
 * The `send_notification` task: its payload is `{ "id": <notification id> }` and nothing else (no
 * address, no name: the sender reads them from the booking when it sends). Each message waits for
 * the instance's send rate (NOTIFY_RATE_PER_SECOND) before it is claimed.
 */
export function sendNotificationTask(sender: NotificationSender, rate: SendRate, onOutcome?: (outcome: SendOutcome) => void): Task {
  return async (payload, helpers) => {
    const id = (payload as { id?: unknown } | null)?.id;
    if ((typeof id !== 'number' && typeof id !== 'string') || !/^[1-9][0-9]{0,18}$/.test(String(id))) {
      // A malformed job can never succeed: dropped, not retried.
      helpers.logger.warn(`send_notification job ${helpers.job.id}: no notification id in its payload; dropped`);
      return;
    }
    try {
      const outcome = await rate.run(() => sender.send(String(id), { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts }));
      onOutcome?.(outcome);
    } catch (error) {
      if (error instanceof TemporarySendFailure) onOutcome?.('retrying');
      throw error;
    }
  };
}
