import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Config } from '../config/environment.js';
import type { OutgoingEmail } from '../mail/smtp-mailer.js';
import { plainText } from '../notifications/messages/plain-text.js';
import { renderHtml } from '../notifications/messages/render-email.js';
import { type WaitlistMessageData, type WaitlistMessageKind, waitlistMessageContent, waitlistSms } from '../notifications/messages/waitlist.js';
import type { ClaimedNotification } from '../notifications/notifications.repository.js';

/** Why a waitlist message is not sent: the entry is gone, its contact was never given (or erased), or the offer it announces is over. */
export type WaitlistMessageSkip = 'no_entry' | 'no_address' | 'no_phone' | 'no_consent' | 'outdated';

interface Row {
  code: string;
  status: string;
  from_date: string;
  to_date: string;
  email: string | null;
  phone: string | null;
  sms_consent: boolean;
  service_id: string;
  service_name: string;
  office_id: string;
  office_name: string;
  office_address: string | null;
  time_zone: string;
  contact_phone: string | null;
  contact_email: string | null;
  offer_slot_start: Date | null;
  offer_expires_at: Date | null;
}

/**
 * The waitlist's messages (kinds waitlist_*), composed from the entry, its procedure, office and
 * held offer as they are when sent (notification-sender.ts hands them here by kind). An offer's
 * message is skipped as `outdated` when no seat is held for the entry any more (accepted,
 * declined or expired before it went out).
 */
@Injectable()
export class WaitlistMessageComposer {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<Config, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  async compose(n: ClaimedNotification & { waitlistEntryId?: string | null }): Promise<{ skip: WaitlistMessageSkip } | { email: OutgoingEmail } | { sms: { to: string; body: string } }> {
    const [row] = (await this.db.query(
      `SELECT e.code, e.status, to_char(e.from_date, 'YYYY-MM-DD') AS from_date, to_char(e.to_date, 'YYYY-MM-DD') AS to_date, e.email, e.phone, e.sms_consent,
              s.id AS service_id, s.name AS service_name, o.id AS office_id, o.name AS office_name, o.address AS office_address, o.time_zone,
              o.contact_phone, o.contact_email, h.slot_start AS offer_slot_start, h.expires_at AS offer_expires_at
         FROM notifications n
         JOIN waitlist_entries e ON e.id = n.waitlist_entry_id
         JOIN services s ON s.id = e.service_id
         JOIN offices o ON o.id = e.office_id
         LEFT JOIN waitlist_offers h ON h.entry_id = e.id AND h.status = 'held'
        WHERE n.id = $1`,
      [n.id],
    )) as Row[];
    if (!row) return { skip: 'no_entry' };
    const kind = n.kind as WaitlistMessageKind;
    if (kind === 'waitlist_offer' && (!row.offer_slot_start || !row.offer_expires_at)) return { skip: 'outdated' };
    const data: WaitlistMessageData = {
      kind,
      publicUrl: this.publicUrl,
      officeId: row.office_id,
      office: { name: row.office_name, address: row.office_address, timeZone: row.time_zone, contactPhone: row.contact_phone, contactEmail: row.contact_email },
      service: { id: row.service_id, name: row.service_name },
      code: row.code,
      from: row.from_date,
      to: row.to_date,
      ...(kind === 'waitlist_offer' ? { offer: { slotStart: row.offer_slot_start!, expiresAt: row.offer_expires_at! } } : {}),
      removed: row.status === 'removed',
    };
    if (n.channel === 'sms') {
      if (!row.phone) return { skip: 'no_phone' };
      if (!row.sms_consent) return { skip: 'no_consent' };
      return { sms: { to: row.phone, body: waitlistSms(data) } };
    }
    if (!row.email) return { skip: 'no_address' };
    const content = waitlistMessageContent(data);
    return { email: { to: row.email, subject: content.subject, text: plainText(content), html: await renderHtml(content), attachments: [], headers: {} } };
  }
}
