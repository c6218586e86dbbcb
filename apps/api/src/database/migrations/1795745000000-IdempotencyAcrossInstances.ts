import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency that survives an instance killed mid-request (docs/architecture.md, "Idempotency
 * and rate limits across instances"):
 * - `idempotency_keys.owner` is the liveness lock key of the instance running the request (it
 *   holds that session-level advisory lock while it lives, so a claim whose owner's lock is gone
 *   from pg_locks is abandoned at once); `interrupted` marks a claim released after a failure on
 *   our side, which the next attempt takes over knowing an earlier one ran;
 * - a booking remembers the key that made it (`idempotency_scope`, `idempotency_key`, unique), and
 *   `book_seat` writes them in the booking's own statement, so a retry whose first attempt left no
 *   response finds the booking its key made instead of being refused.
 */
export class IdempotencyAcrossInstances1795745000000 implements MigrationInterface {
  name = 'IdempotencyAcrossInstances1795745000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "owner" bigint`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "interrupted" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "idempotency_scope" text`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "idempotency_key" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_bookings_idempotency" ON "bookings" ("idempotency_scope", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `DROP FUNCTION book_seat(uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text, document_type, text, text, text, text, boolean)`,
    );
    await queryRunner.query(bookSeat(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION book_seat(uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text, document_type, text, text, text, text, boolean, text, text)`,
    );
    await queryRunner.query(bookSeat(false));
    await queryRunner.query(`DROP INDEX "public"."uq_bookings_idempotency"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "idempotency_key"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "idempotency_scope"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "interrupted"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "owner"`);
  }
}

/** book_seat as migration BookingInOneStatement made it, and with the key when `withKey`. */
function bookSeat(withKey: boolean): string {
  return `
      CREATE FUNCTION book_seat(
        p_office uuid, p_calendar_version bigint, p_service uuid, p_slot_start timestamptz, p_slot_end timestamptz,
        p_local_date date, p_seats int, p_cap int, p_code text, p_document_type document_type, p_document_number text,
        p_full_name text, p_email text, p_phone text, p_preferential boolean,${withKey ? ' p_idempotency_scope text, p_idempotency_key text,' : ''}
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
        INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone, preferential${withKey ? ', idempotency_scope, idempotency_key' : ''})
          VALUES (p_code, p_office, p_service, p_slot_start, p_slot_end, p_local_date, 'confirmed', p_document_type, p_document_number, p_full_name, p_email, p_phone, p_preferential${withKey ? ', p_idempotency_scope, p_idempotency_key' : ''})
          RETURNING id, created_at INTO out_id, out_created_at;
        out_outcome := 'taken';
      END $$`;
}
