import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Bookings1795637778749 implements MigrationInterface {
  name = 'Bookings1795637778749';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."booking_status" AS ENUM('confirmed', 'checked_in', 'cancelled', 'no_show', 'expired')`);
    await queryRunner.query(`CREATE TYPE "public"."document_type" AS ENUM('RUT', 'PASSPORT', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "bookings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "office_id" uuid NOT NULL, "service_id" uuid NOT NULL, "slot_start" TIMESTAMP WITH TIME ZONE NOT NULL, "slot_end" TIMESTAMP WITH TIME ZONE NOT NULL, "local_date" date NOT NULL, "status" "public"."booking_status" NOT NULL DEFAULT 'confirmed', "document_type" "public"."document_type" NOT NULL, "document_number" text NOT NULL, "full_name" text NOT NULL, "email" text, "phone" text, "preferential" boolean NOT NULL DEFAULT false, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "closure_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_bookings_code" UNIQUE ("code"), CONSTRAINT "PK_bee6805982cc1e248e94ce94957" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_bookings_closure" ON "bookings"  ("closure_id") `);
    await queryRunner.query(`CREATE INDEX "ix_bookings_office_date" ON "bookings"  ("office_id", "local_date") `);
    await queryRunner.query(`CREATE INDEX "ix_bookings_service_slot" ON "bookings"  ("service_id", "slot_start") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_bookings_active_document" ON "bookings"  ("service_id", "document_type", "document_number") WHERE "status" = 'confirmed'`);
    await queryRunner.query(`CREATE TABLE "slot_capacity" ("service_id" uuid NOT NULL, "slot_start" TIMESTAMP WITH TIME ZONE NOT NULL, "seats" integer NOT NULL, "booked" integer NOT NULL DEFAULT '0', CONSTRAINT "ck_slot_capacity_booked" CHECK ("booked" >= 0 AND "booked" <= "seats"), CONSTRAINT "PK_007e4c8462c15f614f1d3e25dc3" PRIMARY KEY ("service_id", "slot_start"))`);
    await queryRunner.query(`CREATE TABLE "day_capacity" ("service_id" uuid NOT NULL, "local_date" date NOT NULL, "cap" integer NOT NULL, "booked" integer NOT NULL DEFAULT '0', CONSTRAINT "ck_day_capacity_booked" CHECK ("booked" >= 0 AND "booked" <= "cap"), CONSTRAINT "PK_420c97a80ba87cf8a1f137715ce" PRIMARY KEY ("service_id", "local_date"))`);
    await queryRunner.query(`CREATE TABLE "office_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "date" date NOT NULL, "kind" text NOT NULL, "start_time" text, "end_time" text, "intervals" jsonb, "reason" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_office_closures_hours" CHECK (("start_time" IS NULL) = ("end_time" IS NULL)), CONSTRAINT "PK_34fd44e442e9673688d4975bd11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_office_closures_office_date" ON "office_closures"  ("office_id", "date") `);
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("scope" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`);
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys"  ("created_at") `);
    await queryRunner.query(`ALTER TABLE "bookings" ADD CONSTRAINT "FK_df22e2beaabc33a432b4f65e3c2" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "office_closures" ADD CONSTRAINT "FK_60490d7e88262eb0204fb37f929" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "office_closures" DROP CONSTRAINT "FK_60490d7e88262eb0204fb37f929"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "FK_df22e2beaabc33a432b4f65e3c2"`);
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_office_closures_office_date"`);
    await queryRunner.query(`DROP TABLE "office_closures"`);
    await queryRunner.query(`DROP TABLE "day_capacity"`);
    await queryRunner.query(`DROP TABLE "slot_capacity"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bookings_active_document"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_service_slot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_office_date"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bookings_closure"`);
    await queryRunner.query(`DROP TABLE "bookings"`);
    await queryRunner.query(`DROP TYPE "public"."document_type"`);
    await queryRunner.query(`DROP TYPE "public"."booking_status"`);
  }
}
