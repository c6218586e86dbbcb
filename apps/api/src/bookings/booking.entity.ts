import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { DOCUMENT_TYPES, type DocumentType } from '@turnero/scheduling';
import { ServiceEntity } from '../services/service.entity.js';

export const BOOKING_STATUSES = ['confirmed', 'checked_in', 'cancelled', 'no_show', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * An applicant's appointment. The partial unique index enforces "one active booking per document
 * and service" in PostgreSQL itself, so it holds across API instances.
 */
@Entity('bookings')
@Unique('uq_bookings_code', ['code'])
@Index('uq_bookings_active_document', ['serviceId', 'documentType', 'documentNumber'], { unique: true, where: `"status" = 'confirmed'` })
@Index('ix_bookings_service_slot', ['serviceId', 'slotStart'])
@Index('ix_bookings_office_date', ['officeId', 'localDate'])
@Index('ix_bookings_closure', ['closureId'])
@Index('ix_bookings_group', ['groupId'], { where: `"group_id" IS NOT NULL` })
// An office's confirmed bookings by slot: the range the reminders' queuing task reads every minute.
@Index('ix_bookings_confirmed_office_slot', ['officeId', 'slotStart'], { where: `"status" = 'confirmed'` })
// "Mis trámites" (issue #20): a signed-in person's bookings, by document.
@Index('ix_bookings_document', ['documentNumber', 'documentType'])
@Index('uq_bookings_idempotency', ['idempotencyScope', 'idempotencyKey'], { unique: true, where: `"idempotency_key" IS NOT NULL` })
export class Booking {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short, typable, unguessable: with the document, it is the applicant's key to the booking. */
  @Column('text')
  code: string;

  @Column('uuid')
  officeId: string;

  @Column('uuid')
  serviceId: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id' })
  service?: Relation<ServiceEntity>;

  @Column('timestamptz')
  slotStart: Date;

  @Column('timestamptz')
  slotEnd: Date;

  /** The slot's office-local date, for day caps and reports. */
  @Column('date')
  localDate: string;

  @Column({ type: 'enum', enum: BOOKING_STATUSES, enumName: 'booking_status', default: 'confirmed' })
  status: BookingStatus;

  @Column({ type: 'enum', enum: DOCUMENT_TYPES, enumName: 'document_type' })
  documentType: DocumentType;

  /** Normalised (RUT as 12345678-5; others trimmed and upper-cased). */
  @Column('text')
  documentNumber: string;

  @Column('text')
  fullName: string;

  @Column('text', { nullable: true })
  email: string | null;

  /** In E.164 (+56912345678). */
  @Column('text', { nullable: true })
  phone: string | null;

  /** The applicant agreed to text messages about this booking (only with a phone); without it no SMS is sent. Erased with the phone. */
  @Column('boolean', { default: false })
  smsConsent: boolean;

  @Column('boolean', { default: false })
  preferential: boolean;

  /**
   * The holder was signed in with ClaveÚnica when booking (issue #20): the document and name are
   * the ones the provider vouched for, so the front desk needs no identity check. A group's
   * companions are never verified (only the holder signed in).
   */
  @Column('boolean', { default: false })
  identityVerified: boolean;

  /** The applicant followed a reminder's unsubscribe link: no more reminders for this booking. */
  @Column('boolean', { default: false })
  remindersOff: boolean;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  /** The office closure that cancelled this booking, so the office can list whom to contact. */
  @Column('uuid', { nullable: true })
  closureId: string | null;

  /**
   * A group booking (issue #18) is one row per person in the same slot, each taking its seat;
   * every row of the group, the holder's included, carries the holder's booking id here. NULL for
   * a booking of one person. No foreign key: a group's rows are written in one statement.
   */
  @Column('uuid', { nullable: true })
  groupId: string | null;

  /** The person's place in the group: 0 the holder (who has the code and the contact), 1.. the companions in the order given. */
  @Column('smallint', { nullable: true })
  groupIndex: number | null;

  /**
   * The Idempotency-Key (with its scope, as in idempotency_keys) of the request that made the
   * booking, written in book_seat's statement: a retry whose first attempt left no response (its
   * instance died, or the answer was lost) finds its booking by it. Not personal data: a random
   * token of the applicant's browser.
   */
  @Column('text', { nullable: true })
  idempotencyScope: string | null;

  @Column('text', { nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
