import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WhatsApp where the office has an approved template (issue #16):
 * - `offices.whatsapp_templates`: per message kind (booking_confirmed, booking_reminder…), the
 *   Twilio Content SID (`HX` + 32 hex) of the template approved for the office. A phone message of
 *   a kind with a template goes as WhatsApp when the server has TWILIO_WHATSAPP_FROM; otherwise as SMS.
 * - `notifications.via`: the route a phone message took ('sms' or 'whatsapp'), set when it is sent.
 */
export class WhatsAppTemplates1795830000000 implements MigrationInterface {
  name = 'WhatsAppTemplates1795830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "offices" ADD "whatsapp_templates" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "via" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "via"`);
    await queryRunner.query(`ALTER TABLE "offices" DROP COLUMN "whatsapp_templates"`);
  }
}
