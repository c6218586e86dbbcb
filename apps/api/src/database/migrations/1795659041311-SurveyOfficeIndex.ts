import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SurveyOfficeIndex1795659041311 implements MigrationInterface {
  name = 'SurveyOfficeIndex1795659041311';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_survey_answers_office" ON "survey_answers"  ("office_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_survey_answers_office"`);
  }
}
