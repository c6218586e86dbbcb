import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Config } from '../config/environment.js';
import type { SmsMessageData } from '../notifications/messages/index.js';
import type { ClaimedNotification } from '../notifications/notifications.repository.js';

/**
 * Why an office notice's message is not sent: the notice or booking is gone; the notice was
 * deleted or has ended, or the booking was cancelled or moved out of the notice's period since
 * (the notice no longer concerns that visit); the contact erased (retention) or never given.
 */
export type NoticeMessageSkip = 'no_booking' | 'no_address' | 'no_phone' | 'no_consent' | 'outdated';

interface Row {
  message: string;
  starts_at: Date;
  ends_at: Date;
  deleted: boolean;
  code: string;
  status: string;
  slot_start: Date;
  email: string | null;
  phone: string | null;
  sms_consent: boolean;
  office_id: string;
  office_name: string;
  office_address: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  time_zone: string;
  service_name: string;
}

/**
 * The data of an 'office_notice' message (renderer kind 'office_notice'), read from the notice,
 * the booking it was queued for (the recipient, and the appointment it names) and the office
 * when it is sent. The outbox row holds neither the text nor the address.
 */
@Injectable()
export class NoticeMessageComposer {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<Config, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  async compose(n: ClaimedNotification, now: Date): Promise<{ skip: NoticeMessageSkip } | { data: SmsMessageData; to: string }> {
    const [row] = (await this.db.query(
      `SELECT x.message, x.starts_at, x.ends_at, x.deleted_at IS NOT NULL AS deleted,
              b.code, b.status::text AS status, b.slot_start, b.email, b.phone, b.sms_consent,
              o.id AS office_id, o.name AS office_name, o.address AS office_address, o.contact_phone, o.contact_email, o.time_zone,
              s.name AS service_name
         FROM notifications n
         JOIN office_notices x ON x.id = n.notice_id
         JOIN bookings b ON b.id = n.booking_id
         JOIN offices o ON o.id = x.office_id
         JOIN services s ON s.id = b.service_id
        WHERE n.id = $1`,
      [n.id],
    )) as Row[];
    if (!row) return { skip: 'no_booking' };
    const to = n.channel === 'email' ? row.email : row.phone;
    if (!to) return { skip: n.channel === 'email' ? 'no_address' : 'no_phone' };
    if (n.channel === 'sms' && !row.sms_consent) return { skip: 'no_consent' };
    const slot = row.slot_start.getTime();
    const concerns = row.status === 'confirmed' && slot >= row.starts_at.getTime() && slot < row.ends_at.getTime();
    if (row.deleted || row.ends_at.getTime() <= now.getTime() || !concerns) return { skip: 'outdated' };
    return {
      to,
      data: {
        kind: 'office_notice',
        publicUrl: this.publicUrl,
        officeId: row.office_id,
        office: { name: row.office_name, address: row.office_address, timeZone: row.time_zone, contactPhone: row.contact_phone, contactEmail: row.contact_email },
        message: row.message,
        from: row.starts_at,
        to: row.ends_at,
        appointment: { service: { name: row.service_name }, booking: { code: row.code, slotStart: row.slot_start } },
      },
    };
  }
}
