/**
 * call-next's SQL text, and nothing else: plain strings in, strings out, no imports. The API's
 * DeskRepository and the bare yardstick server (bench/queue/bare/, which loads this module from
 * dist/apps/api/desk/call-next-sql.js) run the same statements from here, so the comparison
 * measures the API around the SQL, never two different queries. The exported names are stable.
 */

/** How many calls back the policy looks (only the trailing run matters). */
export const HISTORY = 50;

/** A candidate's columns, with instants as timestamps (read as rows). */
export const CANDIDATE_COLUMNS = `t.id, t.service_id, t.kind, t.preferential, t.number, t.queued_at, t.slot_start, s.check_in_grace_minutes AS grace_minutes`;

/** The same, with instants as epoch milliseconds (inside JSON, where timestamps would be text). */
export const JSON_CANDIDATE_COLUMNS = `t.id, t.service_id, t.kind, t.preferential, t.number,
  floor(extract(epoch FROM t.queued_at) * 1000)::bigint AS queued_ms, floor(extract(epoch FROM t.slot_start) * 1000)::bigint AS slot_ms,
  s.check_in_grace_minutes AS grace_minutes`;

/** A counter with its configured services and its session (aliases: c counters, s counter_sessions). */
export const COUNTER_COLUMNS = `c.id, c.office_id, c.name, c.active,
  COALESCE((SELECT array_agg(cs.service_id ORDER BY cs.service_id) FROM counter_services cs WHERE cs.counter_id = c.id), '{}') AS service_ids,
  s.open, s.service_ids AS session_service_ids, s.agent_id`;

/**
 * Walk-ins read per line (preferential, general): as many as one claim offers choices
 * (QueueCallerService's CHOICES_PER_CLAIM), so a claim's choices never run out of a line. A
 * constant in the statements' text, never a parameter: with `LIMIT $n` PostgreSQL's generic plan
 * assumes a large limit and looks dear, and past a few thousand waiting tickets every execution
 * was planned afresh.
 */
export const PER_LINE = 24;

/** Where a candidates statement takes its inputs from: SQL expressions (parameters by default). */
export interface CandidateInputs {
  services: string;
  exclude: string;
  /** The office's now (timestamptz; NULL reads every appointment as the old statement did). */
  now: string;
}

/**
 * Today's waiting tickets that can head a line (by default $1 office, $2 local date, $3 services,
 * $4 ids to leave out, $5 now), tagged with their line, never more than the policy can choose from:
 * - 'a': every appointment whose slot has started (due, or late, a walk-in by arrival): few at any
 *   time, and all of them, since a due one goes first wherever it stands by arrival and the aging
 *   guard needs the oldest of the general line;
 * - 'p', 'r': the first PER_LINE walk-ins of the preferential and of the general line by arrival
 *   (from ix_tickets_waiting_walk_ins, which orders each line), so each line's head and the
 *   aging guard's oldest walk-in are among them; a line with PER_LINE rows may hold more
 *   (truncatedLines), and its head is read again once its rows are all taken;
 * - 'e': appointments before their slot (early fillers), called only when both lines are empty:
 *   read only when neither walk-in line was cut (with a line cut, its rows run out and the
 *   candidates are read again before an early one can be chosen), and then all of them.
 * An appointment whose slot has not started is never late (it checked in before its slot), so the
 * lines above hold every ticket the policy can choose at `now`.
 */
export function candidatesSql(columns: string, p: CandidateInputs = { services: '$3::uuid[]', exclude: '$4::uuid[]', now: '$5' }): string {
  const base = `FROM tickets t JOIN services s ON s.id = t.service_id
      WHERE t.office_id = $1 AND t.status = 'waiting' AND t.local_date = $2 AND t.service_id = ANY(${p.services}) AND t.id <> ALL(${p.exclude})`;
  const walkIn = `NOT (t.kind = 'appointment' AND t.slot_start IS NOT NULL)`;
  const appointment = `t.kind = 'appointment' AND t.slot_start IS NOT NULL`;
  const walkIns = (preferential: boolean) =>
    `SELECT ${columns}, '${preferential ? 'p' : 'r'}' AS line ${base} AND ${walkIn} AND ${preferential ? '' : 'NOT '}t.preferential ORDER BY t.queued_at, t.id LIMIT ${PER_LINE}`;
  return `WITH p AS MATERIALIZED (${walkIns(true)}), r AS MATERIALIZED (${walkIns(false)})
       (SELECT ${columns}, 'a' AS line ${base} AND ${appointment} AND t.slot_start <= (SELECT COALESCE(${p.now}::timestamptz, 'infinity')))
       UNION ALL (SELECT * FROM p) UNION ALL (SELECT * FROM r)
       UNION ALL
       (SELECT ${columns}, 'e' AS line ${base} AND ${appointment} AND t.slot_start > (SELECT ${p.now}::timestamptz)
           AND (SELECT count(*) FROM p) < ${PER_LINE} AND (SELECT count(*) FROM r) < ${PER_LINE})`;
}

