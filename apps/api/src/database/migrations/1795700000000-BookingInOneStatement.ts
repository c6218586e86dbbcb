import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking in one autocommitted statement (docs/architecture.md, "Capacity"):
 * - `offices.calendar_version` counts changes of everything the slot grid depends on (hours,
 *   zone, holidays, closures and extra openings), kept by triggers so no writer can forget it;
 * - `book_seat(...)` takes the office calendar's shared lock, refuses when the calendar the
 *   caller checked the rules against is no longer current ('stale'), answers a full slot or day
 *   without taking a row lock, then claims the slot, the day and inserts the booking. Being
 *   VOLATILE, each statement inside sees what committed before it started, so the version is
 *   read after the lock was granted, as a separate statement in a transaction would.
 */
export class BookingInOneStatement1795700000000 implements MigrationInterface {
  name = 'BookingInOneStatement1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" ADD "calendar_version" bigint NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE FUNCTION offices_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.opening_hours IS DISTINCT FROM OLD.opening_hours OR NEW.time_zone IS DISTINCT FROM OLD.time_zone
           OR NEW.holiday_country IS DISTINCT FROM OLD.holiday_country OR NEW.holiday_region IS DISTINCT FROM OLD.holiday_region THEN
          NEW.calendar_version := OLD.calendar_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_offices_calendar_version" BEFORE UPDATE ON "offices" FOR EACH ROW EXECUTE FUNCTION offices_calendar_version()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION office_closures_calendar_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN UPDATE offices SET calendar_version = calendar_version + 1 WHERE id = OLD.office_id; END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.office_id IS DISTINCT FROM OLD.office_id) THEN
          UPDATE offices SET calendar_version = calendar_version + 1 WHERE id = NEW.office_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_office_closures_calendar_version" AFTER INSERT OR UPDATE OR DELETE ON "office_closures" FOR EACH ROW EXECUTE FUNCTION office_closures_calendar_version()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION book_seat(
        p_office uuid, p_calendar_version bigint, p_service uuid, p_slot_start timestamptz, p_slot_end timestamptz,
        p_local_date date, p_seats int, p_cap int, p_code text, p_document_type document_type, p_document_number text,
        p_full_name text, p_email text, p_phone text, p_preferential boolean,
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
        -- A second active booking of the document fails here (uq_bookings_active_document) and
        -- the whole statement, seat and day included, is rolled back.
        INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone, preferential)
          VALUES (p_code, p_office, p_service, p_slot_start, p_slot_end, p_local_date, 'confirmed', p_document_type, p_document_number, p_full_name, p_email, p_phone, p_preferential)
          RETURNING id, created_at INTO out_id, out_created_at;
        out_outcome := 'taken';
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION book_seat(uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text, document_type, text, text, text, text, boolean)`);
    await queryRunner.query(`DROP TRIGGER "tr_office_closures_calendar_version" ON "office_closures"`);
    await queryRunner.query(`DROP FUNCTION office_closures_calendar_version()`);
    await queryRunner.query(`DROP TRIGGER "tr_offices_calendar_version" ON "offices"`);
    await queryRunner.query(`DROP FUNCTION offices_calendar_version()`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "calendar_version"`);
  }
}
