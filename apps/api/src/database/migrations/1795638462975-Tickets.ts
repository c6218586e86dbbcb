import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tickets1795638462975 implements MigrationInterface {
  name = 'Tickets1795638462975';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "counter_sessions" ("counter_id" uuid NOT NULL, "office_id" uuid NOT NULL, "open" boolean NOT NULL DEFAULT false, "service_ids" uuid array NOT NULL DEFAULT '{}', "agent_id" uuid, "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_35777f6647533604c765477abb3" PRIMARY KEY ("counter_id"))`);
    await queryRunner.query(`CREATE TABLE "ticket_sequences" ("office_id" uuid NOT NULL, "local_date" date NOT NULL, "prefix" text NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_c7709f403d759321761e12573e7" PRIMARY KEY ("office_id", "local_date", "prefix"))`);
    await queryRunner.query(`CREATE TABLE "walk_in_tallies" ("service_id" uuid NOT NULL, "local_date" date NOT NULL, "issued" integer NOT NULL DEFAULT '0', "refused" integer NOT NULL DEFAULT '0', "cap_override" integer, CONSTRAINT "ck_walk_in_tallies_issued" CHECK ("issued" >= 0), CONSTRAINT "PK_823319025fbe90e8479fc34d323" PRIMARY KEY ("service_id", "local_date"))`);
    await queryRunner.query(`CREATE TABLE "ticket_events" ("id" BIGSERIAL NOT NULL, "ticket_id" uuid NOT NULL, "office_id" uuid NOT NULL, "type" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "counter_id" uuid, "agent_id" uuid, "details" jsonb, CONSTRAINT "PK_d61d07653b492eca67f9bad8ec2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_ticket_events_office_at" ON "ticket_events"  ("office_id", "at") `);
    await queryRunner.query(`CREATE INDEX "ix_ticket_events_ticket" ON "ticket_events"  ("ticket_id", "at") `);
    await queryRunner.query(`CREATE TYPE "public"."ticket_kind" AS ENUM('appointment', 'walk_in')`);
    await queryRunner.query(`CREATE TYPE "public"."ticket_status" AS ENUM('waiting', 'called', 'serving', 'done', 'no_show', 'transferred', 'cancelled')`);
    await queryRunner.query(`CREATE TABLE "tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "service_id" uuid NOT NULL, "booking_id" uuid, "kind" "public"."ticket_kind" NOT NULL, "preferential" boolean NOT NULL DEFAULT false, "number" text NOT NULL, "sequence" integer NOT NULL, "local_date" date NOT NULL, "status" "public"."ticket_status" NOT NULL DEFAULT 'waiting', "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "slot_start" TIMESTAMP WITH TIME ZONE, "called_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "counter_id" uuid, "agent_id" uuid, "recall_count" integer NOT NULL DEFAULT '0', "tracking_code" text NOT NULL, "more_time_used" boolean NOT NULL DEFAULT false, "quoted_wait_minutes" integer, "closed_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_tickets_tracking_code" UNIQUE ("tracking_code"), CONSTRAINT "uq_tickets_office_day_number" UNIQUE ("office_id", "local_date", "number"), CONSTRAINT "PK_343bc942ae261cf7a1377f48fd0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_tickets_office_day" ON "tickets"  ("office_id", "local_date") `);
    await queryRunner.query(`CREATE INDEX "ix_tickets_office_waiting" ON "tickets"  ("office_id", "status", "queued_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_tickets_booking" ON "tickets"  ("booking_id") WHERE "booking_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "queue_policy" jsonb NOT NULL DEFAULT '{"kind":"strict_priority"}'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "auto_no_show_after_recalls" integer NOT NULL DEFAULT '3'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "close_queue_after_minutes" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD "can_call_out_of_order" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_users" DROP COLUMN "can_call_out_of_order"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "close_queue_after_minutes"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "auto_no_show_after_recalls"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "queue_policy"`);
    await queryRunner.query(`DROP INDEX "public"."uq_tickets_booking"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_office_waiting"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_office_day"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`DROP TYPE "public"."ticket_status"`);
    await queryRunner.query(`DROP TYPE "public"."ticket_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ticket_events_ticket"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ticket_events_office_at"`);
    await queryRunner.query(`DROP TABLE "ticket_events"`);
    await queryRunner.query(`DROP TABLE "walk_in_tallies"`);
    await queryRunner.query(`DROP TABLE "ticket_sequences"`);
    await queryRunner.query(`DROP TABLE "counter_sessions"`);
  }
}