/** What candidatesSql reads with (its default parameters). */
export interface CandidatesQuery {
  officeId: string;
  localDate: string;
  serviceIds: string[];
  exclude: string[];
  now?: Date | null;
}

/** candidatesSql's values (default parameters), in order. */
export function candidatesValues(query: CandidatesQuery): unknown[] {
  return [query.officeId, query.localDate, query.serviceIds, query.exclude, query.now ?? null];
}

/** Which walk-in lines may hold more than was read, from the candidates' line tags. */
export function truncatedLines(lines: readonly string[]): { preferential: boolean; regular: boolean } {
  let p = 0;
  let r = 0;
  for (const line of lines) {
    if (line === 'p') p++;
    else if (line === 'r') r++;
  }
  return { preferential: p >= PER_LINE, regular: r >= PER_LINE };
}

/**
 * The last calls of the office for these services since the start of the day (newest first, at
 * most HISTORY): the newest calls of each service, from the expression index on the event's
 * serviceId walked backwards, merged. Never reads the whole day's events.
 */
export function recentCallsSql(
  office: string,
  services: string,
  since: string,
): string {
  return `SELECT e.id, e.at, e.preferential FROM unnest(${services}::uuid[]::text[]) AS sid
    CROSS JOIN LATERAL (
      SELECT id, at, (details->>'preferential')::boolean AS preferential FROM ticket_events
       WHERE office_id = ${office} AND type = 'called' AND details->>'serviceId' = sid AND at >= ${since}
       ORDER BY at DESC, id DESC LIMIT ${HISTORY}) e
    ORDER BY e.at DESC, e.id DESC LIMIT ${HISTORY}`;
}

/** What callState reads with: the counter's office and id, the office's local date, the start of its day. */
export interface CallStateQuery {
  officeId: string;
  counterId: string;
  localDate: string;
  since: Date;
  /** The office's now, which splits appointments into started and early (absent: every appointment is read). */
  now?: Date | null;
  /** Ignored: the statements read PER_LINE walk-ins per line (kept so older callers still compile). */
  perLine?: number;
}

/**
 * call-next's read, one statement ($1 office, $2 local date, $3 counter, $4 start of the day,
 * $5 now: callStateValues): columns counter (JSON, COUNTER_COLUMNS), busy (JSON or null), history
 * (JSON array of booleans, oldest first), candidates (JSON array of
 * [id, service_id, kind, preferential, number, queued_ms, slot_ms, grace_minutes, line], the rows
 * of candidatesSql; truncatedLines over the line tags says which walk-in lines were cut).
 */
export function callStateSql(): string {
  const services = '(SELECT ids FROM open_services)::uuid[]';
  return `WITH counter AS (
         SELECT ${COUNTER_COLUMNS} FROM counters c LEFT JOIN counter_sessions s ON s.counter_id = c.id WHERE c.id = $3),
       open_services AS (
         SELECT COALESCE(array_agg(x ORDER BY x), '{}')::uuid[] AS ids FROM counter CROSS JOIN unnest(counter.service_ids) AS x
          WHERE counter.open AND counter.office_id = $1 AND x = ANY(counter.session_service_ids))
       SELECT
         (SELECT row_to_json(counter) FROM counter) AS counter,
         (SELECT json_build_object('id', id, 'number', number, 'status', status) FROM tickets
           WHERE office_id = $1 AND status IN ('called', 'serving') AND counter_id = $3 AND local_date = $2 LIMIT 1) AS busy,
         (SELECT COALESCE(json_agg(h.preferential ORDER BY h.at, h.id), '[]') FROM (${recentCallsSql('$1', services, '$4')}) h) AS history,
         (SELECT COALESCE(json_agg(json_build_array(c.id, c.service_id, c.kind, c.preferential, c.number, c.queued_ms, c.slot_ms, c.grace_minutes, c.line)), '[]')
            FROM (${candidatesSql(JSON_CANDIDATE_COLUMNS, { services, exclude: `'{}'::uuid[]`, now: '$5' })}) c) AS candidates`;
}

