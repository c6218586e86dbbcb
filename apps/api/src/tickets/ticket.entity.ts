import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const TICKET_KINDS = ['appointment', 'walk_in'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'transferred', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * A person's place in an office's queue for one local day. `queuedAt` is the time that orders the
 * queue: set at issue and kept through transfers ("I need more time" moves it back once).
 */
@Entity('tickets')
@Unique('uq_tickets_office_day_number', ['officeId', 'localDate', 'number'])
@Unique('uq_tickets_tracking_code', ['trackingCode'])
@Index('uq_tickets_booking', ['bookingId'], { unique: true, where: '"booking_id" IS NOT NULL' })
@Index('ix_tickets_office_waiting', ['officeId', 'status', 'queuedAt'])
@Index('ix_tickets_office_day', ['officeId', 'localDate'])
@Index('ix_tickets_office_day_called', ['officeId', 'localDate', 'calledAt'], { where: '"called_at" IS NOT NULL' })
@Index('ix_tickets_group', ['groupTicketId'], { where: '"group_ticket_id" IS NOT NULL' })
@Check('ck_tickets_party_size', '"party_size" BETWEEN 1 AND 10')
@Index('ix_tickets_waiting_walk_ins', ['officeId', 'localDate', 'preferential', 'queuedAt', 'id'], {
  where: `"status" = 'waiting' AND NOT ("kind" = 'appointment' AND "slot_start" IS NOT NULL)`,
})
@Index('ix_tickets_waiting_appointments', ['officeId', 'localDate', 'slotStart'], { where: `"status" = 'waiting' AND "kind" = 'appointment' AND "slot_start" IS NOT NULL` })
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  officeId: string;

  @Column('uuid')
  serviceId: string;

  /** The booking this ticket checked in (appointments only): one ticket per booking. */
  @Column('uuid', { nullable: true })
  bookingId: string | null;

  @Column({ type: 'enum', enum: TICKET_KINDS, enumName: 'ticket_kind' })
  kind: TicketKind;

  @Column('boolean', { default: false })
  preferential: boolean;

  /** "A-012": the service's code and the day's sequence for that prefix in the office. */
  @Column('text')
  number: string;

  @Column('int')
  sequence: number;

  /** The office-local day the ticket belongs to (numbering restarts each day). */
  @Column('date')
  localDate: string;

  @Column({ type: 'enum', enum: TICKET_STATUSES, enumName: 'ticket_status', default: 'waiting' })
  status: TicketStatus;

  @Column('timestamptz')
  issuedAt: Date;

  /** Orders the queue: the issue time, kept through transfers; moved back once by "more time". */
  @Column('timestamptz')
  queuedAt: Date;

  /** Appointments: the booked slot's start. */
  @Column('timestamptz', { nullable: true })
  slotStart: Date | null;

  @Column('timestamptz', { nullable: true })
  calledAt: Date | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('uuid', { nullable: true })
  counterId: string | null;

  @Column('uuid', { nullable: true })
  agentId: string | null;

  @Column('int', { default: 0 })
  recallCount: number;

  /** Unguessable code of the "follow your turn" page (printed as a QR on the ticket). */
  @Column('text')
  trackingCode: string;

  @Column('boolean', { default: false })
  moreTimeUsed: boolean;

  /** The wait quoted at issue, for the reports' quoted-versus-actual figures. */
  @Column('int', { nullable: true })
  quotedWaitMinutes: number | null;

  /**
   * The people of the ticket's group (1 alone): a group booking that checked in together. With
   * one ticket per group it is the ticket's party; with one ticket per person every ticket of the
   * group carries the group's size (count those tickets, not this, to count people).
   */
  @Column('int', { default: 1 })
  partySize: number;

  /**
   * One ticket per person (offices.group_tickets = 'per_person'): every ticket of the group carries
   * the id of its first ticket (its own included), and the group is called, served and ended as
   * one at one counter. NULL for a ticket alone.
   */
  @Column('uuid', { nullable: true })
  groupTicketId: string | null;

  /** Why a ticket ended unserved (closing time, cancelled by staff). */
  @Column('text', { nullable: true })
  closedReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
