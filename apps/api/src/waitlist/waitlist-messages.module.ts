import { Module } from '@nestjs/common';
import { WaitlistMessageComposer } from './waitlist-message-composer.js';

/** The composer of the waitlist's messages, for the notifications sender (imported by NotificationsModule). */
@Module({
  providers: [WaitlistMessageComposer],
  exports: [WaitlistMessageComposer],
})
export class WaitlistMessagesModule {}
