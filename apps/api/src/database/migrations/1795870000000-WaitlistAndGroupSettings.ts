import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #18's settings, before its tables:
 * - offices: `waitlist_hold_minutes` (how long a seat offered to the next person waiting is held
 *   for them, 30 min by default, 5 min to 24 h; shorter when the slot is sooner) and
 *   `group_tickets` (a group that checks in gets one ticket, or one per person);
 * - services: `max_group_size` (people one booking may take, 1 = no group bookings, up to 10);
 * - bookings: `group_id` (every row of a group booking carries its holder's booking id) and
 *   `group_index` (0 the holder, 1.. the companions).
 */
export class WaitlistAndGroupSettings1795870000000 implements MigrationInterface {
  name = 'WaitlistAndGroupSettings1795870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" ADD "waitlist_hold_minutes" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "group_tickets" text NOT NULL DEFAULT 'one'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD CONSTRAINT "ck_offices_waitlist_hold" CHECK ("waitlist_hold_minutes" BETWEEN 5 AND 1440)`);
    await queryRunner.query(`ALTER TABLE "offices" ADD CONSTRAINT "ck_offices_group_tickets" CHECK ("group_tickets" IN ('one', 'per_person'))`);
    await queryRunner.query(`ALTER TABLE "services" ADD "max_group_size" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "services" ADD CONSTRAINT "ck_services_max_group_size" CHECK ("max_group_size" BETWEEN 1 AND 10)`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "group_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bookings" ADD "group_index" smallint`);
    await queryRunner.query(`CREATE INDEX "ix_bookings_group" ON "bookings" ("group_id") WHERE "group_id" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_group"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "group_index"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "group_id"`);
    await queryRunner.query(`ALTER TABLE "services" DROP CONSTRAINT "ck_services_max_group_size"`);
    await queryRunner.query(`ALTER TABLE "services" DROP COLUMN "max_group_size"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP CONSTRAINT "ck_offices_group_tickets"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP CONSTRAINT "ck_offices_waitlist_hold"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "group_tickets"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "waitlist_hold_minutes"`);
  }
}
