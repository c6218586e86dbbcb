import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795635758933 implements MigrationInterface {
  name = 'Initial1795635758933';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "login_failures" ("username" text NOT NULL, "failures" integer NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_238573b7f2f036d3dcea30acf7b" PRIMARY KEY ("username"))`);
    await queryRunner.query(`CREATE TABLE "offices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "address" text, "time_zone" text NOT NULL DEFAULT 'America/Santiago', "opening_hours" jsonb NOT NULL DEFAULT '{}', "holiday_country" text NOT NULL DEFAULT 'CL', "holiday_region" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_offices_name" UNIQUE ("name"), CONSTRAINT "PK_1ea41502c6dddcec44ad9fcbbb3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TYPE "public"."service_mode" AS ENUM('appointment', 'walk_in', 'both')`);
    await queryRunner.query(`CREATE TABLE "services" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "mode" "public"."service_mode" NOT NULL, "requirements" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "position" integer NOT NULL DEFAULT '0', "slot_minutes" integer NOT NULL DEFAULT '15', "seats_per_slot" integer NOT NULL DEFAULT '1', "daily_appointment_cap" integer, "booking_horizon_days" integer NOT NULL DEFAULT '30', "booking_opens_at" text NOT NULL DEFAULT '00:00', "booking_lead_minutes" integer NOT NULL DEFAULT '10', "check_in_before_minutes" integer NOT NULL DEFAULT '30', "check_in_grace_minutes" integer NOT NULL DEFAULT '15', "walk_in_daily_cap" integer, "average_service_minutes" integer NOT NULL DEFAULT '15', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_services_office_code" UNIQUE ("office_id", "code"), CONSTRAINT "ck_services_positive" CHECK ("slot_minutes" > 0 AND "seats_per_slot" > 0 AND "average_service_minutes" > 0), CONSTRAINT "PK_ba2d347a3168a296416c6c5ccb2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_services_office" ON "services"  ("office_id", "position") `);
    await queryRunner.query(`CREATE TABLE "counters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "office_id" uuid NOT NULL, "name" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_counters_office_name" UNIQUE ("office_id", "name"), CONSTRAINT "PK_910bfcbadea9cde6397e0daf996" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TYPE "public"."staff_role" AS ENUM('admin', 'supervisor', 'agent')`);
    await queryRunner.query(`CREATE TABLE "staff_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "password_hash" text NOT NULL, "role" "public"."staff_role" NOT NULL, "office_id" uuid, "active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_staff_users_username" UNIQUE ("username"), CONSTRAINT "ck_staff_users_office" CHECK ("role" = 'admin' OR "office_id" IS NOT NULL), CONSTRAINT "PK_c6b167335377df69f7910c2c75e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "counter_services" ("counter_id" uuid NOT NULL, "service_id" uuid NOT NULL, CONSTRAINT "PK_10e567d4662edb58380e7e3cb02" PRIMARY KEY ("counter_id", "service_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6d2696d40b731cad2b31f1ab46" ON "counter_services"  ("counter_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_5634cfe8a863291655bacfdb4d" ON "counter_services"  ("service_id") `);
    await queryRunner.query(`ALTER TABLE "services" ADD CONSTRAINT "FK_aa28bcdfb8ec0cab0025e1d4355" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "counters" ADD CONSTRAINT "FK_735a8bc65feeab9785b79621962" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff_users" ADD CONSTRAINT "FK_265992e911e3944fcb055d28943" FOREIGN KEY ("office_id") REFERENCES "offices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "counter_services" ADD CONSTRAINT "FK_6d2696d40b731cad2b31f1ab46d" FOREIGN KEY ("counter_id") REFERENCES "counters"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "counter_services" ADD CONSTRAINT "FK_5634cfe8a863291655bacfdb4df" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "counter_services" DROP CONSTRAINT "FK_5634cfe8a863291655bacfdb4df"`);
    await queryRunner.query(`ALTER TABLE "counter_services" DROP CONSTRAINT "FK_6d2696d40b731cad2b31f1ab46d"`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP CONSTRAINT "FK_265992e911e3944fcb055d28943"`);
    await queryRunner.query(`ALTER TABLE "counters" DROP CONSTRAINT "FK_735a8bc65feeab9785b79621962"`);
    await queryRunner.query(`ALTER TABLE "services" DROP CONSTRAINT "FK_aa28bcdfb8ec0cab0025e1d4355"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5634cfe8a863291655bacfdb4d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6d2696d40b731cad2b31f1ab46"`);
    await queryRunner.query(`DROP TABLE "counter_services"`);
    await queryRunner.query(`DROP TABLE "staff_users"`);
    await queryRunner.query(`DROP TYPE "public"."staff_role"`);
    await queryRunner.query(`DROP TABLE "counters"`);
    await queryRunner.query(`DROP INDEX "public"."ix_services_office"`);
    await queryRunner.query(`DROP TABLE "services"`);
    await queryRunner.query(`DROP TYPE "public"."service_mode"`);
    await queryRunner.query(`DROP TABLE "offices"`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
  }
}
