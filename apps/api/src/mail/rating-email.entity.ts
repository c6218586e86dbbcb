import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const RATING_EMAIL_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type RatingEmailStatus = (typeof RATING_EMAIL_STATUSES)[number];

/**
 * The outbox of the emails that ask for a rating: one row per completed booked ticket, written by
 * the desk's complete statement and worked off by RatingEmailSenderJob. It holds no personal
 * data: the address is read from the booking when the email is sent, so the retention job's
 * erasure leaves nothing behind here. The unique constraint on `ticketId` is "once per ticket".
 */
@Entity('rating_emails')
@Unique('uq_rating_emails_ticket', ['ticketId'])
// The sender's claim: the oldest pending row that is due.
@Index('ix_rating_emails_due', ['nextAttemptAt', 'id'], { where: `"status" = 'pending'` })
export class RatingEmail {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  ticketId: string;

  @Column({ type: 'enum', enum: RATING_EMAIL_STATUSES, enumName: 'rating_email_status', default: 'pending' })
  status: RatingEmailStatus;

  /**
   * The liveness lock key of the instance holding the current claim (InstanceLiveness); null when
   * unclaimed. A claim whose instance is gone from pg_locks may be taken over before its lease ends.
   */
  @Column('bigint', { nullable: true })
  claimedBy: string | null;

  /** Sending attempts so far (a claim counts as one, so a crashed sender's claim is bounded too). */
  @Column('int', { default: 0 })
  attempts: number;

  /** When the ticket was completed. */
  @Column('timestamptz')
  queuedAt: Date;

  /** Pending rows are sent from this instant on: the first delay, a claim's lease, or a retry's backoff. */
  @Column('timestamptz')
  nextAttemptAt: Date;

  /** When it was sent, skipped or given up. */
  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  /**
   * Why it was skipped (`no_address`, `answered`, `expired`, `office_off`, `not_completed`) or the
   * last failure's code (`ECONNECTION`, `EENVELOPE 550`): never the server's words, which may quote the address.
   */
  @Column('text', { nullable: true })
  outcome: string | null;
}
