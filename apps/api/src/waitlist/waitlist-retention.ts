import type { EntityManager } from 'typeorm';
import { ERASED_DOCUMENT_PREFIX } from '../retention/retention.repository.js';

/**
 * Data protection for the waitlist (called by the nightly PersonalDataRetentionJob, per office):
 * entries whose wished range ended before `before` (the office's retention boundary, a local date)
 * lose their name, document, email, phone and SMS consent; their status, dates, misses and offers
 * stay for the reports. An entry still holding a seat is left for its hold to end. In batches
 * (`limit`), rows taken with SKIP LOCKED; an erased entry is recognised by its document, so a
 * second run finds nothing. Returns how many were erased.
 */
export async function eraseOldWaitlistEntries(manager: EntityManager, officeId: string, before: string, limit: number): Promise<number> {
  const rows = (await manager.query(
    `WITH expired AS (
       SELECT id FROM waitlist_entries
        WHERE office_id = $1 AND to_date < $2::date AND status <> 'offered' AND document_number NOT LIKE '${ERASED_DOCUMENT_PREFIX}%'
        ORDER BY to_date, id LIMIT $3
        FOR UPDATE SKIP LOCKED
     ), erased AS (
       UPDATE waitlist_entries e SET full_name = '', document_number = '${ERASED_DOCUMENT_PREFIX}' || e.id::text, email = NULL, phone = NULL, sms_consent = false,
                                     idempotency_key = NULL, idempotency_scope = NULL
         FROM expired WHERE e.id = expired.id
       RETURNING e.id
     )
     SELECT count(*)::int AS n FROM erased`,
    [officeId, before, limit],
  )) as { n: number }[];
  return rows[0]!.n;
}
