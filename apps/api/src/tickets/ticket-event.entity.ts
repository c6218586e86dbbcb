import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One step of a ticket's timeline (issued, called, recalled, started, completed, transferred…), for the reports. */
@Entity('ticket_events')
@Index('ix_ticket_events_ticket', ['ticketId', 'at'])
@Index('ix_ticket_events_office_at', ['officeId', 'at'])
// An expression index (migration CallNextIndexes), which the entity cannot describe: kept out of generated migrations.
@Index('ix_ticket_events_called_by_service', { synchronize: false })
export class TicketEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  ticketId: string;

  @Column('uuid')
  officeId: string;

  @Column('text')
  type: string;

  @Column('timestamptz')
  at: Date;

  @Column('uuid', { nullable: true })
  counterId: string | null;

  @Column('uuid', { nullable: true })
  agentId: string | null;

  @Column('jsonb', { nullable: true })
  details: Record<string, unknown> | null;
}
