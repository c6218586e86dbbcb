import { Injectable } from '@nestjs/common';
import type { RecentCall, WaitingTicket } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { assignments, hydrate } from '../database/hydrate.js';
import { preparedQuery } from '../database/prepared.js';
import { Ticket, type TicketStatus } from '../tickets/ticket.entity.js';
import { Clock } from '../common/clock/clock.js';
import {
  CANDIDATE_COLUMNS,
  COUNTER_COLUMNS,
  callFirstFreeSql,
  callFirstFreeValues,
  callStateSql,
  callStateValues,
  candidatesSql,
  candidatesValues,
  recentCallsSql,
  transitionSql,
  truncatedLines,
} from './call-next-sql.js';

/** A counter with its session, as the desk needs it. */
export interface CounterState {
  id: string;
  officeId: string;
  name: string;
  active: boolean;
  /** The services the counter may serve (its configuration). */
  serviceIds: string[];
  open: boolean;
  /** The services it serves now: those opened that it may still serve. */
  openServiceIds: string[];
  agentId: string | null;
}

/** A waiting ticket as the queue rules read it, with the number for the records. */
export interface QueuedTicket extends WaitingTicket {
  number: string;
}

interface CandidateRow {
  id: string;
  service_id: string;
  kind: 'appointment' | 'walk_in';
  preferential: boolean;
  number: string;
  queued_at: Date;
  slot_start: Date | null;
  grace_minutes: number;
}

export interface TicketEventInput {
  ticketId: string;
  officeId: string;
  type: string;
  at: Date;
  counterId?: string | null;
  agentId?: string | null;
  details?: Record<string, unknown> | null;
}


type Line = 'a' | 'p' | 'r' | 'e';
type JsonCandidate = [string, string, 'appointment' | 'walk_in', boolean, string, number, number | null, number, Line];

/**
 * A ticket as the desk's answers and screens read it (toDeskTicketDto, the announcements), taken
 * straight from the statement's row: the desk cycle's answers need no TypeORM entity (its
 * hydration was a measurable part of each call, docs/benchmarks.md issue #19). The pg driver's
 * values are TypeORM's for these columns (uuid/text/enum strings, booleans, int4 numbers,
 * timestamptz Dates; the entity has no transformers).
 */
export type DeskTicket = Pick<
  Ticket,
  'id' | 'number' | 'serviceId' | 'officeId' | 'kind' | 'preferential' | 'status' | 'issuedAt' | 'calledAt' | 'counterId' | 'recallCount' | 'partySize' | 'trackingCode' | 'groupTicketId'
>;

function deskTicketOf(row: Record<string, unknown>): DeskTicket {
  return {
    id: row.id as string,
    number: row.number as string,
    serviceId: row.service_id as string,
    officeId: row.office_id as string,
    kind: row.kind as Ticket['kind'],
    preferential: row.preferential as boolean,
    status: row.status as TicketStatus,
    issuedAt: row.issued_at as Date,
    calledAt: row.called_at as Date | null,
    counterId: row.counter_id as string | null,
    recallCount: row.recall_count as number,
    partySize: row.party_size as number,
    trackingCode: row.tracking_code as string,
    groupTicketId: row.group_ticket_id as string | null,
  };
}

export interface BusyTicket {
  id: string;
  number: string;
  status: string;
}

/**
 * The tickets table's columns, named: prepared statements never say `*`, since a column added by
 * a migration while an older instance runs would change a cached plan's result type (an error on
 * every later execution on that connection).
 */
/** Column lists by alias, built once: the statements using them run on every desk action. */
const ticketColumnLists = new Map<string, string>();

function ticketColumns(manager: EntityManager, alias: string): string {
  let list = ticketColumnLists.get(alias);
  if (!list) {
    list = manager.connection.getMetadata(Ticket).columns.map((column) => `${alias}."${column.databaseName}"`).join(', ');
    ticketColumnLists.set(alias, list);
  }
  return list;
}

/**
 * Statement texts that embed the tickets table's column list, built once per key: each runs on
 * every desk action, and a text of a few KB built afresh per call was also hashed afresh to find
 * its prepared statement's name.
 */
const ticketStatements = new Map<string, string>();

function ticketStatement(key: string, build: () => string): string {
  let text = ticketStatements.get(key);
  if (text === undefined) {
    text = build();
    ticketStatements.set(key, text);
  }
  return text;
}

/** TypeORM's column metadata (not exported from the package's root). */
type ColumnMetadata = ReturnType<DataSource['getMetadata']>['columns'][number];

