import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One staffed stretch of a counter: from when an agent opened it (or took it over) to when it was
 * closed, handed to another agent, or closed by the closing-time job; `closedAt` null while it
 * lasts. `counter_sessions` is the counter's state now; this is its history, written by the same
 * statements, from which the reports measure the minutes a counter (or an agent) was staffed.
 * Reopening an open counter with other services, by the same agent, continues the same row.
 */
@Entity('counter_session_log')
// At most one open session per counter: the guarantee that sessions never overlap, even when two opens race.
@Index('uq_counter_session_log_open', ['counterId'], { unique: true, where: '"closed_at" IS NULL' })
// The reports read an office's sessions by when they started.
@Index('ix_counter_session_log_office_opened', ['officeId', 'openedAt'])
@Check('ck_counter_session_log_order', '"closed_at" IS NULL OR "closed_at" >= "opened_at"')
export class CounterSessionLogEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  counterId: string;

  @Column('uuid')
  officeId: string;

  /** Who opened it (or took it over). */
  @Column('uuid')
  agentId: string;

  @Column('timestamptz')
  openedAt: Date;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;
}
