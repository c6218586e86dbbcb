import { Injectable } from '@nestjs/common';
import { readAll } from '../database/read-all.js';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  checkInWindow,
  type DocumentType,
  formatTicketNumber,
  generateTrackingCode,
  isTrackingCode,
  normalizeBookingCode,
  normalizeDocument,
  type OfficeCalendar,
  openingOn,
  takesWalkIns,
  ticketDay,
} from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { Booking } from '../bookings/booking.entity.js';
import { withRetry } from '../database/transaction-retry.js';
import { lockOfficeCalendar } from '../closures/calendar-lock.js';
import { OfficeCalendars } from '../closures/office-calendars.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { schedulingException } from '../common/errors/scheduling-error.js';
import { Office } from '../offices/office.entity.js';
import type { TurnView } from '../realtime/queue-events.js';
import { ServiceEntity } from '../services/service.entity.js';
import type { CheckInDto, IssueWalkInDto } from './dto/issue-ticket.dto.js';
import { type TicketDto, type TicketDtoContext, toTicketDto } from './dto/ticket.dto.js';
import { QueueNotifier } from './queue-notifier.js';
import { Ticket } from './ticket.entity.js';
import { TicketQueries } from './ticket-queries.js';
import { publicTurn } from '../realtime/queue-events.js';
import { TicketSequences } from './ticket-sequences.js';
import { TicketTimeline } from './ticket-timeline.js';
import { WalkInTallies } from './walk-in-tallies.js';
import { officeInstant } from '../common/time/office-instant.js';

interface IssueRequest {
  office: Office;
  service: ServiceEntity;
  today: string;
  now: DateTime;
  kind: Ticket['kind'];
  preferential: boolean;
  booking?: Booking;
  agentId: string | null;
  event: { type: 'issued' | 'checked_in'; details: Record<string, unknown> };
  /** A group's check-in: its people, and (one ticket per person) the first ticket's id, given to it. */
  partySize?: number;
  groupTicketId?: string | null;
  id?: string;
}

/**
 * Issuing tickets (check-in of a booking, walk-in) and the applicant's own change ("more time").
 * Each change is one transaction that writes the ticket, its number and its timeline together;
 * the realtime layer hears about it only after the commit.
 */
