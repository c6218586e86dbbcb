import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1795657834139 implements MigrationInterface {
  name = 'Reports1795657834139';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "survey_answers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "ticket_id" uuid NOT NULL, "office_id" uuid NOT NULL, "rating" smallint NOT NULL, "comment" text, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_survey_answers_ticket" UNIQUE ("ticket_id"), CONSTRAINT "ck_survey_answers_comment_length" CHECK (char_length("comment") <= 1000), CONSTRAINT "ck_survey_answers_rating" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "PK_e4cab112318f766c93435f77a1a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "wait_target_minutes" integer NOT NULL DEFAULT '30'`);
    await queryRunner.query(`ALTER TABLE "offices" ADD "personal_data_retention_days" integer NOT NULL DEFAULT '365'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "personal_data_retention_days"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "wait_target_minutes"`);
    await queryRunner.query(`DROP TABLE "survey_answers"`);
  }
}
