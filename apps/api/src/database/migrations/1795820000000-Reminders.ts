import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder before the appointment (issue #16):
 * - `notifications.reminder_for_slot`: the slot a 'booking_reminder' reminds of. One reminder per
 *   booking, channel and slot (`uq_notifications_reminder`): the queuing task can run on several
 *   instances, twice for one minute or late after an outage, and a rescheduled booking gets a
 *   reminder of its new slot while the old slot's is skipped when it comes due.
 * - `bookings.reminders_off`: the applicant followed the reminder's one-click unsubscribe link.
 * - `ix_bookings_confirmed_office_slot`: an office's confirmed bookings by slot, the range the
 *   queuing task reads every minute (the slots whose reminder instant is near).
 */
export class Reminders1795820000000 implements MigrationInterface {
  name = 'Reminders1795820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "reminder_for_slot" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_reminder" ON "notifications" ("booking_id", "channel", "reminder_for_slot") WHERE "kind" = 'booking_reminder'`,
    );
    await queryRunner.query(`ALTER TABLE "bookings" ADD "reminders_off" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE INDEX "ix_bookings_confirmed_office_slot" ON "bookings" ("office_id", "slot_start") WHERE "status" = 'confirmed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_confirmed_office_slot"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "reminders_off"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_reminder"`);
    await queryRunner.query(`SELECT graphile_worker.remove_job('notification:' || id) FROM notifications WHERE kind = 'booking_reminder' AND status = 'queued'`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "kind" = 'booking_reminder'`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "reminder_for_slot"`);
  }
}

