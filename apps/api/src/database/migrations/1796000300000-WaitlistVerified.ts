import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waitlist with verified identity (issue #20 follow-up). An entry made while signed in with
 * ClaveÚnica is marked `waitlist_entries.identity_verified`: a procedure that requires a verified
 * identity takes only such entries, and the booking made when the entry's offer is accepted is
 * marked verified as well (the identity was proved at joining; the offer is reached with the
 * entry's own code and document).
 */
export class WaitlistVerified1796000300000 implements MigrationInterface {
  name = 'WaitlistVerified1796000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "waitlist_entries" ADD "identity_verified" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "waitlist_entries" DROP COLUMN "identity_verified"`);
  }
}
