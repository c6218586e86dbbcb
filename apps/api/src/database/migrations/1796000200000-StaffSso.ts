import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff single sign-on (issue #20): the one-time hand-off between the provider's callback and the
 * login page (auth/sso/). Rows live 60 s; only the secret's SHA-256 is stored. Nothing else about
 * staff changes: accounts are matched to existing ones, never created.
 */
export class StaffSso1796000200000 implements MigrationInterface {
  name = 'StaffSso1796000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_sso_handoffs" ("secret_hash" text NOT NULL, "staff_user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_staff_sso_handoffs" PRIMARY KEY ("secret_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_staff_sso_handoffs_expires" ON "staff_sso_handoffs" ("expires_at")`);
    await queryRunner.query(
      `ALTER TABLE "staff_sso_handoffs" ADD CONSTRAINT "FK_staff_sso_handoffs_staff_user" FOREIGN KEY ("staff_user_id") REFERENCES "staff_users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_sso_handoffs" DROP CONSTRAINT "FK_staff_sso_handoffs_staff_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_sso_handoffs_expires"`);
    await queryRunner.query(`DROP TABLE "staff_sso_handoffs"`);
  }
}
