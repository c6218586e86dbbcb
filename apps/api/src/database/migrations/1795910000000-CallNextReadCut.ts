import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #19, call-next's read cut: the waiting walk-ins of a day by line and arrival. call-next
 * reads the first walk-ins of the preferential and of the general line (call-next-sql.ts); with
 * ix_tickets_office_waiting (office, status, queued_at) the preferential line filtered hundreds
 * of rows to find a few, and neither index had the day. This one holds exactly the waiting
 * walk-ins (and appointments without a slot), each line in calling order, so each line's first
 * rows are read straight from it.
 */
export class CallNextReadCut1795910000000 implements MigrationInterface {
  name = 'CallNextReadCut1795910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_tickets_waiting_walk_ins" ON "tickets" ("office_id", "local_date", "preferential", "queued_at", "id") WHERE "status" = 'waiting' AND NOT ("kind" = 'appointment' AND "slot_start" IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_waiting_walk_ins"`);
  }
}
