import { Module } from '@nestjs/common';
import { ChannelsModule } from '../../notifications/channels/channels.module.js';
import { RequestDigestComposer } from './request-digest-composer.js';
import { RequestDigestQueue } from './request-digest-queue.js';

/** The supervisors' daily digest of requests (issue #17): queued by the notifications worker's cron, composed for its sender (imported by NotificationsModule). */
@Module({
  imports: [ChannelsModule],
  providers: [RequestDigestQueue, RequestDigestComposer],
  exports: [RequestDigestQueue, RequestDigestComposer],
})
export class RequestDigestModule {}
