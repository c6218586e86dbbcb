import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rating emails' outbox remembers which instance holds a claim (`claimed_by`, its liveness lock
 * key, as idempotency_keys.owner does), so a sender may take over at once a claim whose instance
 * died mid-send instead of waiting for the claim's lease to end.
 */
export class RatingEmailClaimOwner1795750000000 implements MigrationInterface {
  name = 'RatingEmailClaimOwner1795750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rating_emails" ADD "claimed_by" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rating_emails" DROP COLUMN "claimed_by"`);
  }
}
