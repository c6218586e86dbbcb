import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from './config/environment.js';
import { StaffService } from './staff/staff.service.js';

/** Start-up work that every instance may do safely at once: the bootstrap admin account. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly staff: StaffService,
    private readonly config: ConfigService<Config, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.get('ADMIN_USERNAME', { infer: true });
    if (await this.staff.ensureBootstrapAdmin(username, this.config.get('ADMIN_PASSWORD', { infer: true }))) {
      this.logger.log(`Created the bootstrap admin account "${username}"`);
    }
  }
}
