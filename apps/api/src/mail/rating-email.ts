import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { Config } from '../config/environment.js';
import { surveyWindowOpen } from '../surveys/survey-window.js';
import { ratingEmail } from './rating-email.template.js';
import type { OutgoingEmail } from './smtp-mailer.js';

export type RatingSkip = 'no_address' | 'answered' | 'expired' | 'office_off' | 'not_completed';

/**
 * The rating email of a notification (kind 'rating', channel 'email'), composed when it is sent
 * from what the database says now: the address may have been erased, the survey answered, its
 * window closed or the office's switch turned off — then it is not sent, and why.
 */
@Injectable()
export class RatingEmailComposer {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<Config, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  async compose(ticketId: string | null, now: DateTime): Promise<{ skip: RatingSkip } | { email: OutgoingEmail }> {
    const [row] = (await this.db.query(
      `SELECT t.status::text AS ticket_status, t.tracking_code, t.number, t.completed_at, b.email,
              EXISTS (SELECT 1 FROM survey_answers a WHERE a.ticket_id = t.id) AS answered,
              o.name AS office_name, o.address AS office_address, o.time_zone, o.rating_email AS office_sends, s.name AS service_name
         FROM tickets t
         LEFT JOIN bookings b ON b.id = t.booking_id
         JOIN offices o ON o.id = t.office_id
         LEFT JOIN services s ON s.id = t.service_id
        WHERE t.id = $1`,
      [ticketId],
    )) as {
      ticket_status: string;
      tracking_code: string | null;
      number: string;
      completed_at: Date | null;
      email: string | null;
      answered: boolean;
      office_name: string;
      office_address: string | null;
      time_zone: string;
      office_sends: boolean;
      service_name: string | null;
    }[];
    if (!row || row.ticket_status !== 'done' || !row.tracking_code || !row.completed_at) return { skip: 'not_completed' };
    if (!row.office_sends) return { skip: 'office_off' };
    if (!row.email) return { skip: 'no_address' };
    if (row.answered) return { skip: 'answered' };
    if (!surveyWindowOpen(row.completed_at, now)) return { skip: 'expired' };
    const message = ratingEmail({
      officeName: row.office_name,
      officeAddress: row.office_address,
      serviceName: row.service_name ?? '',
      number: row.number,
      completedAt: row.completed_at,
      timeZone: row.time_zone,
      publicUrl: this.publicUrl,
      trackingCode: row.tracking_code,
    });
    return { email: { to: row.email, ...message } };
  }
}
