import { Logger as NestLogger } from '@nestjs/common';
import { Logger } from 'graphile-worker';

/**
 * graphile-worker's logger on the app's (Nest's) logger. Only its message is written, never the
 * metadata it passes along (the job, its payload, the error object); a failed job's message is cut
 * before its stack (the task already logged why in its own words: codes and ids, never an address).
 * Its errors are logged as warnings: each is one it recovers from by itself (a job retried with
 * backoff, its LISTEN connection reopened while PostgreSQL restarts), and the messages wait in the
 * outbox meanwhile. Its info lines (a job started, completed) are debug here.
 */
export function workerLogger(context = 'NotificationWorker'): Logger {
  const logger = new NestLogger(context);
  return new Logger(() => (level, message, meta) => {
    const failure = (meta as { failure?: boolean } | undefined)?.failure === true;
    const text = failure ? message.split(':\n')[0] : message;
    if (level === 'error' || level === 'warning') logger.warn(text);
    else if (level === 'info') logger.debug(text);
  });
}

/** For the migrations: nothing to say. */
export const silentWorkerLogger = new Logger(() => () => undefined);
