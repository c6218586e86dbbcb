import { Module } from '@nestjs/common';
import { RequestsModule } from '../../requests/requests.module.js';
import { IdentityModule } from '../identity.module.js';
import { MyProceduresController } from './my-procedures.controller.js';
import { MyProceduresRepository } from './my-procedures.repository.js';
import { MyProceduresService } from './my-procedures.service.js';

/**
 * Verified identity in use (issue #20): "Mis trámites" (GET /me/bookings, /me/requests). The
 * ApplicantIdentityGuard that bookings and requests put on their routes needs only
 * IdentityModule's ApplicantSessions, which those modules import themselves.
 */
@Module({
  imports: [IdentityModule, RequestsModule],
  controllers: [MyProceduresController],
  providers: [MyProceduresRepository, MyProceduresService],
})
export class VerifiedIdentityModule {}