/** A transition's SET clause (from $11 on) and statement, by the changed properties' names. */
const transitionSets = new Map<string, { statement: string; columns: ColumnMetadata[] }>();

/**
 * The transition's SET and statement for these changes, with their values converted as
 * `assignments` converts them (the driver's preparePersistentValue per column): the columns are
 * found and the text built once per list of changed properties (start, complete and no-show each
 * have one), not on every desk action.
 */
function transitionSet(manager: EntityManager, changes: Partial<Ticket>): { statement: string; values: unknown[] } {
  const properties = Object.keys(changes);
  const key = properties.join(',');
  let set = transitionSets.get(key);
  if (!set) {
    const built = assignments(manager.connection, Ticket, changes, 11);
    const metadata = manager.connection.getMetadata(Ticket);
    set = {
      statement: transitionSql(built.sql, (alias) => ticketColumns(manager, alias)),
      columns: properties.map((property) => metadata.findColumnWithPropertyName(property)!),
    };
    transitionSets.set(key, set);
  }
  const driver = manager.connection.driver;
  const values = set.columns.map((column, i) => driver.preparePersistentValue((changes as Record<string, unknown>)[properties[i]], column));
  return { statement: set.statement, values };
}

/** call-next's read, built once (it runs on every call). */
const CALL_STATE_SQL = callStateSql();

/** The candidates, with the walk-in lines that were cut (see candidatesSql). */
function candidateLines(rows: (CandidateRow & { line: Line })[]): { tickets: QueuedTicket[]; truncated: { preferential: boolean; regular: boolean } } {
  return { tickets: rows.map(toQueuedTicket), truncated: truncatedLines(rows.map((r) => r.line)) };
}

/** The candidates statement with its default parameters, built once. */
const CANDIDATES_SQL = candidatesSql(CANDIDATE_COLUMNS);

interface CounterRow {
  id: string;
  office_id: string;
  name: string;
  active: boolean;
  service_ids: string[];
  open: boolean | null;
  session_service_ids: string[] | null;
  agent_id: string | null;
}

function toCounterState(row: CounterRow): CounterState {
  const open = row.open === true;
  const opened = row.session_service_ids ?? [];
  return {
    id: row.id,
    officeId: row.office_id,
    name: row.name,
    active: row.active,
    serviceIds: row.service_ids,
    open,
    openServiceIds: open ? row.service_ids.filter((id) => opened.includes(id)) : [],
    agentId: row.agent_id,
  };
}

/** The desk's SQL. Every method takes the transaction's manager. */
@Injectable()
export class DeskRepository {
  constructor(private readonly clock: Clock) {}

  /**
   * The counter and its session; `lock` takes the session row FOR UPDATE, which serialises the
   * calls of one counter (not of the office: other counters' sessions are other rows).
   */
  async counter(manager: EntityManager, counterId: string, lock = false): Promise<CounterState | null> {
    const [row] = (await preparedQuery(
      manager,
      `SELECT ${COUNTER_COLUMNS}
         FROM counters c
         LEFT JOIN LATERAL (SELECT open, service_ids, agent_id FROM counter_sessions WHERE counter_id = c.id ${lock ? 'FOR UPDATE' : ''}) s ON true
        WHERE c.id = $1`,
      [counterId],
    )) as CounterRow[];
    return row ? toCounterState(row) : null;
  }

  /** The office a counter belongs to (never changes), or null for an unknown counter. */
  async officeOfCounter(manager: EntityManager, counterId: string): Promise<string | null> {
    const [row] = (await preparedQuery(manager, `SELECT office_id FROM counters WHERE id = $1`, [counterId])) as { office_id: string }[];
    return row?.office_id ?? null;
  }

