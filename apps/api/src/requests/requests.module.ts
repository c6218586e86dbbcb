import { Module } from '@nestjs/common';
import { ChannelsModule } from '../notifications/channels/channels.module.js';
import { RequestsPublicController } from './public/requests-public.controller.js';
import { RequestsPublicService } from './public/requests-public.service.js';
import { RequestsRepository } from './requests.repository.js';

/**
 * Requests and complaints (OIRS, issue #17): public filing and tracking (public/), the staff inbox
 * (staff/), attachments, deadlines in working days and the messages to the person
 * (request-message-composer.ts, sent by the notifications outbox).
 */
@Module({
  imports: [ChannelsModule],
  controllers: [RequestsPublicController],
  providers: [RequestsRepository, RequestsPublicService],
  exports: [RequestsRepository],
})
export class RequestsModule {}
