import { Module } from '@nestjs/common';
import { NoticeMessageComposer } from './notice-message-composer.js';
import { NoticesController } from './notices.controller.js';
import { NoticesRepository } from './notices.repository.js';
import { NoticesService } from './notices.service.js';
import { ChannelsModule } from '../notifications/channels/channels.module.js';

/**
 * Office notices (docs/architecture.md, "Office notices"): published by supervisors, read by the
 * public while in force, optionally sent to the people booked in their period. The outbox's sender
 * imports NoticeMessageComposer from here to build those messages.
 */
@Module({
  imports: [ChannelsModule],
  controllers: [NoticesController],
  providers: [NoticesService, NoticesRepository, NoticeMessageComposer],
  exports: [NoticeMessageComposer],
})
export class NoticesModule {}
