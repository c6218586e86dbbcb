import { Injectable } from '@nestjs/common';
import { readAll } from '../database/read-all.js';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CallReason,
  DEFAULT_SERVICE_SETTINGS,
  estimateWaitMinutes,
  isTrackingCode,
  queueOrder,
  type RecentCall,
  ticketDay,
  type WaitingTicket,
} from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Counter } from '../counters/counter.entity.js';
import { Office } from '../offices/office.entity.js';
import { type DisplaySnapshot, publicTurn, QueueReadModel, type TurnPage, type TurnView } from '../realtime/queue-events.js';
import { ServiceEntity } from '../services/service.entity.js';
import { surveyWindowOpen } from '../surveys/survey-window.js';
import { type QueueDto, toTicketDto } from './dto/ticket.dto.js';
import { Ticket } from './ticket.entity.js';
import { officeInstant } from '../common/time/office-instant.js';

/** A waiting ticket as the scheduling library reads it, carrying its row. */
export type QueueEntry = WaitingTicket & { row: Ticket };

/** Everything the queue rules need about an office's day, read in one go. */
export interface OfficeQueue {
  office: Office;
  /** The office-local date of `now`. */
  today: string;
  now: DateTime;
  services: Map<string, ServiceEntity>;
  /** Today's waiting tickets, in no particular order. */
  waiting: QueueEntry[];
  /** Today's calls, oldest first (the last 50): the policy's streak. */
  history: RecentCall[];
}

/** A waiting ticket in serving order, with what the staff screen and the turn page show. */
export interface PlacedTicket {
  entry: QueueEntry;
  reason: CallReason;
  /** Tickets of the same service ahead of it in serving order. */
  position: number;
  estimatedWaitMinutes: number | null;
}

const DISPLAY_CALLS = 6;
const HISTORY_CALLS = 50;
const RECENT_SERVICE_SAMPLES = 20;
/** Completed services older than this do not describe today's pace. */
const RECENT_SERVICE_DAYS = 7;
const MORE_TIME_PLACES = 3;

const isoIn = officeInstant;

/**
 * The read side of the queue: the staff queue, the waiting-room snapshot and the "follow your turn"
 * page, all from one ordering (the library's `queueOrder` with the office's policy and today's calls).
 * It is also the `QueueReadModel` the realtime module reads on connect.
 */
@Injectable()
export class TicketQueries implements QueueReadModel {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** GET /offices/{officeId}/queue: waiting in serving order (with reasons and estimates), then today's calls, newest first. */
  async queue(actor: AuthenticatedUser, officeId: string): Promise<QueueDto> {
    assertOfficeAccess(actor, officeId);
    const queue = await this.load(this.db.manager, officeId);
    const zone = queue.office.timeZone;
    const placed = await this.place(this.db.manager, queue);
    const calledRows = await this.db.manager.find(Ticket, {
      where: { officeId, localDate: queue.today, status: In(['called', 'serving']) },
      order: { calledAt: 'DESC' },
    });
    const counters = await this.counterNames(this.db.manager, calledRows.map((t) => t.counterId));
    const groups = await this.groupNumbers(this.db.manager, [...placed.map((p) => p.entry.row), ...calledRows]);
    const serviceName = (id: string) => queue.services.get(id)?.name ?? '';
    const groupOf = (t: Ticket) => (t.groupTicketId ? { groupNumbers: groups.get(t.groupTicketId) } : {});
    return {
      waiting: placed.map((p) =>
        toTicketDto(p.entry.row, {
          timeZone: zone,
          serviceName: serviceName(p.entry.serviceId),
          estimatedWaitMinutes: p.estimatedWaitMinutes,
          reason: p.reason,
          ...groupOf(p.entry.row),
        }),
      ),
      called: calledRows.map((t) => toTicketDto(t, { timeZone: zone, serviceName: serviceName(t.serviceId), counterName: counters.get(t.counterId ?? ''), ...groupOf(t) })),
    };
  }