/** callStateSql's values, in order. */
export function callStateValues(query: CallStateQuery): unknown[] {
  return [query.officeId, query.localDate, query.counterId, query.since, query.now ?? null];
}

/** What call_first_free claims with. */
export interface CallFirstFreeInput {
  choices: { ticketId: string; reason: string }[];
  officeId: string;
  counterId: string;
  localDate: string;
  agentId: string;
  at: Date;
}

/**
 * call-next's claim (`call_first_free`): columns outcome, busy_id, busy_number, busy_status and
 * the claimed ticket's columns, `ticketColumns` being the tickets table's column list over the
 * alias `(r.o_ticket)` (e.g. `(r.o_ticket)."id", (r.o_ticket)."number", …`). Its values:
 * callFirstFreeValues.
 */
export function callFirstFreeSql(ticketColumns: string): string {
  return `SELECT r.o_outcome AS outcome, r.o_busy_id AS busy_id, r.o_busy_number AS busy_number, r.o_busy_status AS busy_status, ${ticketColumns}
         FROM call_first_free($1, $2, $3, $4::uuid[], $5::text[], $6, $7) r`;
}

/** callFirstFreeSql's values, in order. */
export function callFirstFreeValues(call: CallFirstFreeInput): unknown[] {
  return [
    call.counterId,
    call.officeId,
    call.localDate,
    call.choices.map((c) => c.ticketId),
    call.choices.map((c) => c.reason),
    call.at,
    call.agentId,
  ];
}

/**
 * A ticket's move in place (DeskRepository.transitionInPlace: start, complete, no-show, recall…),
 * one statement: the ticket locked, moved only from the statuses allowed ($2) and inside the office
 * ($3, or any office when null), a ticket of a group only when the caller moves the group ($10), its
 * event written, the rating email queued when a booked visit is done and one is due ($9). $1 ticket,
 * $4 event type, $5 at, $6 agent, $7 details (jsonb), $8 whether the event records the recalls; `set`
 * assigns the changed columns from $11 on; `columns(alias)` names the tickets table's columns.
 */
export function transitionSql(set: string, columns: (alias: string) => string): string {
  return `WITH old AS (SELECT id, status, office_id, counter_id, recall_count, group_ticket_id FROM tickets WHERE id = $1 FOR UPDATE),
            updated AS (
              UPDATE tickets t SET ${set}, updated_at = now() FROM old
               WHERE t.id = old.id AND old.status::text = ANY($2::text[]) AND ($3::uuid IS NULL OR old.office_id = $3)
                 AND (old.group_ticket_id IS NULL OR $10::boolean)
               RETURNING ${columns('t')}),
            event AS (
              INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, agent_id, details)
              SELECT old.id, old.office_id, $4, $5, old.counter_id, $6,
                     jsonb_build_object('from', old.status) || $7::jsonb || CASE WHEN $8 THEN jsonb_build_object('recalls', old.recall_count) ELSE '{}'::jsonb END
                FROM old JOIN updated ON updated.id = old.id),
            rating_email AS (
              SELECT queue_notification('rating', 'email', b.id, updated.id, updated.office_id, $9::timestamptz, $5::timestamptz) AS id
                FROM updated JOIN bookings b ON b.id = updated.booking_id JOIN offices o ON o.id = updated.office_id
               WHERE $9::timestamptz IS NOT NULL AND updated.status = 'done' AND b.email IS NOT NULL AND o.rating_email)
       SELECT old.status AS old_status, old.office_id AS old_office_id, old.group_ticket_id AS old_group_ticket_id,
              (SELECT name FROM counters WHERE id = old.counter_id) AS event_counter_name,
              (SELECT count(*) FROM rating_email) AS rating_emails_queued,
              ${columns('updated')}
         FROM old LEFT JOIN updated ON updated.id = old.id`;
}
