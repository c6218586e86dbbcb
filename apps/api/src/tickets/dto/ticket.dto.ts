import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CallReason } from '@turnero/scheduling';
import { TICKET_KINDS, TICKET_STATUSES, type Ticket, type TicketKind, type TicketStatus } from '../ticket.entity.js';
import { officeInstant } from '../../common/time/office-instant.js';

export class CallReasonDto {
  @ApiProperty({ example: 'preferential', description: 'Stable code: preferential, appointment_due, arrival_order, starvation_guard, interleave_turn, early_filler' })
  code: string;

  @ApiProperty({ example: 'Preferential attention (older adults, disability, pregnancy) goes ahead of the rest.' })
  explanation: string;
}

/** API.md's ticket, plus names for the screens; `trackingCode` only in the answer that issued it. */
export class TicketDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'A-012', description: 'Unique per office and local day; the prefix is the service code' })
  number: string;

  @ApiProperty({ format: 'uuid' })
  serviceId: string;

  @ApiProperty({ example: 'Residencia temporal' })
  serviceName: string;

  @ApiProperty({ format: 'uuid' })
  officeId: string;

  @ApiProperty({ enum: TICKET_KINDS })
  kind: TicketKind;

  @ApiProperty()
  preferential: boolean;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty({ example: '2026-12-01T09:02:11-03:00' })
  issuedAt: string;

  @ApiPropertyOptional({ example: '2026-12-01T09:00:00-03:00', description: 'Appointments: the booked slot' })
  slotStart?: string;

  @ApiPropertyOptional({ example: '2026-12-01T09:20:05-03:00' })
  calledAt?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  counterId?: string;

  @ApiPropertyOptional({ example: 'Módulo 3' })
  counterName?: string;

  @ApiPropertyOptional({ description: 'Waiting tickets: minutes until likely called; absent when no open counter serves the service' })
  estimatedWaitMinutes?: number;

  @ApiPropertyOptional({ description: 'Only in the response that issued the ticket: the "follow your turn" code printed as a QR' })
  trackingCode?: string;

  @ApiPropertyOptional({ type: CallReasonDto, description: 'Staff queue view: why the ticket stands where it does' })
  reason?: CallReason;

  @ApiProperty({ example: 1, minimum: 1, maximum: 10, description: 'People served together with this ticket: a group booking that checked in together (1 alone)' })
  partySize: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['R-004', 'R-005', 'R-006'],
    description: "One ticket per person (the office's groupTickets 'per_person'): every number of the ticket's group, in order; they are called together to one counter",
  })
  groupNumbers?: string[];

  @ApiPropertyOptional({
    description:
      "Only in a check-in's answer: the person whose code or document checked in booked signed in with ClaveÚnica, so their name and document were vouched for by the provider (no identity check needed at the desk)",
  })
  identityVerified?: boolean;
}

/** What the mapper needs besides the row: the office zone and names the row does not carry. */
export interface TicketDtoContext {
  timeZone: string;
  serviceName: string;
  counterName?: string | null;
  estimatedWaitMinutes?: number | null;
  reason?: CallReason;
  /** True only when answering the request that issued the ticket. */
  withTrackingCode?: boolean;
  /** A ticket of a group with one ticket per person: the group's numbers. */
  groupNumbers?: string[];
}

const iso = officeInstant;

/** A ticket row as API.md shows it: instants in the office's zone, optional fields left out when empty. */
export function toTicketDto(ticket: Ticket, context: TicketDtoContext): TicketDto {
  const zone = context.timeZone;
  return {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: context.serviceName,
    officeId: ticket.officeId,
    kind: ticket.kind,
    preferential: ticket.preferential,
    status: ticket.status,
    issuedAt: iso(ticket.issuedAt, zone),
    ...(ticket.slotStart ? { slotStart: iso(ticket.slotStart, zone) } : {}),
    ...(ticket.calledAt ? { calledAt: iso(ticket.calledAt, zone) } : {}),
    ...(ticket.counterId ? { counterId: ticket.counterId } : {}),
    ...(context.counterName ? { counterName: context.counterName } : {}),
    ...(context.estimatedWaitMinutes != null ? { estimatedWaitMinutes: context.estimatedWaitMinutes } : {}),
    ...(context.withTrackingCode ? { trackingCode: ticket.trackingCode } : {}),
    ...(context.reason ? { reason: context.reason } : {}),
    partySize: ticket.partySize,
    ...(context.groupNumbers ? { groupNumbers: context.groupNumbers } : {}),
  };
}

export class QueueDto {
  @ApiProperty({ type: [TicketDto], description: 'Waiting tickets in serving order, each with its wait estimate and reason' })
  waiting: TicketDto[];

  @ApiProperty({ type: [TicketDto], description: "Today's called and in-service tickets, newest call first" })
  called: TicketDto[];
}
