import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pThrottle from 'p-throttle';
import type { Config } from '../config/environment.js';

/** The rate is dealt in windows of at least this many milliseconds, one or a few messages each: spread over the second, not all at its start. */
const WINDOW_MS = 5;

/**
 * How many messages per second this instance starts sending (`NOTIFY_RATE_PER_SECOND`; 0: as many as
 * its workers can). A burst (50,000 reminders due in one minute) is sent at this pace rather than as
 * fast as the CPU allows, so that the instance keeps answering applicants in time: the sender shares
 * the event loop, and PostgreSQL, with the bookings (docs/benchmarks.md, "Notifications"). Providers
 * limit rates too (an SMTP relay's messages per second). Per instance: N sending instances send up
 * to N times it. p-throttle deals the rate in windows of ~5 ms (200/s: one message every 5 ms).
 */
@Injectable()
export class SendRate {
  readonly perSecond: number;
  private readonly throttle: (<T>(work: () => Promise<T>) => Promise<T>) | null;

  constructor(config: ConfigService<Config, true>) {
    this.perSecond = config.get('NOTIFY_RATE_PER_SECOND', { infer: true });
    if (this.perSecond <= 0) {
      this.throttle = null;
    } else {
      const limit = Math.max(1, Math.round((this.perSecond * WINDOW_MS) / 1000));
      const gate = pThrottle({ limit, interval: Math.round((1000 * limit) / this.perSecond) })(() => undefined);
      this.throttle = async (work) => {
        await gate();
        return work();
      };
    }
  }

  /** Runs `work` (one message's claim, composition and send) once the rate allows it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.throttle ? this.throttle(work) : work();
  }
}
