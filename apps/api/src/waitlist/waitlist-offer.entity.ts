import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { WaitlistEntry } from './waitlist-entry.entity.js';

export const WAITLIST_OFFER_STATUSES = ['held', 'accepted', 'declined', 'expired', 'released'] as const;
export type WaitlistOfferStatus = (typeof WAITLIST_OFFER_STATUSES)[number];
export const WAITLIST_OFFER_CAUSES = ['cancellation', 'reschedule', 'sweep'] as const;
export type WaitlistOfferCause = (typeof WAITLIST_OFFER_CAUSES)[number];

/**
 * A seat held for a waitlist entry until `expires_at` (issue #18). While 'held' it is counted in
 * slot_capacity and day_capacity exactly like a booking, so no one else can take it; accepting it
 * turns it into the booking (`booking_id`) without touching the counts; declined or expired, it
 * goes to the next person or back to everyone ('released' when the entry left while it was held).
 */
@Entity('waitlist_offers')
@Check('ck_waitlist_offers_status', `"status" IN ('held', 'accepted', 'declined', 'expired', 'released')`)
@Check('ck_waitlist_offers_cause', `"cause" IN ('cancellation', 'reschedule', 'sweep')`)
@Index('uq_waitlist_offers_held', ['entryId'], { unique: true, where: `"status" = 'held'` })
@Index('ix_waitlist_offers_entry', ['entryId', 'offeredAt'])
// The held offers by expiry: the periodic task's scan.
@Index('ix_waitlist_offers_held_expiry', ['expiresAt'], { where: `"status" = 'held'` })
// An office's offers by when they were made: reports.
@Index('ix_waitlist_offers_office_offered', ['officeId', 'offeredAt'])
export class WaitlistOffer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  entryId: string;

  @ManyToOne(() => WaitlistEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'FK_waitlist_offers_entry' })
  entry?: Relation<WaitlistEntry>;

  @Column('uuid')
  serviceId: string;

  @Column('uuid')
  officeId: string;

  @Column('timestamptz')
  slotStart: Date;

  @Column('timestamptz')
  slotEnd: Date;

  /** The slot's office-local date (its day_capacity row). */
  @Column('date')
  localDate: string;

  @Column('text', { default: 'held' })
  status: WaitlistOfferStatus;

  /** What freed the seat: a cancellation, a reschedule, or the periodic sweep (a seat found free). */
  @Column('text')
  cause: WaitlistOfferCause;

  @Column('timestamptz')
  offeredAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  /** The booking an accepted offer became. */
  @Column('uuid', { nullable: true })
  bookingId: string | null;
}
