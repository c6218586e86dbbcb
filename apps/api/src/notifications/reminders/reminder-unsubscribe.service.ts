import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { UNSUBSCRIBE_TOKEN, type UnsubscribeSubject, UnsubscribeTokens } from './unsubscribe-token.js';

/**
 * A reminder's one-click unsubscribe (RFC 8058): the link's token names a booking; following it
 * (POST) switches that booking's reminders off (`bookings.reminders_off`). Reminders already
 * queued are skipped when they come due (`unsubscribed`), none is queued any more.
 */
@Injectable()
export class ReminderUnsubscribeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  /** The token's booking, checked: 400 for a token of the wrong shape, 404 for one not signed here or of a booking that is gone. */
  async check(token: string): Promise<UnsubscribeSubject> {
    const subject = this.subject(token);
    const [row] = (await this.db.query(`SELECT 1 FROM bookings WHERE id = $1`, [subject.bookingId])) as unknown[];
    if (!row) throw notFound();
    return subject;
  }

  async unsubscribe(token: string): Promise<void> {
    const subject = this.subject(token);
    const [, updated] = (await this.db.query(`UPDATE bookings SET reminders_off = true, updated_at = now() WHERE id = $1`, [subject.bookingId])) as [unknown, number];
    if (updated === 0) throw notFound();
  }

  private subject(token: string): UnsubscribeSubject {
    if (!UNSUBSCRIBE_TOKEN.test(token)) throw ApiException.validation([{ field: 'token', messages: ['token is not an unsubscribe link token'] }]);
    const subject = this.tokens.verify(token);
    if (!subject) throw notFound();
    return subject;
  }
}

function notFound(): ApiException {
  return new ApiException(ErrorCode.NOT_FOUND, 'No such unsubscribe link');
}
