import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waitlist (issue #18): a freed seat goes to the next person waiting.
 * - `waitlist_entries`: one per person waiting for a procedure, with their wishes (a range of
 *   office-local dates, ISO weekdays or any, mornings only), their contact for the messages, the
 *   order of joining (`seq`), declined and expired offers (`misses`) and the entry's status; one
 *   active entry per document and procedure (`uq_waitlist_entries_active_document`), the waiting
 *   ones of a procedure in order (`ix_waitlist_entries_waiting`);
 * - `waitlist_offers`: a seat held for an entry until `expires_at` (counted in slot_capacity and
 *   day_capacity like a booking), and what became of it; one held offer per entry;
 * - `waitlist_offer_seat(...)`: gives a seat the caller holds in the ledger (a cancelled booking's,
 *   an expired offer's, one the sweep claimed) to the first waiting entry of the procedure, by
 *   `seq`, that the slot matches and whose document has no active booking for it (`FOR UPDATE
 *   SKIP LOCKED`: concurrent hand-offs on any instance take different people), queuing the offer's
 *   message; with no such entry, or no hold window, it gives the seat back to the ledger;
 * - the outbox: kinds waitlist_joined, waitlist_offer, waitlist_offer_expired, waitlist_removed,
 *   `notifications.waitlist_entry_id` (no foreign key, as request_id) and
 *   `queue_waitlist_notification(...)`, queue_notification's sibling that records it.
 */
export class Waitlist1795880000000 implements MigrationInterface {
  name = 'Waitlist1795880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "waitlist_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "office_id" uuid NOT NULL, "service_id" uuid NOT NULL, "from_date" date NOT NULL, "to_date" date NOT NULL, "weekdays" smallint array, "morning_only" boolean NOT NULL DEFAULT false, "document_type" "public"."document_type" NOT NULL, "document_number" text NOT NULL, "full_name" text NOT NULL, "email" text, "phone" text, "sms_consent" boolean NOT NULL DEFAULT false, "language" text NOT NULL DEFAULT 'es', "status" text NOT NULL DEFAULT 'waiting', "seq" BIGSERIAL NOT NULL, "misses" integer NOT NULL DEFAULT '0', "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "idempotency_scope" text, "idempotency_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_waitlist_entries_code" UNIQUE ("code"), CONSTRAINT "ck_waitlist_entries_status" CHECK ("status" IN ('waiting', 'offered', 'booked', 'left', 'removed')), CONSTRAINT "ck_waitlist_entries_range" CHECK ("from_date" <= "to_date"), CONSTRAINT "PK_waitlist_entries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_waitlist_entries_active_document" ON "waitlist_entries" ("service_id", "document_type", "document_number") WHERE "status" IN ('waiting', 'offered')`,
    );
    await queryRunner.query(`CREATE INDEX "ix_waitlist_entries_waiting" ON "waitlist_entries" ("service_id", "seq") WHERE "status" = 'waiting'`);
    await queryRunner.query(`CREATE INDEX "ix_waitlist_entries_office_joined" ON "waitlist_entries" ("office_id", "joined_at")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_waitlist_entries_idempotency" ON "waitlist_entries" ("idempotency_scope", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "waitlist_offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entry_id" uuid NOT NULL, "service_id" uuid NOT NULL, "office_id" uuid NOT NULL, "slot_start" TIMESTAMP WITH TIME ZONE NOT NULL, "slot_end" TIMESTAMP WITH TIME ZONE NOT NULL, "local_date" date NOT NULL, "status" text NOT NULL DEFAULT 'held', "cause" text NOT NULL, "offered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "booking_id" uuid, CONSTRAINT "ck_waitlist_offers_status" CHECK ("status" IN ('held', 'accepted', 'declined', 'expired', 'released')), CONSTRAINT "ck_waitlist_offers_cause" CHECK ("cause" IN ('cancellation', 'reschedule', 'sweep')), CONSTRAINT "PK_waitlist_offers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_waitlist_offers_held" ON "waitlist_offers" ("entry_id") WHERE "status" = 'held'`);
    await queryRunner.query(`CREATE INDEX "ix_waitlist_offers_entry" ON "waitlist_offers" ("entry_id", "offered_at")`);
    await queryRunner.query(`CREATE INDEX "ix_waitlist_offers_held_expiry" ON "waitlist_offers" ("expires_at") WHERE "status" = 'held'`);
    await queryRunner.query(`CREATE INDEX "ix_waitlist_offers_office_offered" ON "waitlist_offers" ("office_id", "offered_at")`);
    await queryRunner.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "FK_waitlist_entries_service" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "waitlist_offers" ADD CONSTRAINT "FK_waitlist_offers_entry" FOREIGN KEY ("entry_id") REFERENCES "waitlist_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}, ${WAITLIST_KINDS}))`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "waitlist_entry_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_notifications_waitlist_entry" ON "notifications" ("waitlist_entry_id") WHERE "waitlist_entry_id" IS NOT NULL`);
    // queue_notification's sibling for the waitlist kinds: the row names the entry; the job is added
    // the same way, in the caller's transaction.
    await queryRunner.query(`
      CREATE FUNCTION queue_waitlist_notification(kind text, channel text, entry_id uuid, office_id uuid, due_at timestamptz, now_at timestamptz DEFAULT now())
      RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        queued bigint;
      BEGIN
        INSERT INTO notifications (kind, channel, waitlist_entry_id, office_id, queued_at, due_at, updated_at)
        VALUES (queue_waitlist_notification.kind, queue_waitlist_notification.channel::notification_channel, queue_waitlist_notification.entry_id,
                queue_waitlist_notification.office_id, queue_waitlist_notification.now_at, queue_waitlist_notification.due_at, queue_waitlist_notification.now_at)
        RETURNING id INTO queued;
        PERFORM graphile_worker.add_job('send_notification', json_build_object('id', queued),
          run_at := now() + greatest(queue_waitlist_notification.due_at - queue_waitlist_notification.now_at, interval '0'),
          job_key := 'notification:' || queued, max_attempts := 10);
        RETURN queued;
      END
      $$`);
    // Both channels of an entry's message, each only when the entry has that contact and the server
    // that channel (email: an address and p_email_on; SMS: consent, a phone and p_sms_on).
    await queryRunner.query(`
      CREATE FUNCTION queue_waitlist_messages(p_kind text, p_entry uuid, p_now timestamptz, p_email_on boolean, p_sms_on boolean)
      RETURNS int LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        e record;
        queued int := 0;
      BEGIN
        SELECT office_id, email, phone, sms_consent INTO e FROM waitlist_entries WHERE id = p_entry;
        IF p_email_on AND e.email IS NOT NULL THEN
          PERFORM queue_waitlist_notification(p_kind, 'email', p_entry, e.office_id, p_now, p_now);
          queued := queued + 1;
        END IF;
        IF p_sms_on AND e.sms_consent AND e.phone IS NOT NULL THEN
          PERFORM queue_waitlist_notification(p_kind, 'sms', p_entry, e.office_id, p_now, p_now);
          queued := queued + 1;
        END IF;
        RETURN queued;
      END
      $$`);
    await queryRunner.query(WAITLIST_OFFER_SEAT);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION waitlist_offer_seat(${OFFER_SEAT_ARGS})`);
    await queryRunner.query(`DROP FUNCTION queue_waitlist_messages(text, uuid, timestamptz, boolean, boolean)`);
    await queryRunner.query(`DROP FUNCTION queue_waitlist_notification(text, text, uuid, uuid, timestamptz, timestamptz)`);
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE kind IN (${WAITLIST_KINDS}) AND status = 'queued'`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" IN (${WAITLIST_KINDS})`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_waitlist_entry"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "waitlist_entry_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}))`);
    // Held seats go back to the ledger before their offers disappear.
    await queryRunner.query(
      `UPDATE slot_capacity s SET booked = s.booked - h.n FROM (SELECT service_id, slot_start, count(*)::int AS n FROM waitlist_offers WHERE status = 'held' GROUP BY 1, 2) h
        WHERE s.service_id = h.service_id AND s.slot_start = h.slot_start`,
    );
    await queryRunner.query(
      `UPDATE day_capacity d SET booked = d.booked - h.n FROM (SELECT service_id, local_date, count(*)::int AS n FROM waitlist_offers WHERE status = 'held' GROUP BY 1, 2) h
        WHERE d.service_id = h.service_id AND d.local_date = h.local_date`,
    );
    await queryRunner.query(`ALTER TABLE "waitlist_offers" DROP CONSTRAINT "FK_waitlist_offers_entry"`);
    await queryRunner.query(`ALTER TABLE "waitlist_entries" DROP CONSTRAINT "FK_waitlist_entries_service"`);
    await queryRunner.query(`DROP INDEX "public"."ix_waitlist_offers_office_offered"`);
    await queryRunner.query(`DROP INDEX "public"."ix_waitlist_offers_held_expiry"`);
    await queryRunner.query(`DROP INDEX "public"."ix_waitlist_offers_entry"`);
    await queryRunner.query(`DROP INDEX "public"."uq_waitlist_offers_held"`);
    await queryRunner.query(`DROP TABLE "waitlist_offers"`);
    await queryRunner.query(`DROP INDEX "public"."uq_waitlist_entries_idempotency"`);
    await queryRunner.query(`DROP INDEX "public"."ix_waitlist_entries_office_joined"`);
    await queryRunner.query(`DROP INDEX "public"."ix_waitlist_entries_waiting"`);
    await queryRunner.query(`DROP INDEX "public"."uq_waitlist_entries_active_document"`);
    await queryRunner.query(`DROP TABLE "waitlist_entries"`);
  }
}

