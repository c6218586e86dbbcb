import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CallDecision, nextTicket, queueOrder, type RecentCall } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { withRetry } from '../database/transaction-retry.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { TtlCache } from '../common/ttl-cache.js';
import { type DeskOffice, DeskOffices } from './desk-offices.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { assertOpen, counterFor } from './desk-access.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';
import { type BusyTicket, type CounterState, type DeskTicket, DeskRepository, type QueuedTicket } from './desk.repository.js';
import { type DeskTicketDto, toDeskTicketDto } from './dto/desk-ticket.dto.js';
import { officeInstant } from '../common/time/office-instant.js';
import { localDateIn } from '../common/time/local-date.js';
import { assertTransition } from './ticket-transitions.js';

/** Walk-ins fetched per line: more than the counters that can hold a head ticket at once. */
const PER_LINE = 64;
/** The policy's successive choices offered to one claim: about as many as counters racing for the head. */
const CHOICES_PER_CLAIM = 24;

interface Called {
  ticket: DeskTicket;
  office: DeskOffice;
  counter: CounterState;
  /** A group with one ticket per person: all its tickets (the called one among them), called together. */
  group?: Ticket[];
}

/**
 * Calling people to a counter. The policy chooses among today's waiting tickets, read without a
 * lock, and one statement claims the choice: it takes the counter's session lock (one call at a
 * time per counter), checks the counter is still open and free, and claims the chosen ticket with
 * FOR UPDATE SKIP LOCKED. A ticket another counter is claiming at that instant is skipped and the
 * policy chooses again among the rest, so two counters never get the same ticket, on any number
 * of instances, and nobody waits on anybody else's lock.
 */
