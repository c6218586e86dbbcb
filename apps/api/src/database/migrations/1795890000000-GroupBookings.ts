import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue #18 (being written this session; its owner replaces this comment with what the migration does). */
export class GroupBookings1795890000000 implements MigrationInterface {
  name = 'GroupBookings1795890000000';

  async up(_queryRunner: QueryRunner): Promise<void> {
    // Nothing yet: the issue #18 work that needs this migration fills it in.
  }

  async down(_queryRunner: QueryRunner): Promise<void> {
    // Nothing yet: the issue #18 work that needs this migration fills it in.
  }
}
