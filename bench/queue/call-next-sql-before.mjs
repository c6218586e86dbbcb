// call-next's SQL as it stood at commit 19f52db (apps/api/src/desk/call-next-sql.ts of 5701fbf, compiled): the
// "before" statement set of bench/queue/pgbench.mjs. Frozen on purpose; never edit.
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
 * Today's waiting tickets that can head a line (by default $1 office, $2 local date, $3 services,
 * $4 ids to leave out, $5 walk-ins per line): every appointment with a slot, and the first
 * walk-ins of the preferential and the general line by arrival.
 */
export function candidatesSql(columns, p = {
    services: "$3::uuid[]",
    exclude: "$4::uuid[]",
    perLine: "$5",
}) {
    const base = `FROM tickets t JOIN services s ON s.id = t.service_id
      WHERE t.office_id = $1 AND t.status = 'waiting' AND t.local_date = $2 AND t.service_id = ANY(${p.services}) AND t.id <> ALL(${p.exclude})`;
    const walkIn = `NOT (t.kind = 'appointment' AND t.slot_start IS NOT NULL)`;
    return `(SELECT ${columns}, 'a' AS line ${base} AND t.kind = 'appointment' AND t.slot_start IS NOT NULL)
       UNION ALL
       (SELECT ${columns}, 'p' AS line ${base} AND ${walkIn} AND t.preferential ORDER BY t.queued_at, t.id LIMIT ${p.perLine})
       UNION ALL
       (SELECT ${columns}, 'r' AS line ${base} AND ${walkIn} AND NOT t.preferential ORDER BY t.queued_at, t.id LIMIT ${p.perLine})`;
}
/**
 * The last calls of the office for these services since the start of the day (newest first, at
 * most HISTORY): the newest calls of each service, from the expression index on the event's
 * serviceId walked backwards, merged. Never reads the whole day's events.
 */
export function recentCallsSql(office, services, since) {
    return `SELECT e.id, e.at, e.preferential FROM unnest(${services}::uuid[]::text[]) AS sid
    CROSS JOIN LATERAL (
      SELECT id, at, (details->>'preferential')::boolean AS preferential FROM ticket_events
       WHERE office_id = ${office} AND type = 'called' AND details->>'serviceId' = sid AND at >= ${since}
       ORDER BY at DESC, id DESC LIMIT ${HISTORY}) e
    ORDER BY e.at DESC, e.id DESC LIMIT ${HISTORY}`;
}
/**
 * call-next's read, one statement: columns counter (JSON, COUNTER_COLUMNS), busy (JSON or null),
 * history (JSON array of booleans, oldest first), candidates (JSON array of
 * [id, service_id, kind, preferential, number, queued_ms, slot_ms, grace_minutes, line]).
 * Its values: callStateValues.
 */
export function callStateSql() {
    const services = "(SELECT ids FROM open_services)::uuid[]";
    return `WITH counter AS (
         SELECT ${COUNTER_COLUMNS} FROM counters c LEFT JOIN counter_sessions s ON s.counter_id = c.id WHERE c.id = $4),
       open_services AS (
         SELECT COALESCE(array_agg(x ORDER BY x), '{}')::uuid[] AS ids FROM counter CROSS JOIN unnest(counter.service_ids) AS x
          WHERE counter.open AND counter.office_id = $1 AND x = ANY(counter.session_service_ids))
       SELECT
         (SELECT row_to_json(counter) FROM counter) AS counter,
         (SELECT json_build_object('id', id, 'number', number, 'status', status) FROM tickets
           WHERE office_id = $1 AND status IN ('called', 'serving') AND counter_id = $4 AND local_date = $2 LIMIT 1) AS busy,
         (SELECT COALESCE(json_agg(h.preferential ORDER BY h.at, h.id), '[]') FROM (${recentCallsSql("$1", services, "$5")}) h) AS history,
         (SELECT COALESCE(json_agg(json_build_array(c.id, c.service_id, c.kind, c.preferential, c.number, c.queued_ms, c.slot_ms, c.grace_minutes, c.line)), '[]')
            FROM (${candidatesSql(JSON_CANDIDATE_COLUMNS, { services, exclude: `'{}'::uuid[]`, perLine: "$3" })}) c) AS candidates`;
}
/** callStateSql's values, in order. */
export function callStateValues(query) {
    return [
        query.officeId,
        query.localDate,
        query.perLine,
        query.counterId,
        query.since,
    ];
}
/**
 * call-next's claim (`call_first_free`): columns outcome, busy_id, busy_number, busy_status and
 * the claimed ticket's columns, `ticketColumns` being the tickets table's column list over the
 * alias `(r.o_ticket)` (e.g. `(r.o_ticket)."id", (r.o_ticket)."number", …`). Its values:
 * callFirstFreeValues.
 */
export function callFirstFreeSql(ticketColumns) {
    return `SELECT r.o_outcome AS outcome, r.o_busy_id AS busy_id, r.o_busy_number AS busy_number, r.o_busy_status AS busy_status, ${ticketColumns}
         FROM call_first_free($1, $2, $3, $4::uuid[], $5::text[], $6, $7) r`;
}
/** callFirstFreeSql's values, in order. */
export function callFirstFreeValues(call) {
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
