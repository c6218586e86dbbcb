import { Check, Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { DOCUMENT_TYPES, type DocumentType } from '@turnero/scheduling';
import { ServiceEntity } from '../services/service.entity.js';

export const WAITLIST_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'left', 'removed'] as const;
export type WaitlistEntryStatus = (typeof WAITLIST_ENTRY_STATUSES)[number];
/** The statuses of an entry still in line: one such entry per document and procedure. */
export const ACTIVE_WAITLIST_STATUSES: readonly WaitlistEntryStatus[] = ['waiting', 'offered'];

/**
 * A person waiting for a seat of a procedure (issue #18): their wishes (office-local dates
 * `from_date`..`to_date`, ISO weekdays or any, mornings only), their contact for the messages and
 * their place in line (`seq`, the order of joining, kept when an offer expires). 'offered' while a
 * seat is held for them (waitlist_offers), 'booked' once they took one; 'left' by their own wish,
 * 'removed' after two offers declined or let expire. Personal data as a booking's; never logged.
 */
@Entity('waitlist_entries')
@Unique('uq_waitlist_entries_code', ['code'])
@Check('ck_waitlist_entries_status', `"status" IN ('waiting', 'offered', 'booked', 'left', 'removed')`)
@Check('ck_waitlist_entries_range', `"from_date" <= "to_date"`)
@Index('uq_waitlist_entries_active_document', ['serviceId', 'documentType', 'documentNumber'], { unique: true, where: `"status" IN ('waiting', 'offered')` })
// The waiting entries of a procedure in the order they joined: the hand-off's pick.
@Index('ix_waitlist_entries_waiting', ['serviceId', 'seq'], { where: `"status" = 'waiting'` })
// An office's entries by when they joined: staff lists and reports.
@Index('ix_waitlist_entries_office_joined', ['officeId', 'joinedAt'])
@Index('uq_waitlist_entries_idempotency', ['idempotencyScope', 'idempotencyKey'], { unique: true, where: `"idempotency_key" IS NOT NULL` })
export class WaitlistEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short, typable, unguessable (a booking code's alphabet): with the document, the person's key to the entry. */
  @Column('text')
  code: string;

  @Column('uuid')
  officeId: string;

  @Column('uuid')
  serviceId: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_waitlist_entries_service' })
  service?: Relation<ServiceEntity>;

  @Column('date')
  fromDate: string;

  @Column('date')
  toDate: string;

  /** ISO weekdays (1 = Monday … 7 = Sunday) the person can come; null: any day. */
  @Column('smallint', { array: true, nullable: true })
  weekdays: number[] | null;

  /** Only slots starting before 12:00 office time. */
  @Column('boolean', { default: false })
  morningOnly: boolean;

  @Column({ type: 'enum', enum: DOCUMENT_TYPES, enumName: 'document_type' })
  documentType: DocumentType;

  /** Normalised, as bookings.document_number. */
  @Column('text')
  documentNumber: string;

  @Column('text')
  fullName: string;

  @Column('text', { nullable: true })
  email: string | null;

  /** In E.164. */
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('boolean', { default: false })
  smsConsent: boolean;

  /** Joined signed in with ClaveÚnica (document and name from the session); the accepted offer's booking is verified too. */
  @Column('boolean', { default: false })
  identityVerified: boolean;

  /** The language the person used ('es', 'en'); the messages give both anyway. */
  @Column('text', { default: 'es' })
  language: string;

  @Column('text', { default: 'waiting' })
  status: WaitlistEntryStatus;

  /** The order of joining: the first matching entry by `seq` gets the next seat. */
  @Column('bigint')
  @Generated('increment')
  seq: string;

  /** Offers declined or let expire; at 2 the entry is removed. */
  @Column('int', { default: 0 })
  misses: number;

  /** When the person joined (the app's clock). */
  @Column('timestamptz')
  joinedAt: Date;

  /** When the entry left the line (booked, left, removed). */
  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  /** The Idempotency-Key (and its scope) of the request that made the entry, as bookings keep theirs. */
  @Column('text', { nullable: true })
  idempotencyScope: string | null;

  @Column('text', { nullable: true })
  idempotencyKey: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