/** The kinds migration Requests allowed. */
const KINDS = `'rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder', 'office_notice', 'request_received', 'request_info_requested', 'request_answered', 'request_digest'`;
/** The kinds this migration adds. */
const WAITLIST_KINDS = `'waitlist_joined', 'waitlist_offer', 'waitlist_offer_expired', 'waitlist_removed'`;

const OFFER_SEAT_ARGS = 'uuid, uuid, timestamptz, timestamptz, date, int, boolean, timestamptz, text, timestamptz, boolean, boolean, uuid';

/**
 * The hand-off, one statement for the caller (SeatHandOff, the expiry and the sweep): the seat of
 * (p_service, p_slot_start, p_local_date) is counted in the ledger for the caller. With a hold
 * window (p_expires_at not null), the first waiting entry of the procedure by `seq` that the slot
 * matches (its date in the range, p_isodow among the weekdays or any, p_morning for mornings
 * only), other than p_exclude and whose document has no confirmed booking of the procedure, is
 * locked (`SKIP LOCKED`: an entry another hand-off is taking is passed over, never waited for),
 * gets a held offer and the status 'offered', and its message is queued; the seat stays counted,
 * now for the offer. Otherwise the seat is given back to the ledger. Returns the offer's id, or
 * null when the seat was given back.
 */
