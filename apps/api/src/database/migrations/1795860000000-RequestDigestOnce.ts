import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervisors' daily digest of requests (issue #17) once per office, supervisor and day:
 * `uq_notifications_request_digest` on (office_id, staff_user_id, due_at) for kind
 * 'request_digest', whose due_at is that day's 08:00 in the office's zone. Every tick of every
 * instance may try; queue_request_notification's ON CONFLICT DO NOTHING keeps the first.
 */
export class RequestDigestOnce1795860000000 implements MigrationInterface {
  name = 'RequestDigestOnce1795860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_request_digest" ON "notifications" ("office_id", "staff_user_id", "due_at") WHERE "kind" = 'request_digest'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_notifications_request_digest"`);
  }
}
