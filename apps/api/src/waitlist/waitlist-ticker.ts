import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from '../config/environment.js';
import { logJobFailure } from '../database/database-errors.js';
import { WaitlistService } from './waitlist.service.js';

/**
 * The waitlist's periodic task, on every instance: every WAITLIST_TICK_SECONDS (15 by default; 0 =
 * this instance runs none) it expires the held offers past their time and offers the free seats
 * of procedures with people waiting. Nothing is remembered between ticks and every step takes its
 * rows with SKIP LOCKED or claims seats through the ledger, so many instances ticking at once
 * share the work and can neither overbook nor offer a seat twice. Off in NODE_ENV=test: specs call
 * `tick()` at the clock's instant they choose.
 */
@Injectable()
export class WaitlistTicker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Waitlist');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly config: ConfigService<Config, true>,
    private readonly waitlist: WaitlistService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.get('WAITLIST_TICK_SECONDS', { infer: true });
    if (this.config.get('NODE_ENV', { infer: true }) === 'test' || seconds === 0) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  /** One run (never two at once on this instance): expiries and holds on closed slots first, so their seats are handed on (or their people back in line) before the sweep looks for free seats. */
  async tick(): Promise<{ expired: number; offered: number }> {
    if (this.running) {
      await this.running.catch(() => undefined);
      return { expired: 0, offered: 0 };
    }
    const run = (async () => {
      try {
        const expired = await this.waitlist.expireDue();
        await this.waitlist.releaseClosedHolds();
        const offered = await this.waitlist.sweep();
        return { expired, offered };
      } catch (error) {
        logJobFailure(this.logger, 'The waitlist tick', error);
        return { expired: 0, offered: 0 };
      }
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
