import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Seats of one slot, taken by one conditional UPDATE (`booked < seats`) inside the booking's
 * transaction: PostgreSQL's row lock serialises concurrent bookings of the same slot, on any number
 * of API instances, and the CHECK makes overbooking impossible even for a buggy caller.
 */
@Entity('slot_capacity')
@Check('ck_slot_capacity_booked', '"booked" >= 0 AND "booked" <= "seats"')
export class SlotCapacity {
  @PrimaryColumn('uuid')
  serviceId: string;

  @PrimaryColumn('timestamptz')
  slotStart: Date;

  @Column('int')
  seats: number;

  @Column('int', { default: 0 })
  booked: number;
}

/** The same for a service's whole local day, for the daily appointment cap. */
@Entity('day_capacity')
@Check('ck_day_capacity_booked', '"booked" >= 0 AND "booked" <= "cap"')
export class DayCapacity {
  @PrimaryColumn('uuid')
  serviceId: string;

  @PrimaryColumn('date')
  localDate: string;

  @Column('int')
  cap: number;

  @Column('int', { default: 0 })
  booked: number;
}
