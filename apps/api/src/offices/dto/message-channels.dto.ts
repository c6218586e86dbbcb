import { ApiProperty } from '@nestjs/swagger';

/** Which channels this server can send messages through (its environment, the same for every office). */
export class MessageChannelsDto {
  @ApiProperty({ description: 'Email: a mail server is configured (SMTP_URL)' }) email: boolean;
  @ApiProperty({ description: 'SMS: an SMS provider is configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sender)' }) sms: boolean;
  @ApiProperty({ description: 'WhatsApp templates: the provider has an approved WhatsApp sender (TWILIO_WHATSAPP_FROM)' }) whatsapp: boolean;
}