  /**
   * Opens the counter for these services and logs it, in one statement. Its log (counter_session_log)
   * gets a new session unless this agent's is already open (reopening with other services goes on
   * with the same row); another agent's open session ends where this one starts (a takeover). The
   * insert reads `handed_over`, so the old session is closed before the new row meets the unique
   * index of open sessions, which keeps them from ever overlapping: a lost race of two first opens
   * is a unique violation, retried (withRetry), and the retry sees the other's session.
   */
  async openSession(manager: EntityManager, counter: { id: string; officeId: string }, serviceIds: string[], agentId: string, at: Date): Promise<void> {
    await manager.query(
      `WITH state AS (
         INSERT INTO counter_sessions (counter_id, office_id, open, service_ids, agent_id, opened_at, closed_at)
         VALUES ($1, $2, true, $3::uuid[], $4, $5, NULL)
         ON CONFLICT (counter_id) DO UPDATE SET open = true, office_id = EXCLUDED.office_id, service_ids = EXCLUDED.service_ids,
           agent_id = EXCLUDED.agent_id, opened_at = EXCLUDED.opened_at, closed_at = NULL
       ), handed_over AS (
         UPDATE counter_session_log SET closed_at = greatest(opened_at, $5)
          WHERE counter_id = $1 AND closed_at IS NULL AND agent_id <> $4
         RETURNING id
       )
       INSERT INTO counter_session_log (counter_id, office_id, agent_id, opened_at)
       SELECT $1, $2, $4, $5 FROM (SELECT count(*) FROM handed_over) AS after_handover
        WHERE NOT EXISTS (SELECT 1 FROM counter_session_log WHERE counter_id = $1 AND closed_at IS NULL AND agent_id = $4)`,
      [counter.id, counter.officeId, serviceIds, agentId, at],
    );
  }

  /** Closes the counter and its logged session, in one statement. */
  async closeSession(manager: EntityManager, counterId: string, at: Date): Promise<void> {
    await manager.query(
      `WITH state AS (UPDATE counter_sessions SET open = false, closed_at = $2 WHERE counter_id = $1 AND open)
       UPDATE counter_session_log SET closed_at = greatest(opened_at, $2) WHERE counter_id = $1 AND closed_at IS NULL`,
      [counterId, at],
    );
  }

  /** The ticket this counter has called or is serving today, if any. */
  async ticketAtCounter(manager: EntityManager, counter: CounterState, localDate: string): Promise<BusyTicket | null> {
    const [row] = (await manager.query(
      `SELECT id, number, status FROM tickets
        WHERE office_id = $1 AND status IN ('called', 'serving') AND counter_id = $2 AND local_date = $3 LIMIT 1`,
      [counter.officeId, counter.id, localDate],
    )) as BusyTicket[];
    return row ?? null;
  }

  /** The office's recent calls for these services today, oldest first, for the policy's streak. */
  async recentCalls(manager: EntityManager, officeId: string, serviceIds: string[], since: Date): Promise<RecentCall[]> {
    const rows = (await manager.query(`SELECT h.preferential FROM (${recentCallsSql('$1', '$2', '$3')}) h ORDER BY h.at, h.id`, [officeId, serviceIds, since])) as { preferential: boolean }[];
    return rows.map((r) => ({ preferential: r.preferential === true }));
  }

  /**
   * What call-next decides from, in one statement and without any lock: the counter with its
   * session (null when unknown); the ticket it still holds, if any; the office's recent calls for
   * the services it serves now, oldest first, for the policy's streak (read from ticket_events by
   * (office_id, at) backwards, never scanning the day); and the candidates. `officeId` is the
   * counter's office, which the caller knows (a counter never changes office). The candidates
   * are the rows the policy can choose from at `now` (candidatesSql): a `now` taken after the
   * caller's own (this clock's, by default) only reads more of them.
   */
  async callState(
    manager: EntityManager,
    query: { officeId: string; counterId: string; localDate: string; since: Date; now?: Date; perLine?: number },
  ): Promise<{ counter: CounterState | null; busy: BusyTicket | null; history: RecentCall[]; tickets: QueuedTicket[]; truncated: { preferential: boolean; regular: boolean } }> {
    const [row] = (await preparedQuery(manager, CALL_STATE_SQL, callStateValues({ ...query, now: query.now ?? this.clock.now().toJSDate() }))) as { counter: CounterRow | null; busy: BusyTicket | null; history: (boolean | null)[]; candidates: JsonCandidate[] }[];
    // Straight to what the policy reads (as toQueuedTicket makes it), without a Date per instant in between.
    const tickets = row.candidates.map(
      ([id, serviceId, kind, preferential, number, queuedMs, slotMs, graceMinutes]): QueuedTicket => ({
        id,
        serviceId,
        kind,
        preferential,
        number,
        issuedAt: DateTime.fromMillis(Number(queuedMs)),
        ...(slotMs !== null ? { slotStart: DateTime.fromMillis(Number(slotMs)), graceMinutes } : {}),
      }),
    );
    return {
      counter: row.counter ? toCounterState(row.counter) : null,
      busy: row.busy,
      history: row.history.map((preferential) => ({ preferential: preferential === true })),
      tickets,
      truncated: truncatedLines(row.candidates.map((candidate) => candidate[8])),
    };
  }

