import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The last number given per office, local day and prefix: numbers come from one atomic upsert. */
@Entity('ticket_sequences')
export class TicketSequence {
  @PrimaryColumn('uuid')
  officeId: string;

  @PrimaryColumn('date')
  localDate: string;

  @PrimaryColumn('text')
  prefix: string;

  @Column('int')
  last: number;
}

/**
 * Walk-in tickets of a service on a local day: issued against the cap (claimed with a conditional
 * upsert, like seats), refusals counted as unmet demand, and today's cap when a supervisor changes it.
 */
@Entity('walk_in_tallies')
@Check('ck_walk_in_tallies_issued', '"issued" >= 0')
export class WalkInTally {
  @PrimaryColumn('uuid')
  serviceId: string;

  @PrimaryColumn('date')
  localDate: string;

  @Column('int', { default: 0 })
  issued: number;

  @Column('int', { default: 0 })
  refused: number;

  /** Today's cap set live by a supervisor; null: the service's walkInDailyCap. */
  @Column('int', { nullable: true })
  capOverride: number | null;
}
