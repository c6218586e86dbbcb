import type { EntityManager } from 'typeorm';

/** The messages a request sends its person (the outbox kinds of issue #17 but the supervisors' digest). */
export const REQUEST_MESSAGE_KINDS = ['request_received', 'request_info_requested', 'request_answered'] as const;
export type RequestMessageKind = (typeof REQUEST_MESSAGE_KINDS)[number];

/** The channels this server sends through (MessageChannels' email and sms). */
export interface RequestMessageChannels {
  email: boolean;
  sms: boolean;
}

/**
 * Queues a request's message to its person in `manager`'s transaction (the change that causes it
 * commits with it, or neither does): by email when the request has an address, by SMS when it has
 * a phone and consent, each only when the server has that channel. One statement; the outbox row
 * names the request, never the address: the composer reads it when the message is sent.
 * Returns how many messages were queued.
 */
export async function queueRequestMessages(manager: EntityManager, kind: RequestMessageKind, requestId: string, now: Date, channels: RequestMessageChannels): Promise<number> {
  const rows = (await manager.query(
    `SELECT queue_request_notification($2, c.channel, r.id, NULL, r.office_id, $3::timestamptz, $3::timestamptz) AS id
       FROM requests r CROSS JOIN (VALUES ('email'), ('sms')) AS c(channel)
      WHERE r.id = $1
        AND CASE c.channel WHEN 'email' THEN $4::boolean AND r.contact_email IS NOT NULL ELSE $5::boolean AND r.sms_consent AND r.contact_phone IS NOT NULL END
      ORDER BY c.channel`,
    [requestId, kind, now, channels.email, channels.sms],
  )) as { id: string | null }[];
  return rows.filter((r) => r.id !== null).length;
}