  /** The last calls of today with their counters and how many wait (the display's `queue.snapshot`). Unknown office: 404. */
  async displaySnapshot(officeId: string): Promise<DisplaySnapshot> {
    const office = await this.db.manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    const today = ticketDay(this.clock.now(), office.timeZone);
    // A group with one ticket per person is called as one: its tickets share the call, shown once
    // with every number (its tickets share the call's instant, so they come together, in number
    // order). A group has at most 10 tickets, so this many rows hold the last calls.
    const calls: { number: string; called_at: Date; counter: string | null; party_size: number; group_ticket_id: string | null }[] = await this.db.query(
      `SELECT t.number, t.called_at, c.name AS counter, t.party_size, t.group_ticket_id FROM tickets t LEFT JOIN counters c ON c.id = t.counter_id
        WHERE t.office_id = $1 AND t.local_date = $2 AND t.called_at IS NOT NULL
        ORDER BY t.called_at DESC, t.sequence LIMIT ${DISPLAY_CALLS * 10}`,
      [officeId, today],
    );
    const shown: DisplaySnapshot['called'] = [];
    const groups = new Map<string, string[]>();
    for (const c of calls) {
      const numbers = c.group_ticket_id ? groups.get(c.group_ticket_id) : undefined;
      if (numbers) {
        numbers.push(c.number);
        continue;
      }
      if (shown.length === DISPLAY_CALLS) continue;
      const call: DisplaySnapshot['called'][number] = { number: c.number, counter: c.counter ?? '', calledAt: isoIn(c.called_at, office.timeZone) };
      if (c.party_size > 1) call.partySize = c.party_size;
      if (c.group_ticket_id) groups.set(c.group_ticket_id, (call.numbers = [c.number]));
      shown.push(call);
    }
    const [{ n }]: { n: string }[] = await this.db.query(`SELECT count(*) AS n FROM tickets WHERE office_id = $1 AND local_date = $2 AND status = 'waiting'`, [
      officeId,
      today,
    ]);
    return {
      officeId,
      called: shown,
      waitingCount: Number(n),
    };
  }

  /** The "follow your turn" page; null for an unknown code. No personal data: the ticket carries none. */
  async turn(trackingCode: string): Promise<TurnPage | null> {
    if (!isTrackingCode(trackingCode)) return null;
    const ticket = await this.db.manager.findOneBy(Ticket, { trackingCode });
    if (!ticket) return null;
    if (ticket.status === 'waiting') {
      const queue = await this.load(this.db.manager, ticket.officeId);
      const placed = (await this.place(this.db.manager, queue)).find((p) => p.entry.id === ticket.id);
      if (placed) return turnPage(placed.entry.row, queue.office, queue.services.get(ticket.serviceId)?.name ?? '', null, placed);
    }
    const [office, service, counter] = await Promise.all([
      this.db.manager.findOneByOrFail(Office, { id: ticket.officeId }),
      this.db.manager.findOneByOrFail(ServiceEntity, { id: ticket.serviceId }),
      ticket.counterId ? this.db.manager.findOneBy(Counter, { id: ticket.counterId }) : null,
    ]);
    return turnPage(ticket, office, service.name, counter?.name ?? null, undefined, await this.canAnswerSurvey(ticket));
  }

  async waitingTurns(officeId: string, trackingCodes: readonly string[]): Promise<Map<string, TurnView>> {
    const pages = new Map<string, TurnView>();
    if (trackingCodes.length === 0) return pages;
    const wanted = new Set(trackingCodes);
    const queue = await this.load(this.db.manager, officeId);
    for (const placed of await this.place(this.db.manager, queue)) {
      const row = placed.entry.row;
      if (!wanted.has(row.trackingCode)) continue;
      pages.set(row.trackingCode, publicTurn(turnPage(row, queue.office, queue.services.get(row.serviceId)?.name ?? '', null, placed)));
    }
    return pages;
  }

  /** A completed ticket within the survey's days and not yet rated (surveys/). */
  private async canAnswerSurvey(ticket: Ticket): Promise<boolean> {
    if (ticket.status !== 'done' || !surveyWindowOpen(ticket.completedAt, this.clock.now())) return false;
    const [row] = (await this.db.query(`SELECT EXISTS (SELECT 1 FROM survey_answers WHERE ticket_id = $1) AS answered`, [ticket.id])) as { answered: boolean }[];
    return !row.answered;
  }