const WAITLIST_OFFER_SEAT = `
      CREATE FUNCTION waitlist_offer_seat(
        p_service uuid, p_office uuid, p_slot_start timestamptz, p_slot_end timestamptz, p_local_date date, p_isodow int, p_morning boolean,
        p_expires_at timestamptz, p_cause text, p_now timestamptz, p_email_on boolean, p_sms_on boolean, p_exclude uuid)
      RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_entry uuid;
        v_offer uuid;
      BEGIN
        IF p_expires_at IS NOT NULL THEN
          SELECT e.id INTO v_entry FROM waitlist_entries e
           WHERE e.service_id = p_service AND e.status = 'waiting'
             AND e.from_date <= p_local_date AND e.to_date >= p_local_date
             AND (e.weekdays IS NULL OR p_isodow = ANY (e.weekdays))
             AND (NOT e.morning_only OR p_morning)
             AND e.id IS DISTINCT FROM p_exclude
             AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.service_id = e.service_id AND b.document_type = e.document_type
                                AND b.document_number = e.document_number AND b.status = 'confirmed')
           ORDER BY e.seq
           LIMIT 1
           FOR UPDATE SKIP LOCKED;
        END IF;
        IF v_entry IS NULL THEN
          UPDATE slot_capacity SET booked = booked - 1 WHERE service_id = p_service AND slot_start = p_slot_start AND booked > 0;
          UPDATE day_capacity SET booked = booked - 1 WHERE service_id = p_service AND local_date = p_local_date AND booked > 0;
          RETURN NULL;
        END IF;
        INSERT INTO waitlist_offers (entry_id, service_id, office_id, slot_start, slot_end, local_date, status, cause, offered_at, expires_at)
          VALUES (v_entry, p_service, p_office, p_slot_start, p_slot_end, p_local_date, 'held', p_cause, p_now, p_expires_at)
          RETURNING id INTO v_offer;
        UPDATE waitlist_entries SET status = 'offered', updated_at = p_now WHERE id = v_entry;
        PERFORM queue_waitlist_messages('waitlist_offer', v_entry, p_now, p_email_on, p_sms_on);
        RETURN v_offer;
      END $$`;
