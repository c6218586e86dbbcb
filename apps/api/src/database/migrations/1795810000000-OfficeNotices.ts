import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Office notices (issue #16, the Iquique case): a text an office's supervisor publishes for a
 * period, shown on the booking site, the kiosk and the waiting-room screen, and optionally sent to
 * everyone booked in that period (kind 'office_notice', `notifications.notice_id`).
 * A deleted notice keeps its row (`deleted_at`): the messages it caused still name it in reports.
 * The partial index serves the public "in force now" read: an office's live notices by end.
 */
export class OfficeNotices1795810000000 implements MigrationInterface {
  name = 'OfficeNotices1795810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "office_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "message" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by" uuid, CONSTRAINT "ck_office_notices_period" CHECK ("starts_at" < "ends_at"), CONSTRAINT "PK_office_notices" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_office_notices_live" ON "office_notices" ("office_id", "ends_at") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "office_notices" ADD CONSTRAINT "FK_office_notices_office" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "office_notices" DROP CONSTRAINT "FK_office_notices_office"`);
    await queryRunner.query(`DROP INDEX "public"."ix_office_notices_live"`);
    await queryRunner.query(`DROP TABLE "office_notices"`);
  }
}
