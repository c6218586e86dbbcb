import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BOOK_SEAT_ARGS, bookSeat } from './1795780000000-BookingNotifications.js';

const OLD_COLUMNS = 'idempotency_scope, idempotency_key, sms_consent)\n';
const OLD_VALUES = 'p_idempotency_scope, p_idempotency_key, p_sms_consent)\n';

/**
 * A booking's `created_at` is the app's instant (`p_now`, the injectable Clock) rather than the
 * database's `now()`. The reminder rule ("not for a booking made after the reminder's instant",
 * issue #16) compares it with the slot by the app's clock; with FAKE_NOW (demos, end-to-end tests)
 * the two clocks differ and a booking made in the demo's "today" looked made in the future. In
 * production both are the same instant. Same signature: `CREATE OR REPLACE`.
 */
export function bookSeatWithAppClock(): string {
  const previous = bookSeat(true);
  if (!previous.includes(OLD_COLUMNS) || !previous.includes(OLD_VALUES)) throw new Error('book_seat changed: update migration BookingCreatedAtAppClock');
  return previous
    .replace('CREATE FUNCTION book_seat(', 'CREATE OR REPLACE FUNCTION book_seat(')
    .replace(OLD_COLUMNS, 'idempotency_scope, idempotency_key, sms_consent, created_at)\n')
    .replace(OLD_VALUES, 'p_idempotency_scope, p_idempotency_key, p_sms_consent, p_now)\n');
}

export class BookingCreatedAtAppClock1795850000000 implements MigrationInterface {
  name = 'BookingCreatedAtAppClock1795850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(bookSeatWithAppClock());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS}, boolean, boolean, timestamptz)`);
    await queryRunner.query(bookSeat(true));
  }
}