@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: OfficeCalendars,
    private readonly sequences: TicketSequences,
    private readonly tallies: WalkInTallies,
    private readonly timeline: TicketTimeline,
    private readonly queries: TicketQueries,
    private readonly notifier: QueueNotifier,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks a booking in and issues its appointment ticket. The booking row is locked, so parallel
   * check-ins of one booking queue up and the later ones find it checked in; the partial unique
   * index on tickets.booking_id is the last word. A group booking (issue #18) checks in whole: by
   * any member's code or document, every active member, with the office's `groupTickets` (one
   * ticket carrying the party size, or one per person, linked). Without an actor (the public kiosk) only the
   * booking code, a bearer secret, is accepted; a document number needs staff.
   */
  async checkIn(actor: AuthenticatedUser | undefined, officeId: string, input: CheckInDto): Promise<TicketDto> {
    if (actor) assertOfficeAccess(actor, officeId);
    if ((input.code === undefined) === (input.documentNumber === undefined)) {
      const messages = ['send either code or documentNumber (exactly one)'];
      throw ApiException.validation([
        { field: 'code', messages },
        { field: 'documentNumber', messages },
      ]);
    }
    if (!actor && input.documentNumber !== undefined) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, 'Checking in by document number is for the office staff: log in, or check in with the booking code');
    }
    const issued = await withRetry(() =>
      this.db.transaction(async (manager) => {
        const office = await this.office(manager, officeId);
        const now = this.clock.now();
        const today = ticketDay(now, office.timeZone);
        const { booking, service } =
          input.code !== undefined
            ? await this.bookingByCode(manager, officeId, input.code)
            : await this.bookingByDocument(manager, office, today, now, input.documentNumber!, input.documentType);
        // Found unlocked, then locked with its group: a group checks in as one, whichever member's
        // code or document was given, and its rows are locked in id order, so parallel check-ins of
        // two members queue up (the later finds the group checked in) instead of deadlocking.
        // Every active member is checked in; a cancelled companion stays out.
        const members = await this.lockMembers(manager, booking);
        if (members.some((m) => m.status === 'checked_in')) throw alreadyCheckedIn();
        const found = members.find((m) => m.id === booking.id);
        if (!found) throw bookingNotFound();
        if (found.status !== 'confirmed') {
          throw new ApiException(ErrorCode.BOOKING_NOT_ACTIVE, `This booking is ${found.status.replace('_', ' ')} and cannot check in`);
        }
        this.assertCheckInWindow(found, service, office, now);
        const active = members.filter((m) => m.status === 'confirmed').sort((a, b) => (a.groupIndex ?? 0) - (b.groupIndex ?? 0));
        const tickets = await this.issueCheckIn(manager, { office, service, today, now, active, agentId: actor?.id ?? null, source: actor ? 'staff' : 'kiosk' });
        await manager.update(Booking, { id: In(active.map((m) => m.id)) }, { status: 'checked_in' });
        return { ticket: tickets[0], group: tickets, office, service, identityVerified: found.identityVerified };
      }),
    ).catch((error: unknown) => {
      if (isUniqueViolation(error, 'uq_tickets_booking')) throw alreadyCheckedIn();
      throw error;
    });
    return { ...(await this.afterIssue(issued)), identityVerified: issued.identityVerified };
  }

  /**
   * A walk-in ticket, from staff or from the public kiosk (actor undefined). The office must be
   * open now; the day's cap is claimed on the tally row before the number, so refused requests
   * never take a number, and their refusal is counted after the rollback, so it persists.
   */
  async issueWalkIn(actor: AuthenticatedUser | undefined, officeId: string, input: IssueWalkInDto): Promise<TicketDto> {
    if (actor) assertOfficeAccess(actor, officeId);
    const service = await this.db.manager.findOneBy(ServiceEntity, { id: input.serviceId, officeId });
    if (!service || !service.active) {
      throw new ApiException(ErrorCode.SERVICE_NOT_FOUND, 'Service not found in this office', [{ field: 'serviceId', messages: ['no such service in this office'] }]);
    }
    if (!takesWalkIns(service.mode)) {
      throw new ApiException(ErrorCode.SERVICE_NOT_WALK_IN, `"${service.name}" is attended by appointment only; book a time online`);
    }
    const outcome = await withRetry(() =>
      this.db.transaction(async (manager) => {
        await lockOfficeCalendar(manager, officeId, 'shared');
        const office = await this.office(manager, officeId);
        const now = this.clock.now();
        const today = ticketDay(now, office.timeZone);
        const { calendar } = await this.calendars.forOffice(officeId, { from: today, to: today }, manager);
        assertOpenNow(calendar, today, now);
        if (!(await this.tallies.claim(manager, service.id, today, service.walkInDailyCap))) return { refused: true as const, today };
        const ticket = await this.issue(manager, {
          office,
          service,
          today,
          now,
          kind: 'walk_in',
          preferential: input.preferential ?? false,
          agentId: actor?.id ?? null,
          event: { type: 'issued', details: { source: actor ? 'staff' : 'kiosk' } },
        });
        return { refused: false as const, ticket, office, service };
      }),
    );
    if (outcome.refused) {
      await this.tallies.refuse(this.db.manager, service.id, outcome.today);
      throw new ApiException(
        ErrorCode.WALK_IN_CAP_REACHED,
        `Today's walk-in tickets for ${service.name} are all taken. Please book an appointment online or come back another day.`,
        { serviceId: service.id },
      );
    }
    return this.afterIssue(outcome);
  }

  /**
   * "I need more time", once per ticket and only while waiting: the ticket moves back a few places
   * (see `TicketQueries.moreTimePlace`). Answers the turn page's new state.
   */
  async moreTime(trackingCode: string): Promise<TurnView> {
    if (!isTrackingCode(trackingCode)) throw ticketNotFound();
    const moved = await withRetry(() =>
      this.db.transaction(async (manager) => {
        const row = await manager.createQueryBuilder(Ticket, 't').where('t.tracking_code = :trackingCode', { trackingCode }).setLock('pessimistic_write').getOne();
        if (!row) throw ticketNotFound();
        if (row.status !== 'waiting') throw new ApiException(ErrorCode.INVALID_TRANSITION, `Only a waiting ticket can ask for more time; this one is ${row.status.replace('_', ' ')}`);
        if (row.moreTimeUsed) throw new ApiException(ErrorCode.MORE_TIME_ALREADY_USED, 'More time can be asked for only once per ticket');
        const queue = await this.queries.load(manager, row.officeId);
        const queuedAt = await this.queries.moreTimePlace(manager, queue, row);
        // A group with one ticket per person waits as one: all its waiting tickets move back together.
        const group = row.groupTicketId
          ? await manager.find(Ticket, { where: { groupTicketId: row.groupTicketId, status: 'waiting' }, order: { sequence: 'ASC' }, lock: { mode: 'pessimistic_write' } })
          : [row];
        for (const member of group) {
          await manager.update(Ticket, member.id, { queuedAt, moreTimeUsed: true });
          await this.timeline.record(manager, {
            ticket: member,
            type: 'more_time',
            at: queue.now.toJSDate(),
            details: { queuedAtBefore: member.queuedAt.toISOString(), queuedAtAfter: queuedAt.toISOString() },
          });
        }
        return { row, group };
      }),
    );
    this.notifier.changed(moved.row.officeId, moved.group.map((member) => member.trackingCode));
    return publicTurn((await this.queries.turn(trackingCode))!);
  }

  /** A ticket as API.md shows it, names looked up (for the desk: call-next, transitions). */
  async toDto(ticket: Ticket, extra: Omit<TicketDtoContext, 'timeZone' | 'serviceName' | 'counterName'> = {}, manager: EntityManager = this.db.manager): Promise<TicketDto> {
    const [office, service, counters] = await readAll(manager, [
      () => manager.findOneByOrFail(Office, { id: ticket.officeId }),
      () => manager.findOneByOrFail(ServiceEntity, { id: ticket.serviceId }),
      () => this.queries.counterNames(manager, [ticket.counterId]),
    ]);
    return toTicketDto(ticket, { ...extra, timeZone: office.timeZone, serviceName: service.name, counterName: counters.get(ticket.counterId ?? '') });
  }

  /**
   * The tickets of a check-in: one for a person alone or, with the office's `groupTickets` 'one',
   * for the whole group (its `partySize` the active members); with 'per_person', one per member in
   * the group's order, numbered consecutively (this transaction holds the day's sequence row from
   * the first number on) and linked to the first by `groupTicketId`. The group waits as one: it is
   * preferential when any member is, and the first ticket is the holder's (the code's owner).
   */
  private async issueCheckIn(
    manager: EntityManager,
    request: { office: Office; service: ServiceEntity; today: string; now: DateTime; active: Booking[]; agentId: string | null; source: 'staff' | 'kiosk' },
  ): Promise<Ticket[]> {
    const { active } = request;
    const partySize = active.length;
    const preferential = active.some((m) => m.preferential);
    const perPerson = partySize > 1 && request.office.groupTickets === 'per_person';
    const holders = perPerson ? active : [active[0]];
    // Ids chosen here, in ascending order: the queue breaks ties (a group's tickets share their
    // arrival and slot) by id, so the group's tickets stand in number order, the first one first.
    const ids = perPerson ? holders.map(() => randomUUID()).sort() : [];
    const groupTicketId = perPerson ? ids[0] : null;
    const tickets: Ticket[] = [];
    for (const [index, booking] of holders.entries()) {
      const details: Record<string, unknown> = { bookingId: booking.id, source: request.source };
      if (partySize > 1) details.partySize = partySize;
      // One ticket for the group: the booking it names is the holder's; the others are listed.
      if (partySize > 1 && !perPerson) details.bookingIds = active.map((m) => m.id);
      tickets.push(
        await this.issue(manager, {
          ...request,
          kind: 'appointment',
          preferential,
          booking,
          partySize,
          ...(groupTicketId ? { id: ids[index], groupTicketId } : {}),
          event: { type: 'checked_in', details },
        }),
      );
    }
    return tickets;
  }

  /** The booking, or every row of its group, locked in id order and read again under the lock. */
  private lockMembers(manager: EntityManager, booking: Booking): Promise<Booking[]> {
    const query = manager.createQueryBuilder(Booking, 'b').setLock('pessimistic_write');
    if (!booking.groupId) return query.where('b.id = :id', { id: booking.id }).getMany();
    return query.where('b.group_id = :groupId', { groupId: booking.groupId }).orderBy('b.id').getMany();
  }

  /** Numbers the ticket, inserts it and its first timeline event, in the issuing transaction. */
  private async issue(manager: EntityManager, request: IssueRequest): Promise<Ticket> {
    const { office, service, today, now, booking } = request;
    const sequence = await this.sequences.next(manager, office.id, today, service.code);
    const ticket = manager.create(Ticket, {
      ...(request.id ? { id: request.id } : {}),
      officeId: office.id,
      serviceId: service.id,
      bookingId: booking?.id ?? null,
      kind: request.kind,
      preferential: request.preferential,
      number: formatTicketNumber(service.code, sequence),
      sequence,
      localDate: today,
      status: 'waiting',
      issuedAt: now.toJSDate(),
      queuedAt: now.toJSDate(),
      slotStart: booking?.slotStart ?? null,
      trackingCode: generateTrackingCode(),
      partySize: request.partySize ?? 1,
      groupTicketId: request.groupTicketId ?? null,
    });
    await manager.insert(Ticket, ticket);
    await this.timeline.record(manager, { ticket, type: request.event.type, at: now.toJSDate(), agentId: request.agentId, details: request.event.details });
    return ticket;
  }

  /**
   * After the commit: the quoted wait (kept for the reports), the realtime events, the answer with
   * the tracking code. A group with one ticket per person is answered with its first ticket and
   * every number of the group.
   */
  private async afterIssue({ ticket, office, service, group = [ticket] }: { ticket: Ticket; group?: Ticket[]; office: Office; service: ServiceEntity }): Promise<TicketDto> {
    let estimate: number | null = null;
    for (const member of group) {
      const quoted = await this.queries.estimateFor(this.db.manager, member);
      if (member === ticket) estimate = quoted;
      if (quoted !== null) await this.db.manager.update(Ticket, member.id, { quotedWaitMinutes: quoted });
    }
    this.notifier.changed(office.id, group.map((member) => member.trackingCode));
    return toTicketDto(ticket, {
      timeZone: office.timeZone,
      serviceName: service.name,
      estimatedWaitMinutes: estimate,
      withTrackingCode: true,
      ...(group.length > 1 ? { groupNumbers: group.map((member) => member.number) } : {}),
    });
  }

  private async bookingByCode(manager: EntityManager, officeId: string, code: string): Promise<{ booking: Booking; service: ServiceEntity }> {
    const canonical = normalizeBookingCode(code);
    const booking = canonical
      ? await manager.createQueryBuilder(Booking, 'b').where('b.code = :code', { code: canonical }).getOne()
      : null;
    // Another office's booking is "not found", not "forbidden": the code must not confirm it exists.
    if (!booking || booking.officeId !== officeId) throw bookingNotFound();
    return { booking, service: await manager.findOneByOrFail(ServiceEntity, { id: booking.serviceId }) };
  }

  /**
   * Today's booking in this office for a document (RUT, passport or other, normalised). With
   * several, the first whose check-in window is open now, else the earliest slot.
   */
  private async bookingByDocument(
    manager: EntityManager,
    office: Office,
    today: string,
    now: DateTime,
    documentNumber: string,
    documentType?: DocumentType,
  ): Promise<{ booking: Booking; service: ServiceEntity }> {
    const readings = documentReadings(documentNumber, documentType);
    const query = manager
      .createQueryBuilder(Booking, 'b')
      .where('b.office_id = :officeId AND b.local_date = :today', { officeId: office.id, today })
      .andWhere(`b.status IN ('confirmed', 'checked_in')`)
      .andWhere(`(${readings.map((_, i) => `(b.document_type = :type${i} AND b.document_number = :number${i})`).join(' OR ')})`)
      .orderBy('b.slot_start')
      .addOrderBy('b.id');
    readings.forEach((reading, i) => query.setParameters({ [`type${i}`]: reading.type, [`number${i}`]: reading.number }));
    const bookings = await query.getMany();
    if (bookings.length === 0) throw new ApiException(ErrorCode.BOOKING_NOT_FOUND, 'No booking today in this office for this document');
    const confirmed = bookings.filter((b) => b.status === 'confirmed');
    if (confirmed.length === 0) throw alreadyCheckedIn();
    const services = new Map((await manager.findBy(ServiceEntity, { officeId: office.id })).map((s) => [s.id, s]));
    const open = confirmed.find((b) => windowOf(b, services.get(b.serviceId)!, office, now).ok);
    const booking = open ?? confirmed[0];
    return { booking, service: services.get(booking.serviceId)! };
  }

  private assertCheckInWindow(booking: Booking, service: ServiceEntity, office: Office, now: DateTime): void {
    const check = windowOf(booking, service, office, now);
    if (check.ok) return;
    // The window itself, for the desk to tell the person when to come back (or that it has passed).
    const window = windowOf(booking, service, office, DateTime.fromJSDate(booking.slotStart));
    const slotStart = officeInstant(booking.slotStart, office.timeZone);
    throw schedulingException(check.error, undefined, { slotStart, window: window.ok ? window.value : null });
  }

  private async office(manager: EntityManager, officeId: string): Promise<Office> {
    const office = await manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return office;
  }
}