  /**
   * An office's waiting room today, as the queue rules read it. Pass a transaction's manager to
   * read inside it (call-next does); `now` defaults to the clock.
   */
  async load(manager: EntityManager, officeId: string, now: DateTime = this.clock.now()): Promise<OfficeQueue> {
    const office = await manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    const today = ticketDay(now, office.timeZone);
    const [services, rows, calls] = await readAll(manager, [
      () => manager.findBy(ServiceEntity, { officeId }),
      () => manager.findBy(Ticket, { officeId, localDate: today, status: 'waiting' }),
      () =>
        manager.query(
          `SELECT preferential FROM tickets WHERE office_id = $1 AND local_date = $2 AND called_at IS NOT NULL ORDER BY called_at DESC LIMIT ${HISTORY_CALLS}`,
          [officeId, today],
        ) as Promise<{ preferential: boolean }[]>,
    ]);
    const byId = new Map(services.map((s) => [s.id, s]));
    return {
      office,
      today,
      now,
      services: byId,
      waiting: rows.map((row) => toQueueEntry(row, byId.get(row.serviceId), office.timeZone)),
      history: calls.reverse().map((c) => ({ preferential: c.preferential })),
    };
  }

  /** Every waiting ticket in serving order, with its reason, its place among its service and its wait estimate. */
  async place(manager: EntityManager, queue: OfficeQueue): Promise<PlacedTicket[]> {
    const order = queueOrder(queue.waiting, queue.office.queuePolicy, queue.now, queue.history);
    const [openCounters, recentMinutes] = await readAll(manager, [() => this.openCountersByService(manager, queue.office.id), () => this.recentServiceMinutes(manager, queue)]);
    const ahead = new Map<string, number>();
    return order.map(({ ticket: entry, reason }) => {
      const position = ahead.get(entry.serviceId) ?? 0;
      ahead.set(entry.serviceId, position + 1);
      const service = queue.services.get(entry.serviceId);
      const estimatedWaitMinutes = estimateWaitMinutes({
        position,
        openCountersServing: openCounters.get(entry.serviceId) ?? 0,
        recentServiceMinutes: recentMinutes.get(entry.serviceId) ?? [],
        defaultServiceMinutes: service?.averageServiceMinutes ?? DEFAULT_SERVICE_SETTINGS.averageServiceMinutes,
      });
      const explained = entry.row.moreTimeUsed ? { ...reason, explanation: `${reason.explanation} Asked for more time, so it was moved back.` } : reason;
      return { entry, reason: explained, position, estimatedWaitMinutes };
    });
  }

  /**
   * Where "I need more time" puts a waiting ticket: just after the third ticket behind it of the
   * same service in its own line (preferential or general), or at the end of that line (now) when
   * fewer than three are behind. The ticket is then ordered by that arrival time, like a walk-in: an
   * appointment gives up its slot's priority when it asks for more time.
   */
  async moreTimePlace(manager: EntityManager, queue: OfficeQueue, ticket: Ticket): Promise<Date> {
    const placed = await this.place(manager, queue);
    const index = placed.findIndex((p) => p.entry.id === ticket.id);
    const behind = placed
      .slice(index + 1)
      .filter((p) => p.entry.serviceId === ticket.serviceId && p.entry.preferential === ticket.preferential && standing(p.entry, queue.now) !== 'early');
    const own = ticket.queuedAt.getTime();
    if (behind.length < MORE_TIME_PLACES) return new Date(Math.max(own, queue.now.toMillis()));
    // A due appointment stays ahead of arrival-ordered tickets anyway; only arrival times need passing.
    const anchor = Math.max(own, ...behind.slice(0, MORE_TIME_PLACES).filter((p) => standing(p.entry, queue.now) === 'arrival').map((p) => p.entry.row.queuedAt.getTime()));
    return new Date(anchor + 1);
  }

  /** A waiting ticket's estimate now (the wait quoted at issue). */
  async estimateFor(manager: EntityManager, ticket: Ticket): Promise<number | null> {
    const queue = await this.load(manager, ticket.officeId);
    return (await this.place(manager, queue)).find((p) => p.entry.id === ticket.id)?.estimatedWaitMinutes ?? null;
  }