  /**
   * Today's waiting tickets that can head a line of the policy, without locking anything (see
   * candidatesSql): every appointment whose slot has started, the first PER_LINE walk-ins of each
   * line (preferential or not) by arrival, and the early appointments when neither line was cut.
   * Each line's head and the aging guard's oldest ticket are always among them. `truncated` says
   * which walk-in lines may hold more.
   */
  async candidates(
    manager: EntityManager,
    query: { officeId: string; localDate: string; serviceIds: string[]; exclude: string[]; now?: Date; perLine?: number },
  ): Promise<{ tickets: QueuedTicket[]; truncated: { preferential: boolean; regular: boolean } }> {
    const rows = (await preparedQuery(manager, CANDIDATES_SQL, candidatesValues({ ...query, now: query.now ?? this.clock.now().toJSDate() }))) as (CandidateRow & {
      line: Line;
    })[];
    return candidateLines(rows);
  }

  /** Every waiting ticket of these services today (out-of-order calls: rare, and they list who was passed over). */
  async allWaiting(manager: EntityManager, officeId: string, localDate: string, serviceIds: string[]): Promise<QueuedTicket[]> {
    const rows = (await manager.query(
      `SELECT ${CANDIDATE_COLUMNS} FROM tickets t JOIN services s ON s.id = t.service_id
        WHERE t.office_id = $1 AND t.status = 'waiting' AND t.local_date = $2 AND t.service_id = ANY($3::uuid[])`,
      [officeId, localDate, serviceIds],
    )) as CandidateRow[];
    return rows.map(toQueuedTicket);
  }

  /**
   * call-next's claim, one autocommitted statement (`call_first_free`, migration
   * CallNextInTwoStatements): under the counter session's lock, refused when the session is
   * closed or the counter still holds a ticket; otherwise the first of the policy's successive
   * choices that is still waiting and that no other counter is claiming (FOR UPDATE SKIP LOCKED)
   * is marked called at this counter, with its 'called' event and the reason the policy gave for
   * it. 'taken' when every choice is gone (choose again).
   */
  async callFirstFree(
    manager: EntityManager,
    call: { choices: { ticketId: string; reason: string }[]; officeId: string; counterId: string; localDate: string; agentId: string; at: Date },
  ): Promise<{ outcome: 'called'; ticket: DeskTicket } | { outcome: 'busy'; busy: BusyTicket } | { outcome: 'closed' | 'taken' }> {
    const text = ticketStatement('call_first_free', () => callFirstFreeSql(ticketColumns(manager, '(r.o_ticket)')));
    const [row] = (await preparedQuery(manager, text, callFirstFreeValues(call))) as (Record<string, unknown> & { outcome: 'called' | 'busy' | 'closed' | 'taken'; busy_id: string; busy_number: string; busy_status: string })[];
    if (row.outcome === 'called') return { outcome: 'called', ticket: deskTicketOf(row) };
    if (row.outcome === 'busy') return { outcome: 'busy', busy: { id: row.busy_id, number: row.busy_number, status: row.busy_status } };
    return { outcome: row.outcome };
  }

  /**
   * A transition in one statement: the ticket's new values, its event, and the name of the counter
   * it was at (the event's counter). The ticket must be locked by this transaction.
   */
  async changeTicket(
    manager: EntityManager,
    ticketId: string,
    changes: Partial<Ticket>,
    event: TicketEventInput,
  ): Promise<{ ticket: Ticket; counterName: string | null }> {
    const set = assignments(manager.connection, Ticket, changes, 9);
    const [row] = (await preparedQuery(
      manager,
      `WITH updated AS (UPDATE tickets SET ${set.sql}, updated_at = now() WHERE id = $1 RETURNING ${ticketColumns(manager, 'tickets')}),
            event AS (
              INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, agent_id, details)
              SELECT id, $2, $3, $4, $5, $6, $7::jsonb FROM updated)
       SELECT ${ticketColumns(manager, 'updated')}, (SELECT name FROM counters WHERE id = $8) AS event_counter_name FROM updated`,
      [
        ticketId,
        event.officeId,
        event.type,
        event.at,
        event.counterId ?? null,
        event.agentId ?? null,
        event.details ? JSON.stringify(event.details) : null,
        event.counterId ?? null,
        ...set.values,
      ],
    )) as (Record<string, unknown> & { event_counter_name: string | null })[];
    return { ticket: hydrate(manager.connection, Ticket, row), counterName: row.event_counter_name };
  }