@Injectable()
export class QueueCallerService {
  /** The office of each counter, which never changes (call-next checks it against the counter's row). */
  private readonly counterOffices = new TtlCache<string | null>(60_000, { maxEntries: 10_000 });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: DeskRepository,
    private readonly clock: Clock,
    private readonly notifier: QueueNotifier,
    private readonly offices: DeskOffices,
  ) {}

  /**
   * The ticket now called at the counter, or null when nobody waits for its open services. Two
   * autocommitted statements in the usual case, and no transaction: read what the policy decides
   * from (the counter and its session, what it holds, the recent calls, the candidates), then
   * `call_first_free`, which takes the counter session's lock, checks again that the counter is
   * open and free, and claims the first of the policy's choices that nobody else is claiming.
   */
  async callNext(actor: AuthenticatedUser, counterId: string): Promise<DeskTicketDto | null> {
    const called = await withRetry(() => this.callFirstFree(actor, counterId));
    return called && this.announce(called);
  }

  private async callFirstFree(actor: AuthenticatedUser, counterId: string): Promise<Called | null> {
    const manager = this.db.manager;
    const officeId = await this.counterOffices.get(counterId, () => this.repo.officeOfCounter(manager, counterId));
    if (!officeId) throw ApiException.notFound(ErrorCode.COUNTER_NOT_FOUND, 'Counter');
    assertOfficeAccess(actor, officeId);
    const office = await this.offices.get(manager, officeId);
    const now = this.clock.now();
    const today = localDateIn(now.toMillis(), office.timeZone);
    const state = await this.repo.callState(manager, { officeId, counterId, localDate: today, since: startOfDay(today, office), perLine: PER_LINE });
    const { counter } = state;
    if (!counter) {
      // Deleted since its office was remembered (a counter never changes office).
      this.counterOffices.delete(counterId);
      throw ApiException.notFound(ErrorCode.COUNTER_NOT_FOUND, 'Counter');
    }
    assertOpen(counter);
    if (counter.openServiceIds.length === 0) return null;
    assertFree(counter, state.busy);
    const claimed: { ticket?: DeskTicket } = {};
    const decision = await this.chooseAndClaim(manager, counter, office, now, today, state, async (choices) => {
      const result = await this.repo.callFirstFree(manager, {
        choices: choices.map((choice) => ({ ticketId: choice.ticket.id, reason: choice.reason.code })),
        officeId,
        counterId: counter.id,
        localDate: today,
        agentId: actor.id,
        at: now.toJSDate(),
      });
      if (result.outcome === 'closed') assertOpen({ ...counter, open: false });
      if (result.outcome === 'busy') assertFree(counter, result.busy);
      if (result.outcome !== 'called') return null;
      claimed.ticket = result.ticket;
      return choices.find((choice) => choice.ticket.id === result.ticket.id) ?? null;
    });
    if (!decision || !claimed.ticket) return null;
    // A group's ticket: call_first_free called the whole group here; read it for the answer and the screens.
    const group = claimed.ticket.groupTicketId ? await this.repo.groupTickets(manager, claimed.ticket.groupTicketId) : undefined;
    return { ticket: claimed.ticket, office, counter, group };
  }

  /**
   * Calls one ticket out of order (supervisors, admins, and agents granted canCallOutOfOrder),
   * recording who did it and which tickets the policy would have called first.
   */
  async callTicket(actor: AuthenticatedUser, counterId: string, ticketId: string): Promise<DeskTicketDto> {
    const called = await withRetry(() =>
      this.db.transaction(async (manager) => {
        await this.assertMayCallOutOfOrder(manager, actor);
        const { counter, office, now, today } = await this.lockedCounter(manager, actor, counterId);
        assertFree(counter, await this.repo.ticketAtCounter(manager, counter, today));
        const ticket = await this.repo.lockTicket(manager, ticketId);
        if (!ticket || ticket.officeId !== office.id) throw ApiException.notFound(ErrorCode.TICKET_NOT_FOUND, 'Ticket');
        assertTransition('call', ticket.status);
        if (!counter.serviceIds.includes(ticket.serviceId)) {
          throw new ApiException(ErrorCode.SERVICE_NOT_SERVED_BY_COUNTER, `Counter ${counter.name} does not serve this ticket's service`);
        }
        const pool = [...new Set([...counter.openServiceIds, ticket.serviceId])];
        const waiting = await this.repo.allWaiting(manager, office.id, today, pool);
        const history = await this.repo.recentCalls(manager, office.id, pool, startOfDay(today, office));
        const order = queueOrder(waiting, office.queuePolicy, now, history);
        const position = order.findIndex((d) => d.ticket.id === ticket.id);
        const passedOver = order.slice(0, Math.max(position, 0)).map((d) => ({ id: d.ticket.id, number: d.ticket.number, reason: d.reason.code }));
        const details = { outOfOrder: true, calledBy: { id: actor.id, username: actor.username, role: actor.role }, passedOver };
        const result = await this.markCalled(manager, ticket, counter, actor, now, details);
        if (!ticket.groupTicketId) return { ticket: result, office, counter };
        // The rest of its group comes to this counter with it (the group's tickets locked in number order).
        const group = await this.repo.lockGroup(manager, ticket.groupTicketId);
        for (const member of group) {
          if (member.id !== ticket.id && member.status === 'waiting') await this.markCalled(manager, member, counter, actor, now, { ...details, withTicket: ticket.id });
        }
        return { ticket: result, office, counter, group: await this.repo.groupTickets(manager, ticket.groupTicketId) };
      }),
    );
    return this.announce(called);
  }

  /** The counter with its session locked (one call at a time per counter), open, in the actor's office. */
  private async lockedCounter(manager: EntityManager, actor: AuthenticatedUser, counterId: string) {
    const counter = await counterFor(this.repo, manager, actor, counterId, true);
    assertOpen(counter);
    // The office (time zone, policy) changes rarely; loaded on this transaction's own connection.
    const office = await this.offices.get(manager, counter.officeId);
    const now = this.clock.now();
    const today = localDateIn(now.toMillis(), office.timeZone);
    return { counter, office, now, today };
  }

  /**
   * The policy's choice among the tickets nobody else is claiming, claimed for this transaction.
   * The policy's successive choices (the first, the one it would make if the first were taken,
   * and so on) go to one claim that takes the first one free: when twenty counters reach for the
   * same head of the queue, each gets the next in one statement instead of one per lost race.
   */
  private async chooseAndClaim(
    manager: EntityManager,
    counter: CounterState,
    office: DeskOffice,
    now: DateTime,
    today: string,
    first: { history: RecentCall[]; tickets: QueuedTicket[]; truncated: { preferential: boolean; regular: boolean } },
    claim: (choices: CallDecision<QueuedTicket>[]) => Promise<CallDecision<QueuedTicket> | null>,
  ): Promise<CallDecision<QueuedTicket> | null> {
    const { history } = first;
    const skipped = new Set<string>();
    const fetch = () => this.repo.candidates(manager, { officeId: office.id, localDate: today, serviceIds: counter.openServiceIds, exclude: [...skipped], perLine: PER_LINE });
    let { tickets, truncated } = first;
    // A walk-in line cut at PER_LINE whose fetched tickets are all being claimed elsewhere may
    // hold its head further on: it must be fetched again before choosing from it.
    const exhausted = (pool: readonly QueuedTicket[]) => {
      const walkInLeft = (preferential: boolean) => pool.some((t) => t.preferential === preferential && !(t.kind === 'appointment' && t.slotStart));
      return (truncated.preferential && !walkInLeft(true)) || (truncated.regular && !walkInLeft(false));
    };
    for (;;) {
      const rest = tickets.filter((t) => !skipped.has(t.id));
      if (exhausted(rest)) {
        ({ tickets, truncated } = await fetch());
        continue;
      }
      const choices: CallDecision<QueuedTicket>[] = [];
      while (choices.length < CHOICES_PER_CLAIM && !exhausted(rest)) {
        const decision = nextTicket(rest, { id: counter.id, serviceIds: counter.openServiceIds }, office.queuePolicy, now, history);
        if (!decision) break;
        choices.push(decision);
        rest.splice(rest.indexOf(decision.ticket), 1);
      }
      if (choices.length === 0) return null;
      const won = await claim(choices);
      if (won) return won;
      for (const choice of choices) skipped.add(choice.ticket.id);
    }
  }

  private async markCalled(
    manager: EntityManager,
    ticket: { id: string; serviceId: string; preferential: boolean },
    counter: CounterState,
    actor: AuthenticatedUser,
    now: DateTime,
    details: Record<string, unknown>,
  ): Promise<Ticket> {
    const at = now.toJSDate();
    await manager.update(Ticket, ticket.id, { status: 'called', calledAt: at, counterId: counter.id, agentId: actor.id, recallCount: 0, startedAt: null });
    await this.repo.recordEvent(manager, {
      ticketId: ticket.id,
      officeId: counter.officeId,
      type: 'called',
      at,
      counterId: counter.id,
      agentId: actor.id,
      details: { serviceId: ticket.serviceId, preferential: ticket.preferential, ...details },
    });
    return manager.findOneByOrFail(Ticket, { id: ticket.id });
  }

  private async assertMayCallOutOfOrder(manager: EntityManager, actor: AuthenticatedUser): Promise<void> {
    if (actor.role !== 'agent') return;
    const staff = await manager.findOneBy(StaffUser, { id: actor.id });
    if (!staff?.canCallOutOfOrder) {
      throw new ApiException(ErrorCode.FORBIDDEN, 'Calling a ticket out of order needs a supervisor, or the permission a supervisor grants');
    }
  }

  private announce({ ticket, office, counter, group }: Called): DeskTicketDto {
    const numbers = group?.map((member) => member.number);
    const event = { number: numbers?.[0] ?? ticket.number, counter: counter.name, calledAt: officeInstant(ticket.calledAt!, office.timeZone), recall: false };
    if (ticket.partySize > 1) Object.assign(event, { partySize: ticket.partySize });
    if (!group) {
      this.notifier.called(office.id, event, ticket.trackingCode);
      return toDeskTicketDto(ticket, office.timeZone, counter.name);
    }
    this.notifier.ticketCalled(office.id, { ...event, numbers });
    this.notifier.changed(office.id, group.map((member) => member.trackingCode));
    return toDeskTicketDto(ticket, office.timeZone, counter.name, numbers);
  }
}

/** 409 while the counter still holds a ticket it called. */
function assertFree(counter: CounterState, busy: BusyTicket | null): void {
  if (busy) {
    throw new ApiException(ErrorCode.COUNTER_BUSY, `Counter ${counter.name} still has ticket ${busy.number} (${busy.status}): complete it, mark it a no-show or transfer it first`, {
      ticketId: busy.id,
      number: busy.number,
      status: busy.status,
    });
  }
}

/** The first instant of each office-local date (per zone), remembered: asked on every call. */
const dayStarts = new Map<string, Date>();

function startOfDay(localDate: string, office: DeskOffice): Date {
  const key = `${office.timeZone} ${localDate}`;
  let start = dayStarts.get(key);
  if (!start) {
    if (dayStarts.size >= 1_000) dayStarts.clear();
    start = DateTime.fromISO(localDate, { zone: office.timeZone }).startOf('day').toJSDate();
    dayStarts.set(key, start);
  }
  return start;
}
