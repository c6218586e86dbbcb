import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A family or group books together (issue #18): `book_group(…)` is `book_seat` for n people in one
 * slot, in one autocommitted statement. Under the office calendar's shared lock it refuses a
 * stale calendar, answers a slot or day without room for all n without a row lock, then claims n
 * seats of the slot (`booked + n <= seats`), then n places of the day (`booked + n <= cap`), then
 * inserts one booking row per person: the holder's (index 0, contact, Idempotency-Key) and one per
 * companion (its own code, no contact), every row with `group_id` = the holder's id. A member that
 * already holds an active booking of the procedure fails `uq_bookings_active_document` and the
 * whole statement, seats included, is rolled back: all of the group or none of it. The holder's
 * confirmation is queued in the same statement, as `book_seat` does. Single bookings keep
 * `book_seat` (their hot path is unchanged).
 */
export class GroupBookings1795890000000 implements MigrationInterface {
  name = 'GroupBookings1795890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION book_group(
        p_office uuid, p_calendar_version bigint, p_service uuid, p_slot_start timestamptz, p_slot_end timestamptz,
        p_local_date date, p_seats int, p_cap int, p_codes text[], p_document_types document_type[], p_document_numbers text[],
        p_full_names text[], p_email text, p_phone text, p_preferential boolean, p_idempotency_scope text, p_idempotency_key text,
        p_sms_consent boolean, p_email_on boolean, p_sms_on boolean, p_now timestamptz,
        OUT out_outcome text, OUT out_id uuid, OUT out_created_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        n int := cardinality(p_codes);
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtextextended(p_office::text, 0));
        IF (SELECT calendar_version FROM offices WHERE id = p_office) IS DISTINCT FROM p_calendar_version THEN
          out_outcome := 'stale';
          RETURN;
        END IF;
        -- A group larger than the slot or the day can never fit (and a new counter row of n would break its CHECK).
        IF n > p_seats OR EXISTS (SELECT 1 FROM slot_capacity WHERE service_id = p_service AND slot_start = p_slot_start AND booked + n > p_seats) THEN
          out_outcome := 'slot_full';
          RETURN;
        END IF;
        IF n > p_cap OR EXISTS (SELECT 1 FROM day_capacity WHERE service_id = p_service AND local_date = p_local_date AND booked + n > p_cap) THEN
          out_outcome := 'day_full';
          RETURN;
        END IF;
        -- The guarantee, as in book_seat: conditional upserts on the slot's row, then the day's, for n at once.
        INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES (p_service, p_slot_start, p_seats, n)
          ON CONFLICT (service_id, slot_start) DO UPDATE SET booked = slot_capacity.booked + n, seats = EXCLUDED.seats
          WHERE slot_capacity.booked + n <= EXCLUDED.seats;
        IF NOT FOUND THEN
          out_outcome := 'slot_full';
          RETURN;
        END IF;
        INSERT INTO day_capacity (service_id, local_date, cap, booked) VALUES (p_service, p_local_date, p_cap, n)
          ON CONFLICT (service_id, local_date) DO UPDATE SET booked = day_capacity.booked + n, cap = EXCLUDED.cap
          WHERE day_capacity.booked + n <= EXCLUDED.cap;
        IF NOT FOUND THEN
          -- The slot's row is still locked by this statement: giving the seats back is exact.
          UPDATE slot_capacity SET booked = booked - n WHERE service_id = p_service AND slot_start = p_slot_start;
          out_outcome := 'day_full';
          RETURN;
        END IF;
        -- Every row carries the holder's id as group_id, so the holder's id is chosen here.
        out_id := gen_random_uuid();
        INSERT INTO bookings (id, code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name,
                              email, phone, preferential, idempotency_scope, idempotency_key, sms_consent, created_at, group_id, group_index)
          SELECT CASE WHEN m.i = 1 THEN out_id ELSE gen_random_uuid() END, m.code, p_office, p_service, p_slot_start, p_slot_end, p_local_date,
                 'confirmed', m.document_type, m.document_number, m.full_name,
                 CASE WHEN m.i = 1 THEN p_email END, CASE WHEN m.i = 1 THEN p_phone END, p_preferential,
                 CASE WHEN m.i = 1 THEN p_idempotency_scope END, CASE WHEN m.i = 1 THEN p_idempotency_key END,
                 m.i = 1 AND p_sms_consent, p_now, out_id, (m.i - 1)::smallint
            FROM unnest(p_codes, p_document_types, p_document_numbers, p_full_names) WITH ORDINALITY AS m(code, document_type, document_number, full_name, i);
        out_created_at := p_now;
        -- The holder's confirmation, in this statement: it commits with the group or not at all.
        IF p_email_on AND p_email IS NOT NULL THEN
          PERFORM queue_notification('booking_confirmed', 'email', out_id, NULL, p_office, p_now, p_now);
        END IF;
        IF p_sms_on AND p_sms_consent AND p_phone IS NOT NULL THEN
          PERFORM queue_notification('booking_confirmed', 'sms', out_id, NULL, p_office, p_now, p_now);
        END IF;
        out_outcome := 'taken';
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION book_group(uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text[], document_type[], text[], text[], text, text, boolean, text, text, boolean, boolean, boolean, timestamptz)`,
    );
  }
}
