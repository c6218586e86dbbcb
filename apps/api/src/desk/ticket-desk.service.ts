import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { withRetry } from '../database/transaction-retry.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { type DeskOffice, DeskOffices } from './desk-offices.js';
import { ratingEmailDueAt } from '../mail/rating-email-schedule.js';
import { ServiceEntity } from '../services/service.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';
import { type DeskTicket, DeskRepository } from './desk.repository.js';
import { type DeskTicketDto, toDeskTicketDto } from './dto/desk-ticket.dto.js';
import { officeInstant } from '../common/time/office-instant.js';
import { assertTransition, type DeskAction, TRANSITIONS } from './ticket-transitions.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';

/** What a desk action does to a locked ticket: its new values and the event that records it. */
interface Transition {
  set: Partial<Ticket>;
  type: string;
  details?: Record<string, unknown>;
  recalled?: boolean;
}

interface Changed {
  ticket: DeskTicket;
  office: DeskOffice;
  counterName: string | null;
  /** Set for a recall: what the displays announce again. */
  recalledAt?: Date;
  /** A group with one ticket per person: all its tickets (as locked, before the change). */
  group?: Ticket[];
}

/**
 * What happens to a called ticket at the counter: recall, start, complete, no-show, transfer.
 * Each is one transaction on the locked ticket, checked against the TRANSITIONS table, with a
 * ticket_events row; the displays hear of it after the commit.
 */
