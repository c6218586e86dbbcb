import { Logger } from '@nestjs/common';
import type { Task } from 'graphile-worker';
import { logJobFailure } from '../../database/database-errors.js';
import type { RequestDigestQueue } from './request-digest-queue.js';

const logger = new Logger('RequestDigest');

/**
 * The `queue_request_digests` task, added by graphile-worker's cron (REQUEST_DIGEST_CRONTAB). "Now"
 * is the app's clock. A failed run is logged, not thrown: the next tick does its work.
 */
export function queueRequestDigestsTask(digests: RequestDigestQueue): Task {
  return async (_payload, helpers) => {
    try {
      const queued = await digests.queueDue();
      if (queued > 0) helpers.logger.info(`queue_request_digests: ${queued} digest(s) queued`);
    } catch (error) {
      logJobFailure(logger, 'Queuing the requests digests', error);
    }
  };
}
