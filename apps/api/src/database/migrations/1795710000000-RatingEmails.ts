import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The email that asks for a rating (issue #9): the outbox `rating_emails` (one row per completed
 * booked ticket, no personal data in it) and the office's switch `rating_email`, on by default.
 */
export class RatingEmails1795710000000 implements MigrationInterface {
  name = 'RatingEmails1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."rating_email_status" AS ENUM('pending', 'sent', 'skipped', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "rating_emails" ("id" BIGSERIAL NOT NULL, "ticket_id" uuid NOT NULL, "status" "public"."rating_email_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "uq_rating_emails_ticket" UNIQUE ("ticket_id"), CONSTRAINT "PK_2e15b0e027542f4773d66a7df4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_rating_emails_due" ON "rating_emails" ("next_attempt_at", "id") WHERE "status" = 'pending'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "rating_email" boolean NOT NULL DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "rating_email"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rating_emails_due"`);
    await queryRunner.query(`DROP TABLE "rating_emails"`);
    await queryRunner.query(`DROP TYPE "public"."rating_email_status"`);
  }
}
