import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalledTicketsIndex1795641298846 implements MigrationInterface {
  name = 'CalledTicketsIndex1795641298846';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_tickets_office_day_called" ON "tickets"  ("office_id", "local_date", "called_at") WHERE "called_at" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_office_day_called"`);
  }
}
