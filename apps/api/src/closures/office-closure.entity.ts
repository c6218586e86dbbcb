import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';

/**
 * A calendar exception of one office on one local date: closed all day, closed for some hours, or
 * open on a day it usually is not (with its own hours). Holidays come from the holidays package,
 * not from this table.
 */
@Entity('office_closures')
@Index('ix_office_closures_office_date', ['officeId', 'date'])
@Check('ck_office_closures_hours', `("start_time" IS NULL) = ("end_time" IS NULL)`)
export class OfficeClosure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  officeId: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id' })
  office?: Relation<Office>;

  /** The office-local calendar date. */
  @Column('date')
  date: string;

  /** 'closed' (whole day, or start–end) or 'open' (extra opening with `intervals`). */
  @Column('text')
  kind: 'closed' | 'open';

  @Column('text', { nullable: true })
  startTime: string | null;

  @Column('text', { nullable: true })
  endTime: string | null;

  /** For extra openings: the day's hours, [{ start, end }]. */
  @Column('jsonb', { nullable: true })
  intervals: { start: string; end: string }[] | null;

  @Column('text')
  reason: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