function windowOf(booking: Booking, service: ServiceEntity, office: Office, now: DateTime) {
  const slotStart = officeInstant(booking.slotStart, office.timeZone);
  return checkInWindow({ slotStart, settings: service, now, zone: office.timeZone });
}

/** How a typed document number may be stored: as the type given, or as a RUT when it is one and as a passport/other number. */
function documentReadings(value: string, type?: DocumentType): { type: DocumentType; number: string }[] {
  if (type) {
    const normalized = normalizeDocument(type, value);
    if (!normalized.ok) throw schedulingException(normalized.error, 'documentNumber');
    return [{ type, number: normalized.value }];
  }
  const readings: { type: DocumentType; number: string }[] = [];
  const rut = normalizeDocument('RUT', value);
  if (rut.ok) readings.push({ type: 'RUT', number: rut.value });
  const other = normalizeDocument('PASSPORT', value);
  if (other.ok) readings.push({ type: 'PASSPORT', number: other.value }, { type: 'OTHER', number: other.value });
  if (readings.length === 0) {
    throw new ApiException(ErrorCode.INVALID_DOCUMENT, 'Not a valid RUT or passport number', [{ field: 'documentNumber', messages: ['not a valid RUT or passport number'] }]);
  }
  return readings;
}

/** 409 OFFICE_CLOSED unless `now` falls inside one of today's opening intervals (closures and holidays included). */
function assertOpenNow(calendar: OfficeCalendar, today: string, now: DateTime): void {
  const day = openingOn(calendar, today);
  if (day.intervals.some((i) => now >= i.start && now < i.end)) return;
  const hours = day.intervals.map((i) => ({ start: i.start.toISO({ suppressMilliseconds: true }), end: i.end.toISO({ suppressMilliseconds: true }) }));
  const message = !day.open
    ? `The office is closed today (${day.reason ?? 'closed'})`
    : `The office is not open at this hour; today's hours: ${day.intervals.map((i) => `${i.start.toFormat('HH:mm')}–${i.end.toFormat('HH:mm')}`).join(', ')}`;
  throw new ApiException(ErrorCode.OFFICE_CLOSED, message, { date: today, open: day.open, hours });
}

function alreadyCheckedIn(): ApiException {
  return new ApiException(ErrorCode.ALREADY_CHECKED_IN, 'This booking has already checked in; its ticket was issued');
}

function bookingNotFound(): ApiException {
  return new ApiException(ErrorCode.BOOKING_NOT_FOUND, 'No booking with this code in this office');
}

function ticketNotFound(): ApiException {
  return new ApiException(ErrorCode.TICKET_NOT_FOUND, 'No ticket with this tracking code');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === constraint;
}
