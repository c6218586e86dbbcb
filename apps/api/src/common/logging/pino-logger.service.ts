import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Sends Nest's own log lines (start-up, errors, `new Logger(...)` in services) to the same pino
 * logger as the requests. Objects are logged as fields, so the redaction rules apply to them.
 */
/** Nest's start-up chatter (one line per module and route): useful when debugging, noise otherwise. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export class PinoLoggerService implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: Level, message: unknown, context?: string, extra: object = {}): void {
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      this.pino[level]({ context, ...extra, ...message });
    } else {
      this.pino[level]({ context, ...extra }, message instanceof Error ? (message.stack ?? message.message) : String(message));
    }
  }

  log(message: unknown, context?: string) {
    this.write(context && CHATTY_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace ? { trace } : {});
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }
}
