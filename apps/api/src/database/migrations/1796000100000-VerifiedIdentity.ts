import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BOOK_SEAT_ARGS } from './1795780000000-BookingNotifications.js';
import { bookSeatWithAppClock } from './1795850000000-BookingCreatedAtAppClock.js';
import { GroupBookings1795890000000 } from './1795890000000-GroupBookings.js';

const OLD_SIGNATURE = 'p_email_on boolean, p_sms_on boolean, p_now timestamptz,\n';
const OLD_COLUMNS = 'idempotency_scope, idempotency_key, sms_consent, created_at)\n';
const OLD_VALUES = 'p_idempotency_scope, p_idempotency_key, p_sms_consent, p_now)\n';
const BOOK_GROUP_ARGS = 'uuid, bigint, uuid, timestamptz, timestamptz, date, int, int, text[], document_type[], text[], text[], text, text, boolean, text, text, boolean, boolean, boolean, timestamptz';

/**
 * Verified identity (issue #20). A procedure may require it (`services.requires_verified_identity`):
 * then only an applicant signed in with ClaveÚnica can book it. A booking made while signed in is
 * marked `bookings.identity_verified` (the holder's row; a group's companions are not verified), a
 * request filed while signed in `requests.identity_verified`, so the front desk and the office's
 * staff see who proved who they are.
 *
 * `book_seat` and `book_group` write the mark in the booking's own statement, as every other
 * field: a last argument `p_identity_verified` defaulting to false (so the booking yardstick's call,
 * without it, is unchanged). A new argument list is a new function, so each is dropped and created.
 *
 * "Mis trámites" lists a signed-in person's bookings by document and requests by contact document:
 * one index each (the requests' only where a document was given).
 */
export class VerifiedIdentity1796000100000 implements MigrationInterface {
  name = 'VerifiedIdentity1796000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "services" ADD "requires_verified_identity" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "identity_verified" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "requests" ADD "identity_verified" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE INDEX "ix_bookings_document" ON "bookings" ("document_number", "document_type")`);
    await queryRunner.query(`CREATE INDEX "ix_requests_contact_document" ON "requests" ("contact_document") WHERE "contact_document" IS NOT NULL`);
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS}, boolean, boolean, timestamptz)`);
    await queryRunner.query(bookSeatVerified());
    await queryRunner.query(`DROP FUNCTION book_group(${BOOK_GROUP_ARGS})`);
    await queryRunner.query(BOOK_GROUP_VERIFIED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION book_group(${BOOK_GROUP_ARGS}, boolean)`);
    await new GroupBookings1795890000000().up(queryRunner);
    await queryRunner.query(`DROP FUNCTION book_seat(${BOOK_SEAT_ARGS}, boolean, boolean, timestamptz, boolean)`);
    await queryRunner.query(bookSeatWithAppClock());
    await queryRunner.query(`DROP INDEX "public"."ix_requests_contact_document"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_document"`);
    await queryRunner.query(`ALTER TABLE "requests" DROP COLUMN "identity_verified"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "identity_verified"`);
    await queryRunner.query(`ALTER TABLE "services" DROP COLUMN "requires_verified_identity"`);
  }
}

/** book_seat as migration BookingCreatedAtAppClock made it, writing `p_identity_verified` (default false) on the booking. */
export function bookSeatVerified(): string {
  const previous = bookSeatWithAppClock();
  if (!previous.includes(OLD_SIGNATURE) || !previous.includes(OLD_COLUMNS) || !previous.includes(OLD_VALUES)) {
    throw new Error('book_seat changed: update migration VerifiedIdentity');
  }
  return previous
    .replace('CREATE OR REPLACE FUNCTION book_seat(', 'CREATE FUNCTION book_seat(')
    .replace(OLD_SIGNATURE, 'p_email_on boolean, p_sms_on boolean, p_now timestamptz, p_identity_verified boolean DEFAULT false,\n')
    .replace(OLD_COLUMNS, 'idempotency_scope, idempotency_key, sms_consent, created_at, identity_verified)\n')
    .replace(OLD_VALUES, 'p_idempotency_scope, p_idempotency_key, p_sms_consent, p_now, p_identity_verified)\n');
}

/** book_group as migration GroupBookings made it, with `p_identity_verified` (default false) written on the holder's row only. */
const BOOK_GROUP_VERIFIED = `
      CREATE FUNCTION book_group(
        p_office uuid, p_calendar_version bigint, p_service uuid, p_slot_start timestamptz, p_slot_end timestamptz,
        p_local_date date, p_seats int, p_cap int, p_codes text[], p_document_types document_type[], p_document_numbers text[],
        p_full_names text[], p_email text, p_phone text, p_preferential boolean, p_idempotency_scope text, p_idempotency_key text,
        p_sms_consent boolean, p_email_on boolean, p_sms_on boolean, p_now timestamptz, p_identity_verified boolean DEFAULT false,
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
        -- Every row carries the holder's id as group_id, so the holder's id is chosen here. Only the
        -- holder signed in: the companions' identities are as typed.
        out_id := gen_random_uuid();
        INSERT INTO bookings (id, code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name,
                              email, phone, preferential, idempotency_scope, idempotency_key, sms_consent, created_at, group_id, group_index, identity_verified)
          SELECT CASE WHEN m.i = 1 THEN out_id ELSE gen_random_uuid() END, m.code, p_office, p_service, p_slot_start, p_slot_end, p_local_date,
                 'confirmed', m.document_type, m.document_number, m.full_name,
                 CASE WHEN m.i = 1 THEN p_email END, CASE WHEN m.i = 1 THEN p_phone END, p_preferential,
                 CASE WHEN m.i = 1 THEN p_idempotency_scope END, CASE WHEN m.i = 1 THEN p_idempotency_key END,
                 m.i = 1 AND p_sms_consent, p_now, out_id, (m.i - 1)::smallint, m.i = 1 AND p_identity_verified
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
      END $$`;
