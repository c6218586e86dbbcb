import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * call-next's reads without scanning the day: the streak of recent calls per service (an
 * expression index on the event's serviceId, walked backwards from the newest call) and the
 * waiting appointments of an office's day.
 */
export class CallNextIndexes1795659367269 implements MigrationInterface {
  name = 'CallNextIndexes1795659367269';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_events_called_by_service" ON "ticket_events" ("office_id", ("details" ->> 'serviceId'), "at", "id") WHERE "type" = 'called'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_tickets_waiting_appointments" ON "tickets" ("office_id", "local_date", "slot_start") WHERE "status" = 'waiting' AND "kind" = 'appointment' AND "slot_start" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_waiting_appointments"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ticket_events_called_by_service"`);
  }
}
