import { Module } from '@nestjs/common';
import { ChannelsModule } from '../notifications/channels/channels.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { Open311ClientsController } from './open311/open311-clients.controller.js';
import { Open311ClientsService } from './open311/open311-clients.service.js';
import { Open311Controller } from './open311/open311.controller.js';
import { Open311KeyGuard } from './open311/open311-key.guard.js';
import { Open311Service } from './open311/open311.service.js';
import { RequestsPublicController } from './public/requests-public.controller.js';
import { RequestsPublicService } from './public/requests-public.service.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsInboxService } from './staff/requests-inbox.service.js';
import { RequestsStaffController } from './staff/requests-staff.controller.js';

/**
 * Requests and complaints (OIRS, issue #17): public filing and tracking (public/), the staff inbox
 * (staff/), attachments, deadlines in working days and the messages to the person
 * (request-message-composer.ts, sent by the notifications outbox), and Open311 GeoReport v2 (open311/).
 */
@Module({
  // IdentityModule: the ClaveÚnica session a filing takes (identity/verified/applicant-identity.guard.ts).
  imports: [ChannelsModule, IdentityModule],
  controllers: [RequestsPublicController, RequestsStaffController, Open311Controller, Open311ClientsController],
  providers: [RequestsRepository, RequestsPublicService, RequestsInboxService, Open311Service, Open311ClientsService, Open311KeyGuard],
  exports: [RequestsRepository],
})
export class RequestsModule {}
