import { Module } from '@nestjs/common';
import { ApplicantSessions } from './applicant-sessions.js';
import { ClaveUnicaSignIn } from './claveunica-sign-in.js';
import { ClaveUnicaController } from './claveunica.controller.js';
import { IdentitySweep } from './identity-sweep.js';
import { OidcFlows } from './oidc/oidc-flows.js';

/**
 * Verified identity (issue #20): applicants sign in with ClaveÚnica (OpenID Connect) and get a
 * short session here. Exports the sessions (bookings, requests and "Mis trámites" read them) and
 * the login flows (staff single sign-on uses them with its own OidcClient).
 */
@Module({
  controllers: [ClaveUnicaController],
  providers: [ApplicantSessions, OidcFlows, ClaveUnicaSignIn, IdentitySweep],
  exports: [ApplicantSessions, OidcFlows],
})
export class IdentityModule {}