  /**
   * The numbers of the groups (one ticket per person) these tickets belong to, by group, in
   * number order. No query when none belongs to a group.
   */
  async groupNumbers(manager: EntityManager, tickets: readonly Pick<Ticket, 'groupTicketId'>[]): Promise<Map<string, string[]>> {
    const wanted = [...new Set(tickets.map((t) => t.groupTicketId).filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows: { group_ticket_id: string; numbers: string[] }[] = await manager.query(
      `SELECT group_ticket_id, array_agg(number ORDER BY sequence) AS numbers FROM tickets WHERE group_ticket_id = ANY($1::uuid[]) GROUP BY group_ticket_id`,
      [wanted],
    );
    return new Map(rows.map((r) => [r.group_ticket_id, r.numbers]));
  }

  /** Counter names by id, for DTOs. */
  async counterNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const counters = await manager.findBy(Counter, { id: In(wanted) });
    return new Map(counters.map((c) => [c.id, c.name]));
  }

  /** Open counters per service they are serving now (counter_sessions). */
  private async openCountersByService(manager: EntityManager, officeId: string): Promise<Map<string, number>> {
    const rows: { service_id: string; n: string }[] = await manager.query(
      `SELECT s.service_id, count(*) AS n FROM counter_sessions cs, unnest(cs.service_ids) AS s(service_id)
        WHERE cs.office_id = $1 AND cs.open GROUP BY s.service_id`,
      [officeId],
    );
    return new Map(rows.map((r) => [r.service_id, Number(r.n)]));
  }

  /** The last service durations per service (started → completed), oldest first. */
  private async recentServiceMinutes(manager: EntityManager, queue: OfficeQueue): Promise<Map<string, number[]>> {
    const rows: { service_id: string; minutes: number }[] = await manager.query(
      `SELECT service_id, minutes FROM (
         SELECT service_id, completed_at, extract(epoch FROM completed_at - started_at) / 60 AS minutes,
                row_number() OVER (PARTITION BY service_id ORDER BY completed_at DESC) AS rn
           FROM tickets
          WHERE office_id = $1 AND status = 'done' AND started_at IS NOT NULL AND completed_at IS NOT NULL AND completed_at >= $2
       ) recent WHERE rn <= ${RECENT_SERVICE_SAMPLES} ORDER BY completed_at`,
      [queue.office.id, queue.now.minus({ days: RECENT_SERVICE_DAYS }).toJSDate()],
    );
    const result = new Map<string, number[]>();
    for (const row of rows) result.set(row.service_id, [...(result.get(row.service_id) ?? []), Number(row.minutes)]);
    return result;
  }
}

/**
 * A ticket row as the queue rules read it. `queuedAt` is the arrival that orders it (kept through
 * transfers); a ticket that asked for more time is ordered by that arrival alone. Times are in the
 * office's zone, so the reasons' "09:55" reads as the office's clock.
 */
export function toQueueEntry(row: Ticket, service: ServiceEntity | undefined, zone: string): QueueEntry {
  const appointment = row.kind === 'appointment' && row.slotStart && !row.moreTimeUsed;
  return {
    id: row.id,
    serviceId: row.serviceId,
    kind: row.kind,
    preferential: row.preferential,
    issuedAt: DateTime.fromJSDate(row.queuedAt, { zone }),
    ...(appointment ? { slotStart: DateTime.fromJSDate(row.slotStart!, { zone }), graceMinutes: service?.checkInGraceMinutes ?? DEFAULT_SERVICE_SETTINGS.checkInGraceMinutes } : {}),
    row,
  };
}

/** The library's standing of a waiting ticket (see libs/scheduling queue-lanes): due, early, or by arrival. */
function standing(entry: QueueEntry, now: DateTime): 'due' | 'early' | 'arrival' {
  if (entry.kind !== 'appointment' || !entry.slotStart) return 'arrival';
  const grace = entry.graceMinutes ?? DEFAULT_SERVICE_SETTINGS.checkInGraceMinutes;
  if (entry.issuedAt > entry.slotStart.plus({ minutes: grace })) return 'arrival';
  return now < entry.slotStart ? 'early' : 'due';
}

function turnPage(ticket: Ticket, office: Office, serviceName: string, counterName: string | null, placed?: PlacedTicket, canAnswerSurvey = false): TurnPage {
  const called = ticket.status === 'called' || ticket.status === 'serving';
  return {
    officeId: office.id,
    number: ticket.number,
    status: ticket.status,
    serviceName,
    officeName: office.name,
    position: placed ? placed.position : null,
    estimatedWaitMinutes: placed ? placed.estimatedWaitMinutes : null,
    counter: called ? counterName : null,
    calledAt: ticket.calledAt ? isoIn(ticket.calledAt, office.timeZone) : null,
    canAskForMoreTime: ticket.status === 'waiting' && !ticket.moreTimeUsed,
    canAnswerSurvey,
  };
}