  /**
   * A transition that depends on nothing but the ticket's status, as one autocommitted statement:
   * lock the ticket, change it only if its status allows the move and it belongs to `officeId`
   * (null: any office), record the event with the status it came from. `ticket` is null when
   * nothing changed, and `found` then says what the ticket was, for the caller's error.
   * With `ratingEmailDueAt`, a ticket it completes that came from a booking with an email address,
   * in an office that sends them, gets its rating email queued in the notifications outbox
   * (`queue_notification`, once per ticket), due at that instant: the same statement, no round
   * trip more. (A SELECT in a WITH runs only when read: the final SELECT reads it.)
   */
  async transitionInPlace(
    manager: EntityManager,
    move: {
      ticketId: string;
      from: readonly string[];
      officeId: string | null;
      changes: Partial<Ticket>;
      type: string;
      at: Date;
      agentId: string;
      details: Record<string, unknown>;
      withRecalls: boolean;
      ratingEmailDueAt?: Date | null;
      /** A ticket of a group (one ticket per person) changes only with this: the caller holds the group's locks and moves them all. */
      grouped?: boolean;
    },
  ): Promise<
    { ticket: DeskTicket; counterName: string | null } | { ticket: null; found: { status: TicketStatus; officeId: string; groupTicketId: string | null } | null }
  > {
    const set = transitionSet(manager, move.changes);
    const [row] = (await preparedQuery(
      manager,
      set.statement,
      [
        move.ticketId,
        move.from,
        move.officeId,
        move.type,
        move.at,
        move.agentId,
        JSON.stringify(move.details),
        move.withRecalls,
        move.ratingEmailDueAt ?? null,
        move.grouped ?? false,
        ...set.values,
      ],
    )) as (Record<string, unknown> & { id: string | null; old_status: TicketStatus; old_office_id: string; old_group_ticket_id: string | null; event_counter_name: string | null })[];
    if (!row) return { ticket: null, found: null };
    if (row.id === null) return { ticket: null, found: { status: row.old_status, officeId: row.old_office_id, groupTicketId: row.old_group_ticket_id } };
    return { ticket: deskTicketOf(row), counterName: row.event_counter_name };
  }

  /** The ticket, locked for a transition (waits for another transition of the same ticket). */
  async lockTicket(manager: EntityManager, ticketId: string): Promise<Ticket | null> {
    const [row] = (await preparedQuery(manager, `SELECT ${ticketColumns(manager, 'tickets')} FROM tickets WHERE id = $1 FOR UPDATE`, [ticketId])) as Record<string, unknown>[];
    return row ? hydrate(manager.connection, Ticket, row) : null;
  }

  /**
   * The tickets of a group (one ticket per person), locked in number order: its first ticket, the
   * one call-next claims a group by, comes first.
   */
  async lockGroup(manager: EntityManager, groupTicketId: string): Promise<Ticket[]> {
    const rows = (await manager.query(`SELECT ${ticketColumns(manager, 'tickets')} FROM tickets WHERE group_ticket_id = $1 ORDER BY sequence FOR UPDATE`, [
      groupTicketId,
    ])) as Record<string, unknown>[];
    return rows.map((row) => hydrate(manager.connection, Ticket, row));
  }

  /** A group's tickets (one ticket per person) in number order, unlocked: for the answer and the screens. */
  async groupTickets(manager: EntityManager, groupTicketId: string): Promise<Ticket[]> {
    const rows = (await manager.query(`SELECT ${ticketColumns(manager, 'tickets')} FROM tickets WHERE group_ticket_id = $1 ORDER BY sequence`, [groupTicketId])) as Record<
      string,
      unknown
    >[];
    return rows.map((row) => hydrate(manager.connection, Ticket, row));
  }

  async recordEvent(manager: EntityManager, event: TicketEventInput): Promise<void> {
    await manager.query(
      `INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, agent_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [event.ticketId, event.officeId, event.type, event.at, event.counterId ?? null, event.agentId ?? null, event.details ? JSON.stringify(event.details) : null],
    );
  }
}

function toQueuedTicket(row: CandidateRow): QueuedTicket {
  return {
    id: row.id,
    serviceId: row.service_id,
    kind: row.kind,
    preferential: row.preferential,
    number: row.number,
    issuedAt: DateTime.fromJSDate(row.queued_at),
    ...(row.slot_start ? { slotStart: DateTime.fromJSDate(row.slot_start), graceMinutes: row.grace_minutes } : {}),
  };
}

