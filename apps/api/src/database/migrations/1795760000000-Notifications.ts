import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One outbox for every message (issue #16): the table `notifications` (one row per message, no
 * address or phone in it), and `queue_notification(...)`, which inserts the row and adds its
 * graphile-worker job (`send_notification`, job key `notification:<id>`) in the caller's
 * transaction — the same statement, when the caller is one. graphile-worker's own schema is
 * migrated before this one (database/migrate.ts). The rating emails' old outbox `rating_emails`
 * moves in here: its pending rows get a job, its finished rows are kept as history, and it is dropped.
 */
export class Notifications1795760000000 implements MigrationInterface {
  name = 'Notifications1795760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."notification_channel" AS ENUM('email', 'sms')`);
    await queryRunner.query(`CREATE TYPE "public"."notification_status" AS ENUM('queued', 'sent', 'failed', 'skipped')`);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "kind" text NOT NULL, "channel" "public"."notification_channel" NOT NULL, "status" "public"."notification_status" NOT NULL DEFAULT 'queued', "booking_id" uuid, "ticket_id" uuid, "office_id" uuid NOT NULL, "reason" text, "attempts" integer NOT NULL DEFAULT '0', "claimed_by" bigint, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN ('rating')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notifications_rating" ON "notifications" ("ticket_id", "channel") WHERE "kind" = 'rating'`);
    await queryRunner.query(`CREATE INDEX "ix_notifications_booking" ON "notifications" ("booking_id") WHERE "booking_id" IS NOT NULL`);
    // The job's run_at keeps the caller's delay (due_at - now_at) on the database's clock, so an app
    // whose clock is shifted (FAKE_NOW) still waits as long as it asked; now_at defaults to now().
    await queryRunner.query(`
      CREATE FUNCTION queue_notification(kind text, channel text, booking_id uuid, ticket_id uuid, office_id uuid, due_at timestamptz, now_at timestamptz DEFAULT now())
      RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        queued bigint;
      BEGIN
        INSERT INTO notifications (kind, channel, booking_id, ticket_id, office_id, queued_at, due_at, updated_at)
        VALUES (queue_notification.kind, queue_notification.channel::notification_channel, queue_notification.booking_id, queue_notification.ticket_id,
                queue_notification.office_id, queue_notification.now_at, queue_notification.due_at, queue_notification.now_at)
        ON CONFLICT DO NOTHING
        RETURNING id INTO queued;
        IF queued IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM graphile_worker.add_job('send_notification', json_build_object('id', queued),
          run_at := now() + greatest(queue_notification.due_at - queue_notification.now_at, interval '0'),
          job_key := 'notification:' || queued, max_attempts := 10);
        RETURN queued;
      END
      $$`);
    // The old outbox: every row kept, the pending ones queued again (due when they were due).
    await queryRunner.query(
      `INSERT INTO notifications (kind, channel, status, booking_id, ticket_id, office_id, reason, attempts, queued_at, due_at, sent_at, updated_at)
       SELECT 'rating', 'email', CASE r.status::text WHEN 'pending' THEN 'queued' ELSE r.status::text END::notification_status, t.booking_id, r.ticket_id, t.office_id,
              r.outcome, r.attempts, r.queued_at, r.next_attempt_at, CASE WHEN r.status = 'sent' THEN r.finished_at END, COALESCE(r.finished_at, r.queued_at)
         FROM rating_emails r JOIN tickets t ON t.id = r.ticket_id
        ORDER BY r.id`,
    );
    await queryRunner.query(
      `SELECT graphile_worker.add_job('send_notification', json_build_object('id', id), run_at := greatest(due_at, now()), job_key := 'notification:' || id, max_attempts := 10)
         FROM notifications WHERE status = 'queued' ORDER BY id`,
    );
    await queryRunner.query(`DROP TABLE "rating_emails"`);
    await queryRunner.query(`DROP TYPE "public"."rating_email_status"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."rating_email_status" AS ENUM('pending', 'sent', 'skipped', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "rating_emails" ("id" BIGSERIAL NOT NULL, "ticket_id" uuid NOT NULL, "status" "public"."rating_email_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "outcome" text, "claimed_by" bigint, CONSTRAINT "uq_rating_emails_ticket" UNIQUE ("ticket_id"), CONSTRAINT "PK_2e15b0e027542f4773d66a7df4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_rating_emails_due" ON "rating_emails" ("next_attempt_at", "id") WHERE "status" = 'pending'`);
    await queryRunner.query(
      `INSERT INTO rating_emails (ticket_id, status, attempts, queued_at, next_attempt_at, finished_at, outcome)
       SELECT ticket_id, CASE status::text WHEN 'queued' THEN 'pending' ELSE status::text END::rating_email_status, attempts, queued_at, due_at,
              CASE WHEN status <> 'queued' THEN updated_at END, reason
         FROM notifications WHERE kind = 'rating' AND channel = 'email' AND ticket_id IS NOT NULL ORDER BY id`,
    );
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE status = 'queued'`);
    await queryRunner.query(`DROP FUNCTION queue_notification(text, text, uuid, uuid, uuid, timestamptz, timestamptz)`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_booking"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_rating"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TYPE "public"."notification_status"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
  }
}
