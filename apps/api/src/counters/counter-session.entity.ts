import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Whether a counter is open now, which of its services it is serving, and who staffs it (its history: CounterSessionLogEntry). */
@Entity('counter_sessions')
export class CounterSession {
  @PrimaryColumn('uuid')
  counterId: string;

  @Column('uuid')
  officeId: string;

  @Column('boolean', { default: false })
  open: boolean;

  @Column('uuid', { array: true, default: () => "'{}'" })
  serviceIds: string[];

  @Column('uuid', { nullable: true })
  agentId: string | null;

  @Column('timestamptz', { nullable: true })
  openedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;
}
