import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import type { Config } from '../config/environment.js';
import { logJobFailure } from '../database/database-errors.js';
import { ApplicantSessions } from './applicant-sessions.js';
import { OidcFlows } from './oidc/oidc-flows.js';

/**
 * Every five minutes, each instance deletes the applicant sessions that have ended and the logins
 * never finished: their names, RUTs and PKCE verifiers do not outlive their use by more than that.
 * Plain deletes by `expires_at`, so instances running it together are harmless.
 */
@Injectable()
export class IdentitySweep {
  private readonly logger = new Logger('IdentitySweep');

  constructor(
    private readonly sessions: ApplicantSessions,
    private readonly flows: OidcFlows,
    private readonly config: ConfigService<Config, true>,
  ) {}

  @Interval('identity-sweep', 5 * 60_000)
  async onSchedule(): Promise<void> {
    // Tests call sweep() themselves.
    if (this.config.get('NODE_ENV', { infer: true }) === 'test') return;
    try {
      await this.sweep();
    } catch (error) {
      logJobFailure(this.logger, 'Removing ended sessions', error);
    }
  }

  async sweep(): Promise<{ sessions: number; flows: number }> {
    return { sessions: await this.sessions.removeExpired(), flows: await this.flows.removeExpired() };
  }
}
