import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history of counter sessions (issue #9, counter utilisation): `counter_session_log`, one row
 * per staffed stretch of a counter, at most one open per counter. The sessions open when it is
 * created start its history (their `opened_at` is the best there is); closed ones are not copied,
 * as `counter_sessions` keeps only each counter's last one, which would make a day look logged
 * when most of its sessions are missing.
 */
export class CounterSessionLog1795720000000 implements MigrationInterface {
  name = 'CounterSessionLog1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "counter_session_log" ("id" BIGSERIAL NOT NULL, "counter_id" uuid NOT NULL, "office_id" uuid NOT NULL, "agent_id" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_counter_session_log_order" CHECK ("closed_at" IS NULL OR "closed_at" >= "opened_at"), CONSTRAINT "PK_f01da6a6e5b99d0aa9870ce37fc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_counter_session_log_open" ON "counter_session_log" ("counter_id") WHERE "closed_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_counter_session_log_office_opened" ON "counter_session_log" ("office_id", "opened_at")`);
    await queryRunner.query(
      `INSERT INTO "counter_session_log" ("counter_id", "office_id", "agent_id", "opened_at")
       SELECT "counter_id", "office_id", "agent_id", "opened_at" FROM "counter_sessions"
        WHERE "open" AND "agent_id" IS NOT NULL AND "opened_at" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_counter_session_log_office_opened"`);
    await queryRunner.query(`DROP INDEX "public"."uq_counter_session_log_open"`);
    await queryRunner.query(`DROP TABLE "counter_session_log"`);
  }
}