@Injectable()
export class TicketDeskService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: DeskRepository,
    private readonly clock: Clock,
    private readonly notifier: QueueNotifier,
    /** Without a mail server no rating email is queued: nothing would send it. */
    private readonly channels: MessageChannels,
    private readonly offices: DeskOffices,
  ) {}

  /** Calls the ticket again; once the office's recalls are used up, a recall makes it a no-show. */
  recall(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'recall', (ticket, office, at) =>
      ticket.recallCount >= office.autoNoShowAfterRecalls
        ? { set: { status: 'no_show', completedAt: at }, type: 'no_show', details: { automatic: true, recalls: ticket.recallCount } }
        : { set: { recallCount: ticket.recallCount + 1 }, type: 'recalled', details: { recall: ticket.recallCount + 1 }, recalled: true },
    );
  }

  start(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.changeInPlace(actor, ticketId, 'start', (at) => ({ status: 'serving', startedAt: at }), 'started');
  }

  complete(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.changeInPlace(actor, ticketId, 'complete', (at) => ({ status: 'done', completedAt: at }), 'completed');
  }

  noShow(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.changeInPlace(actor, ticketId, 'no_show', (at) => ({ status: 'no_show', completedAt: at }), 'no_show', { automatic: false }, true);
  }

  /**
   * Back to the waiting line of another service of the office, keeping queuedAt: the person keeps
   * their place and is called before those who arrived later in the target service.
   */
  transfer(actor: AuthenticatedUser, ticketId: string, serviceId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'transfer', async (ticket, _office, _at, manager) => {
      const target = await manager.findOneBy(ServiceEntity, { id: serviceId });
      if (!target || target.officeId !== ticket.officeId || !target.active) {
        throw new ApiException(ErrorCode.SERVICE_NOT_IN_OFFICE, 'A ticket can only be transferred to an active service of its own office', [
          { field: 'serviceId', messages: ['not an active service of this office'] },
        ]);
      }
      if (target.id === ticket.serviceId) throw ApiException.validation([{ field: 'serviceId', messages: ['the ticket is already in this service'] }]);
      return {
        set: { serviceId: target.id, status: 'waiting', calledAt: null, startedAt: null, counterId: null, agentId: null, recallCount: 0 },
        type: 'transferred',
        details: { transferredFrom: ticket.serviceId, transferredTo: target.id, fromStatus: ticket.status },
      };
    });
  }

  /**
   * The moves that depend only on the ticket's status (start, complete, no-show): one statement
   * that locks, checks and changes the ticket and records the event (and, for complete, queues the
   * rating email). When it changes nothing, the ticket's status and office say which error applies
   * (nothing was written).
   */
  private async changeInPlace(
    actor: AuthenticatedUser,
    ticketId: string,
    action: 'start' | 'complete' | 'no_show',
    changesAt: (at: Date) => Partial<Ticket>,
    type: string,
    details: Record<string, unknown> = {},
    withRecalls = false,
  ): Promise<DeskTicketDto> {
    const at = this.clock.now().toJSDate();
    const changes = changesAt(at);
    const move = {
      ticketId,
      from: TRANSITIONS[action].from,
      officeId: actor.role === 'admin' ? null : actor.officeId,
      changes,
      type,
      at,
      agentId: actor.id,
      details,
      withRecalls,
      ratingEmailDueAt: action === 'complete' && this.channels.email ? ratingEmailDueAt(at) : null,
    };
    const result = await this.repo.transitionInPlace(this.db.manager, move);
    if (!result.ticket) {
      if (!result.found) throw ApiException.notFound(ErrorCode.TICKET_NOT_FOUND, 'Ticket');
      assertOfficeAccess(actor, result.found.officeId);
      if (result.found.groupTicketId) return this.changeGroupInPlace(actor, action, result.found.groupTicketId, move);
      assertTransition(action, result.found.status);
      throw new Error(`Ticket transition ${action} changed nothing though it was allowed`);
    }
    const { ticket, counterName } = result;
    const office = await this.offices.get(this.db.manager, ticket.officeId);
    this.notifier.changed(office.id, [ticket.trackingCode]);
    return toDeskTicketDto(ticket, office.timeZone, counterName);
  }

  /**
   * Start, complete or no-show of a ticket of a group with one ticket per person (which the
   * one-statement move leaves alone): one transaction that locks the group's tickets in number
   * order (call-next claims a group by its first ticket) and moves every ticket of the group that
   * stands where the chosen one does, each with its event (and, completed, the holder's rating
   * email, queued as for any ticket).
   */
  private async changeGroupInPlace(
    actor: AuthenticatedUser,
    action: 'start' | 'complete' | 'no_show',
    groupTicketId: string,
    move: Parameters<DeskRepository['transitionInPlace']>[1],
  ): Promise<DeskTicketDto> {
    const { ticket, counterName, group } = await withRetry(() =>
      this.db.transaction(async (manager) => {
        const group = await this.repo.lockGroup(manager, groupTicketId);
        const chosen = group.find((member) => member.id === move.ticketId);
        if (!chosen) throw ApiException.notFound(ErrorCode.TICKET_NOT_FOUND, 'Ticket');
        assertTransition(action, chosen.status);
        let answer: { ticket: DeskTicket; counterName: string | null } | undefined;
        for (const member of group) {
          if (member.status !== chosen.status) continue;
          const moved = await this.repo.transitionInPlace(manager, { ...move, ticketId: member.id, grouped: true });
          if (!moved.ticket) throw new Error(`Ticket transition ${action} changed nothing in a locked group though it was allowed`);
          if (member.id === chosen.id) answer = moved;
        }
        return { ...answer!, group: group.map((member) => ({ number: member.number, trackingCode: member.trackingCode })) };
      }),
    );
    const office = await this.offices.get(this.db.manager, ticket.officeId);
    this.notifier.changed(office.id, group.map((member) => member.trackingCode));
    return toDeskTicketDto(ticket, office.timeZone, counterName, group.map((member) => member.number));
  }

  private async change(
    actor: AuthenticatedUser,
    ticketId: string,
    action: DeskAction,
    decide: (ticket: Ticket, office: DeskOffice, at: Date, manager: EntityManager) => Transition | Promise<Transition>,
  ): Promise<DeskTicketDto> {
    const changed = await withRetry(() =>
      this.db.transaction(async (manager): Promise<Changed> => {
        const ticket = await this.repo.lockTicket(manager, ticketId);
        if (!ticket) throw ApiException.notFound(ErrorCode.TICKET_NOT_FOUND, 'Ticket');
        assertOfficeAccess(actor, ticket.officeId);
        assertTransition(action, ticket.status);
        // The office's recall limit and time zone change rarely; read on this transaction's connection.
        const office = await this.offices.get(manager, ticket.officeId);
        const at = this.clock.now().toJSDate();
        // A group with one ticket per person moves as one: the rest of it, locked in number order.
        const group = ticket.groupTicketId ? await this.repo.lockGroup(manager, ticket.groupTicketId) : undefined;
        const transition = await decide(ticket, office, at, manager);
        const event = (member: Ticket) => ({
          ticketId: member.id,
          officeId: office.id,
          type: transition.type,
          at,
          counterId: member.counterId,
          agentId: actor.id,
          details: { from: member.status, ...transition.details, ...(member.id === ticket.id ? {} : { withTicket: ticket.id }) },
        });
        const { ticket: updated, counterName } = await this.repo.changeTicket(manager, ticketId, transition.set, event(ticket));
        for (const member of group ?? []) {
          if (member.id !== ticket.id && member.status === ticket.status) await this.repo.changeTicket(manager, member.id, transition.set, event(member));
        }
        return { ticket: updated, office, counterName, group, ...(transition.recalled ? { recalledAt: at } : {}) };
      }),
    );
    const { ticket, office, counterName, group } = changed;
    const numbers = group?.map((member) => member.number);
    if (changed.recalledAt && counterName) {
      const call = { number: numbers?.[0] ?? ticket.number, counter: counterName, calledAt: officeInstant(changed.recalledAt, office.timeZone), recall: true };
      this.notifier.ticketCalled(office.id, { ...call, ...(ticket.partySize > 1 ? { partySize: ticket.partySize } : {}), ...(numbers ? { numbers } : {}) });
    }
    this.notifier.changed(office.id, (group ?? [ticket]).map((member) => member.trackingCode));
    return toDeskTicketDto(ticket, office.timeZone, counterName, numbers);
  }
}
