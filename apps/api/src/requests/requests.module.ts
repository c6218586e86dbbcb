import { Module } from '@nestjs/common';

/**
 * Requests and complaints (OIRS, issue #17): public filing and tracking (public/), the staff inbox
 * (staff/), attachments, deadlines in working days and the messages to the person.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class RequestsModule {}
