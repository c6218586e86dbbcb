import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of issue #16's message kinds and the office's say over them:
 * - the outbox accepts 'booking_reminder' and 'office_notice'; an office notice's messages keep the
 *   notice they announce (`notifications.notice_id`, no foreign key, as `closure_id`);
 * - offices: `notifications_off` (the kinds a supervisor switched off; the rating email keeps its
 *   own `rating_email` switch), `reminder_lead_minutes` (how long before the appointment the
 *   reminder goes out, 24 h by default, 1 h to 7 days), and the contact an applicant is given in
 *   messages (`contact_phone`, `contact_email`).
 */
export class MessageSettings1795800000000 implements MigrationInterface {
  name = 'MessageSettings1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}, 'booking_reminder', 'office_notice'))`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "notice_id" uuid`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "notifications_off" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "reminder_lead_minutes" integer NOT NULL DEFAULT '1440'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "contact_phone" text`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "contact_email" text`);
    await queryRunner.query(
      `ALTER TABLE "offices" ADD CONSTRAINT "ck_offices_notifications_off" CHECK ("notifications_off" <@ ARRAY[${SWITCHABLE}]::text[])`,
    );
    await queryRunner.query(`ALTER TABLE "offices" ADD CONSTRAINT "ck_offices_reminder_lead" CHECK ("reminder_lead_minutes" BETWEEN 60 AND 10080)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" DROP CONSTRAINT "ck_offices_reminder_lead"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP CONSTRAINT "ck_offices_notifications_off"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "contact_email"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "contact_phone"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "reminder_lead_minutes"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "notifications_off"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "notice_id"`);
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE kind IN ('booking_reminder', 'office_notice') AND status = 'queued'`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" IN ('booking_reminder', 'office_notice')`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}))`);
  }
}

/** The kinds migration ClosureNotifications allowed. */
const KINDS = `'rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office'`;
/** The kinds an office can switch off here (the rating has `offices.rating_email`). */
const SWITCHABLE = `'booking_confirmed', 'booking_rescheduled', 'booking_cancelled', 'booking_cancelled_by_office', 'booking_reminder', 'office_notice'`;
