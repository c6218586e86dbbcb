import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What an erased booking's document number becomes: unique per row (so the partial unique index
 * "one confirmed booking per document and service" never sees two alike) and lower-case, which no
 * normalised document number is, so no lookup, cancel or check-in can ever match it.
 */
export const ERASED_DOCUMENT_PREFIX = 'erased:';

/** The retention job's SQL. Each statement commits on its own: no long transaction, no long lock. */
@Injectable()
export class RetentionRepository {
  /**
   * Erases the applicant's name, document, email and phone (and the consent to SMS) from up to `limit` bookings of the
   * office whose appointment day is before `before` (a local date); the rows, their status and
   * times stay, so every figure stays. Rows locked by a request right now are left for the next run.
   */
  async eraseBookings(manager: EntityManager, officeId: string, before: string, limit: number): Promise<number> {
    const rows = (await manager.query(
      `WITH expired AS (
         SELECT id FROM bookings
          WHERE office_id = $1 AND local_date < $2::date AND document_number NOT LIKE '${ERASED_DOCUMENT_PREFIX}%'
          ORDER BY local_date, id LIMIT $3
          FOR UPDATE SKIP LOCKED
       ), erased AS (
         UPDATE bookings b SET full_name = '', document_number = '${ERASED_DOCUMENT_PREFIX}' || b.id::text, email = NULL, phone = NULL, sms_consent = false, updated_at = now()
           FROM expired WHERE b.id = expired.id
         RETURNING b.id
       )
       SELECT count(*)::int AS n FROM erased`,
      [officeId, before, limit],
    )) as { n: number }[];
    return rows[0].n;
  }

  /** Survey comments of visits before `before`: free text, where a person may have signed. The rating stays. */
  async eraseComments(manager: EntityManager, officeId: string, before: string): Promise<number> {
    const rows = (await manager.query(
      `WITH erased AS (
         UPDATE survey_answers s SET comment = NULL
           FROM tickets t
          WHERE s.office_id = $1 AND t.id = s.ticket_id AND t.office_id = $1 AND t.local_date < $2::date AND s.comment IS NOT NULL
         RETURNING s.id
       )
       SELECT count(*)::int AS n FROM erased`,
      [officeId, before],
    )) as { n: number }[];
    return rows[0].n;
  }
}
