import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applicant is told when a booking is confirmed, rescheduled or cancelled (issue #16): the
 * outbox accepts those kinds, a rescheduled message keeps the slot it moved from
 * (`notifications.previous_slot_start`: an instant, no personal data), and `book_seat` queues the
 * confirmation in the booking's own statement — by email when the applicant gave an address and
 * the API has a mail server (`p_email_on`), by SMS when they consented with a phone and the API has
 * an SMS provider (`p_sms_on`). A refused booking (full, duplicate, a reused key) rolls the whole
 * statement back, messages included, so nothing is queued for it.
 */
export class BookingNotifications1795780000000 implements MigrationInterface {
  name = 'BookingNotifications1795780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}))`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "previous_slot_start" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS})`);
    await queryRunner.query(bookSeat(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS}, boolean, boolean, timestamptz)`);
    await queryRunner.query(bookSeat(false));
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "previous_slot_start"`);
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE kind <> 'rating' AND status = 'queued'`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" <> 'rating'`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN ('rating'))`);
  }
}

const KINDS = `'rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled'`;

export const BOOK_SEAT_ARGS = 'uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text, document_type, text, text, text, text, boolean, text, text, boolean';

/** book_seat as migration SmsConsent made it, and queuing the confirmation when `withMessages` (migration BookingCreatedAtAppClock starts from it). */
export function bookSeat(withMessages: boolean): string {
  return `
      CREATE FUNCTION book_seat(
        p_office uuid, p_calendar_version bigint, p_service uuid, p_slot_start timestamptz, p_slot_end timestamptz,
        p_local_date date, p_seats int, p_cap int, p_code text, p_document_type document_type, p_document_number text,
        p_full_name text, p_email text, p_phone text, p_preferential boolean, p_idempotency_scope text, p_idempotency_key text, p_sms_consent boolean,${withMessages ? ' p_email_on boolean, p_sms_on boolean, p_now timestamptz,' : ''}
        OUT out_outcome text, OUT out_id uuid, OUT out_created_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtextextended(p_office::text, 0));
        IF (SELECT calendar_version FROM offices WHERE id = p_office) IS DISTINCT FROM p_calendar_version THEN
          out_outcome := 'stale';
          RETURN;
        END IF;
        -- Most attempts in a rush are for a slot or day already gone: say so without a row lock.
        IF EXISTS (SELECT 1 FROM slot_capacity WHERE service_id = p_service AND slot_start = p_slot_start AND booked >= p_seats) THEN
          out_outcome := 'slot_full';
          RETURN;
        END IF;
        IF EXISTS (SELECT 1 FROM day_capacity WHERE service_id = p_service AND local_date = p_local_date AND booked >= p_cap) THEN
          out_outcome := 'day_full';
          RETURN;
        END IF;
        -- The guarantee: conditional upserts on the slot's row, then the day's (one lock order).
        INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES (p_service, p_slot_start, p_seats, 1)
          ON CONFLICT (service_id, slot_start) DO UPDATE SET booked = slot_capacity.booked + 1, seats = EXCLUDED.seats
          WHERE slot_capacity.booked < EXCLUDED.seats;
        IF NOT FOUND THEN
          out_outcome := 'slot_full';
          RETURN;
        END IF;
        INSERT INTO day_capacity (service_id, local_date, cap, booked) VALUES (p_service, p_local_date, p_cap, 1)
          ON CONFLICT (service_id, local_date) DO UPDATE SET booked = day_capacity.booked + 1, cap = EXCLUDED.cap
          WHERE day_capacity.booked < EXCLUDED.cap;
        IF NOT FOUND THEN
          -- The slot's row is still locked by this statement: giving the seat back is exact.
          UPDATE slot_capacity SET booked = booked - 1 WHERE service_id = p_service AND slot_start = p_slot_start;
          out_outcome := 'day_full';
          RETURN;
        END IF;
        -- A second active booking of the document fails here (uq_bookings_active_document), and a
        -- second booking made by one Idempotency-Key (uq_bookings_idempotency): the whole
        -- statement, seat and day included, is rolled back.
        INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone, preferential, idempotency_scope, idempotency_key, sms_consent)
          VALUES (p_code, p_office, p_service, p_slot_start, p_slot_end, p_local_date, 'confirmed', p_document_type, p_document_number, p_full_name, p_email, p_phone, p_preferential, p_idempotency_scope, p_idempotency_key, p_sms_consent)
          RETURNING id, created_at INTO out_id, out_created_at;${
            withMessages
              ? `
        -- The confirmation, in this statement: it commits with the booking or not at all.
        IF p_email_on AND p_email IS NOT NULL THEN
          PERFORM queue_notification('booking_confirmed', 'email', out_id, NULL, p_office, p_now, p_now);
        END IF;
        IF p_sms_on AND p_sms_consent AND p_phone IS NOT NULL THEN
          PERFORM queue_notification('booking_confirmed', 'sms', out_id, NULL, p_office, p_now, p_now);
        END IF;`
              : ''
          }
        out_outcome := 'taken';
      END $$`;
}
