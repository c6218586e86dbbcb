import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A closure that cancels bookings tells each applicant (issue #16): the outbox accepts kind
 * 'booking_cancelled_by_office', and such a message keeps the closure it comes from
 * (`notifications.closure_id`, no foreign key, as `bookings.closure_id`: a closure deleted later
 * leaves its history), so the message reads the closure's reason when it is sent.
 */
export class ClosureNotifications1795790000000 implements MigrationInterface {
  name = 'ClosureNotifications1795790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}, 'booking_cancelled_by_office'))`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "closure_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "closure_id"`);
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE kind = 'booking_cancelled_by_office' AND status = 'queued'`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" = 'booking_cancelled_by_office'`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK ("kind" IN (${KINDS}))`);
  }
}

/** The kinds migration BookingNotifications allowed. */
const KINDS = `'rating', 'booking_confirmed', 'booking_rescheduled', 'booking_cancelled'`;
