import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applicant's consent to text messages about the booking (`bookings.sms_consent`, false
 * unless the booking form's box was ticked with a phone given): without it no SMS is ever sent.
 * `book_seat` writes it in the booking's own statement, as it does every other field; the
 * retention job erases it with the phone.
 */
export class SmsConsent1795770000000 implements MigrationInterface {
  name = 'SmsConsent1795770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bookings" ADD "sms_consent" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS})`);
    await queryRunner.query(bookSeat(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS}, boolean)`);
    await queryRunner.query(bookSeat(false));
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "sms_consent"`);
  }
}

const BOOK_SEAT_ARGS = 'uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text, document_type, text, text, text, text, boolean, text, text';

/** book_seat as migration IdempotencyAcrossInstances made it, and with the SMS consent when `withConsent`. */
function bookSeat(withConsent: boolean): string {
  return `
      CREATE FUNCTION book_seat(
        p_office uuid, p_calendar_version bigint, p_service uuid, p_slot_start timestamptz, p_slot_end timestamptz,
        p_local_date date, p_seats int, p_cap int, p_code text, p_document_type document_type, p_document_number text,
        p_full_name text, p_email text, p_phone text, p_preferential boolean, p_idempotency_scope text, p_idempotency_key text,${withConsent ? ' p_sms_consent boolean,' : ''}
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
        INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone, preferential, idempotency_scope, idempotency_key${withConsent ? ', sms_consent' : ''})
          VALUES (p_code, p_office, p_service, p_slot_start, p_slot_end, p_local_date, 'confirmed', p_document_type, p_document_number, p_full_name, p_email, p_phone, p_preferential, p_idempotency_scope, p_idempotency_key${withConsent ? ', p_sms_consent' : ''})
          RETURNING id, created_at INTO out_id, out_created_at;
        out_outcome := 'taken';
      END $$`;
}
