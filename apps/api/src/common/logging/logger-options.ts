import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerOptions } from 'pino';

/**
 * Personal data and secrets that must never be written to a log, wherever they appear in a logged
 * object. Request bodies are not logged at all; this also covers objects that code logs itself.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...['password', 'passwordHash', 'accessToken', 'documentNumber', 'document', 'fullName', 'email', 'phone'].flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
  ]),
];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a load balancer's request id when it is sane, so one request can be followed across logs. */
export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // The URL path only: query strings are dropped in case a client put something personal there.
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
    },
  };
}
