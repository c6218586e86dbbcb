import type { EntityManager } from 'typeorm';

/**
 * Erases, in one statement, the personal data of up to `limit` closed requests of the office
 * closed on an office-local day before `before` (a local date: the office's today minus its
 * personalDataRetentionDays, the bookings' rule): the contact (name, email, phone, document, SMS
 * consent), the description, the answer, every event's text (notes, questions, replies, the
 * rating's comment) and the attachments; `erased_at` is set and an 'erased' event (system) added.
 * Kind, topic, channel, status, dates, deadline, working days, on-time flag and rating stay, so
 * every report is unchanged. Rows locked by a request right now are left for the next run
 * (`FOR UPDATE SKIP LOCKED`), as are erased ones (`erased_at`); each statement commits on its own.
 * Read through ix_requests_office_status_due (office_id, status = 'closed').
 */
export async function eraseClosedRequests(manager: EntityManager, office: { id: string; timeZone: string }, before: string, limit: number, now: Date): Promise<number> {
  const rows = (await manager.query(
    `WITH expired AS (
       SELECT id FROM requests
        WHERE office_id = $1 AND status = 'closed' AND erased_at IS NULL AND closed_at < ($2::date::timestamp AT TIME ZONE $3::text)
        ORDER BY closed_at, id LIMIT $4
        FOR UPDATE SKIP LOCKED
     ), erased AS (
       UPDATE requests r SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, contact_document = NULL, sms_consent = false,
                             description = NULL, answer = NULL, erased_at = $5, updated_at = $5, version = r.version + 1
         FROM expired WHERE r.id = expired.id
       RETURNING r.id
     ), texts AS (
       UPDATE request_events e SET text = NULL FROM erased WHERE e.request_id = erased.id AND e.text IS NOT NULL RETURNING e.id
     ), files AS (
       DELETE FROM request_attachments a USING erased WHERE a.request_id = erased.id RETURNING a.id
     ), events AS (
       INSERT INTO request_events (request_id, at, type, actor) SELECT id, $5, 'erased', 'system' FROM erased RETURNING id
     )
     SELECT (SELECT count(*) FROM erased)::int AS n, (SELECT count(*) FROM texts)::int AS texts, (SELECT count(*) FROM files)::int AS files, (SELECT count(*) FROM events)::int AS events`,
    [office.id, before, office.timeZone, limit, now],
  )) as { n: number }[];
  return rows[0].n;
}
