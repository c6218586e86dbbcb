import { Module } from '@nestjs/common';
import { IdentityModule } from '../../identity/identity.module.js';
import { StaffModule } from '../../staff/staff.module.js';
import { StaffAccountMatcher } from './staff-account-matcher.js';
import { StaffSsoController } from './staff-sso.controller.js';
import { StaffSsoHandoffs } from './staff-sso-handoffs.js';
import { StaffSsoService } from './staff-sso.service.js';

/** Staff single sign-on (issue #20): AuthService (global AuthModule) issues the token; IdentityModule's OidcFlows keeps the logins under way. */
@Module({
  imports: [StaffModule, IdentityModule],
  controllers: [StaffSsoController],
  providers: [StaffSsoService, StaffAccountMatcher, StaffSsoHandoffs],
})
export class StaffSsoModule {}
