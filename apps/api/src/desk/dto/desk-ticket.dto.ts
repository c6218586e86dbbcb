import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TICKET_KINDS, TICKET_STATUSES, type Ticket, type TicketKind, type TicketStatus } from '../../tickets/ticket.entity.js';
import { officeInstant } from '../../common/time/office-instant.js';

/** API.md's Ticket, plus the name of the counter that called it (what the screens say). */
export class DeskTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A-012' }) number: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ enum: TICKET_KINDS }) kind: TicketKind;
  @ApiProperty() preferential: boolean;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) calledAt?: string;
  @ApiPropertyOptional({ format: 'uuid' }) counterId?: string;
  @ApiPropertyOptional({ example: 'Módulo 3' }) counterName?: string;
  @ApiProperty({ description: 'Times the ticket was called again at its counter' }) recallCount: number;
  @ApiProperty({ example: 1, minimum: 1, maximum: 10, description: 'People served together with this ticket (a group that checked in together; 1 alone)' }) partySize: number;
  @ApiPropertyOptional({ type: [String], example: ['R-004', 'R-005'], description: 'One ticket per person: every number of the group, called and served together' })
  groupNumbers?: string[];
}


/** `groupNumbers`: a ticket of a group with one ticket per person, its group's numbers. */
export function toDeskTicketDto(
  ticket: Pick<Ticket, 'id' | 'number' | 'serviceId' | 'officeId' | 'kind' | 'preferential' | 'status' | 'issuedAt' | 'calledAt' | 'counterId' | 'recallCount' | 'partySize'>,
  timeZone: string, counterName?: string | null, groupNumbers?: string[]): DeskTicketDto {
  return {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    officeId: ticket.officeId,
    kind: ticket.kind,
    preferential: ticket.preferential,
    status: ticket.status,
    issuedAt: officeInstant(ticket.issuedAt, timeZone),
    ...(ticket.calledAt ? { calledAt: officeInstant(ticket.calledAt, timeZone) } : {}),
    ...(ticket.counterId ? { counterId: ticket.counterId } : {}),
    ...(ticket.counterId && counterName ? { counterName } : {}),
    recallCount: ticket.recallCount,
    partySize: ticket.partySize,
    ...(groupNumbers ? { groupNumbers } : {}),
  };
}

