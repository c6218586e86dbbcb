import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verified identity (issue #20): logins under way at an OpenID Connect provider (`oidc_flows`,
 * ClaveÚnica's and staff single sign-on's) and applicants signed in with ClaveÚnica
 * (`applicant_sessions`). Both keep only the SHA-256 of the browser's random cookie value, and
 * both are short-lived (10 and APPLICANT_SESSION_MINUTES minutes), swept by `expires_at`.
 */
export class ApplicantIdentity1796000000000 implements MigrationInterface {
  name = 'ApplicantIdentity1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oidc_flows" ("id_hash" text NOT NULL, "purpose" text NOT NULL, "state" text NOT NULL, "nonce" text NOT NULL, "code_verifier" text NOT NULL, "return_to" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_oidc_flows" PRIMARY KEY ("id_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_oidc_flows_expires" ON "oidc_flows" ("expires_at")`);
    await queryRunner.query(
      `CREATE TABLE "applicant_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "document_number" text NOT NULL, "full_name" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_applicant_sessions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_applicant_sessions_token" ON "applicant_sessions" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_applicant_sessions_expires" ON "applicant_sessions" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_applicant_sessions_expires"`);
    await queryRunner.query(`DROP INDEX "public"."uq_applicant_sessions_token"`);
    await queryRunner.query(`DROP TABLE "applicant_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_oidc_flows_expires"`);
    await queryRunner.query(`DROP TABLE "oidc_flows"`);
  }
}
