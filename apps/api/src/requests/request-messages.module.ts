import { Module } from '@nestjs/common';
import { RequestMessageComposer } from './request-message-composer.js';

/** The composer of requests' messages, for the notifications sender (imported by NotificationsModule). */
@Module({
  providers: [RequestMessageComposer],
  exports: [RequestMessageComposer],
})
export class RequestMessagesModule {}
