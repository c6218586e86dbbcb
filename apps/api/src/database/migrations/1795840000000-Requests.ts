import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests and complaints (OIRS, issue #17):
 * - `request_topics`: an office's catalogue (unique name per office whatever its case,
 *   `uq_request_topics_office_name` on lower(name));
 * - `requests`: one per request, complaint, suggestion or commendation, with its tracking code
 *   (`uq_requests_code`), status, deadline in working days (`due_date`, office-local; paused while
 *   waiting for the person), assignee, answer, rating and the lookup lock (failed lookups per code);
 *   indexed for an office's inbox and reports over 100,000 rows;
 * - `request_events`: every step with who and when; `request_attachments`: the files (bytea);
 * - `offices.request_deadline_days` (working days per kind), `staff_users.email` (the supervisors'
 *   daily digest), `open311_clients` (Open311 api keys, hashed);
 * - the outbox: kinds request_received, request_info_requested, request_answered and
 *   request_digest, `notifications.request_id` / `staff_user_id` (no foreign keys, as notice_id),
 *   and `queue_request_notification(...)`, queue_notification's sibling that records them.
 */
export class Requests1795840000000 implements MigrationInterface {
  name = 'Requests1795840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."request_kind" AS ENUM('request', 'complaint', 'suggestion', 'commendation')`);
    await queryRunner.query(`CREATE TYPE "public"."request_status" AS ENUM('received', 'in_progress', 'waiting', 'answered', 'closed')`);
    await queryRunner.query(`CREATE TYPE "public"."request_channel" AS ENUM('web', 'phone', 'email', 'letter', 'counter', 'open311')`);
    await queryRunner.query(
      `CREATE TABLE "request_topics" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "name" text NOT NULL, "name_en" text, "active" boolean NOT NULL DEFAULT true, "sort_order" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_request_topics" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_request_topics_office_name" ON "request_topics" ("office_id", lower("name"))`);
    await queryRunner.query(
      `CREATE TABLE "requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "code" text NOT NULL, "kind" "public"."request_kind" NOT NULL, "topic_id" uuid NOT NULL, "channel" "public"."request_channel" NOT NULL, "status" "public"."request_status" NOT NULL DEFAULT 'received', "description" text, "contact_name" text, "contact_email" text, "contact_phone" text, "contact_document" text, "sms_consent" boolean NOT NULL DEFAULT false, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "filed_by" uuid, "due_date" date NOT NULL, "deadline_days" integer NOT NULL, "paused_working_days" integer NOT NULL DEFAULT '0', "waiting_since" TIMESTAMP WITH TIME ZONE, "assignee_id" uuid, "answer" text, "answered_at" TIMESTAMP WITH TIME ZONE, "answered_by" uuid, "answer_working_days" integer, "answered_on_time" boolean, "closed_at" TIMESTAMP WITH TIME ZONE, "reopened_count" integer NOT NULL DEFAULT '0', "rating" smallint, "rated_at" TIMESTAMP WITH TIME ZONE, "lookup_failures" integer NOT NULL DEFAULT '0', "lookup_locked_until" TIMESTAMP WITH TIME ZONE, "erased_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_requests_code" UNIQUE ("code"), CONSTRAINT "ck_requests_rating" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "PK_requests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_requests_office_status_due" ON "requests" ("office_id", "status", "due_date")`);
    await queryRunner.query(`CREATE INDEX "ix_requests_office_filed" ON "requests" ("office_id", "filed_at")`);
    await queryRunner.query(`CREATE INDEX "ix_requests_office_assignee_open" ON "requests" ("office_id", "assignee_id") WHERE "status" IN ('received', 'in_progress', 'waiting')`);
    await queryRunner.query(`CREATE INDEX "ix_requests_topic" ON "requests" ("topic_id")`);
    await queryRunner.query(
      `CREATE TABLE "request_events" ("id" BIGSERIAL NOT NULL, "request_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "type" text NOT NULL, "actor" text NOT NULL, "staff_user_id" uuid, "text" text, "data" jsonb, CONSTRAINT "ck_request_events_type" CHECK ("type" IN ('filed', 'assigned', 'note', 'asked', 'replied', 'answered', 'closed', 'reopened', 'rated', 'erased')), CONSTRAINT "ck_request_events_actor" CHECK ("actor" IN ('staff', 'applicant', 'system')), CONSTRAINT "PK_request_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_request_events_request" ON "request_events" ("request_id", "id")`);
    await queryRunner.query(
      `CREATE TABLE "request_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "request_id" uuid NOT NULL, "event_id" bigint, "file_name" text NOT NULL, "media_type" text NOT NULL, "size" integer NOT NULL, "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_request_attachments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_request_attachments_request" ON "request_attachments" ("request_id")`);
    await queryRunner.query(
      `CREATE TABLE "open311_clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "key_hash" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_open311_clients_key_hash" UNIQUE ("key_hash"), CONSTRAINT "PK_open311_clients" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "request_topics" ADD CONSTRAINT "FK_request_topics_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "requests" ADD CONSTRAINT "FK_requests_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `ALTER TABLE "requests" ADD CONSTRAINT "FK_requests_topic" FOREIGN KEY ("topic_id") REFERENCES "request_topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requests" ADD CONSTRAINT "FK_requests_assignee" FOREIGN KEY ("assignee_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "request_events" ADD CONSTRAINT "FK_request_events_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "request_attachments" ADD CONSTRAINT "FK_request_attachments_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offices" ADD "request_deadline_days" jsonb NOT NULL DEFAULT '{"request":10,"complaint":15,"suggestion":10,"commendation":10}'`,
    );
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "email" text`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}, ${REQUEST_KINDS}))`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "request_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "staff_user_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_notifications_request" ON "notifications" ("request_id") WHERE "request_id" IS NOT NULL`);
    // queue_notification's sibling for the request kinds: the row names its request (and, for the
    // digest, the staff user it goes to); the job is added the same way, in the caller's transaction.
    await queryRunner.query(`
      CREATE FUNCTION queue_request_notification(kind text, channel text, request_id uuid, staff_user_id uuid, office_id uuid, due_at timestamptz, now_at timestamptz DEFAULT now())
      RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        queued bigint;
      BEGIN
        INSERT INTO notifications (kind, channel, request_id, staff_user_id, office_id, queued_at, due_at, updated_at)
        VALUES (queue_request_notification.kind, queue_request_notification.channel::notification_channel, queue_request_notification.request_id,
                queue_request_notification.staff_user_id, queue_request_notification.office_id, queue_request_notification.now_at,
                queue_request_notification.due_at, queue_request_notification.now_at)
        ON CONFLICT DO NOTHING
        RETURNING id INTO queued;
        IF queued IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM graphile_worker.add_job('send_notification', json_build_object('id', queued),
          run_at := now() + greatest(queue_request_notification.due_at - queue_request_notification.now_at, interval '0'),
          job_key := 'notification:' || queued, max_attempts := 10);
        RETURN queued;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION queue_request_notification(text, text, uuid, uuid, uuid, timestamptz, timestamptz)`);
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE kind IN (${REQUEST_KINDS}) AND status = 'queued'`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" IN (${REQUEST_KINDS})`);
    await queryRunner.query(`DROP INDEX "public"."ix_notifications_request"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "staff_user_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "request_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}))`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "email"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "request_deadline_days"`);
    await queryRunner.query(`ALTER TABLE "request_attachments" DROP CONSTRAINT "FK_request_attachments_request"`);
    await queryRunner.query(`ALTER TABLE "request_events" DROP CONSTRAINT "FK_request_events_request"`);
    await queryRunner.query(`ALTER TABLE "requests" DROP CONSTRAINT "FK_requests_assignee"`);
    await queryRunner.query(`ALTER TABLE "requests" DROP CONSTRAINT "FK_requests_topic"`);
    await queryRunner.query(`ALTER TABLE "requests" DROP CONSTRAINT "FK_requests_office"`);
    await queryRunner.query(`ALTER TABLE "request_topics" DROP CONSTRAINT "FK_request_topics_office"`);
    await queryRunner.query(`DROP TABLE "open311_clients"`);
    await queryRunner.query(`DROP INDEX "public"."ix_request_attachments_request"`);
    await queryRunner.query(`DROP TABLE "request_attachments"`);
    await queryRunner.query(`DROP INDEX "public"."ix_request_events_request"`);
    await queryRunner.query(`DROP TABLE "request_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_topic"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_office_assignee_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_office_filed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requests_office_status_due"`);
    await queryRunner.query(`DROP TABLE "requests"`);
    await queryRunner.query(`DROP INDEX "public"."uq_request_topics_office_name"`);
    await queryRunner.query(`DROP TABLE "request_topics"`);
    await queryRunner.query(`DROP TYPE "public"."request_channel"`);
    await queryRunner.query(`DROP TYPE "public"."request_status"`);
    await queryRunner.query(`DROP TYPE "public"."request_kind"`);
  }
}

/** The kinds migration MessageSettings allowed. */
const KINDS = `'rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder', 'office_notice'`;
/** The kinds this migration adds. */
const REQUEST_KINDS = `'request_received', 'request_info_requested', 'request_answered', 'request_digest'`;
