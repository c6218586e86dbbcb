import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { TtlCache } from '../common/ttl-cache.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';
import { offerSeat } from '../waitlist/waitlist-hand-off.js';

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
 * caller's transaction, so the seat moves with the cancellation or reschedule that freed it: one
 * round trip (`waitlist_offer_seat`, which also releases the seat when no one takes it), the
 * same count as the release it replaces.
 */
@Injectable()
export class SeatHandOff {
  /**
   * The office's zone and hold time: read on every cancellation, changed rarely (two seconds late
   * at most). Never answered stale: a stale answer reloads in the background on the manager of the
   * transaction that asked, which may have committed by then; a reload is awaited by the caller
   * whose transaction runs it (and by any caller asking meanwhile).
   */
  private readonly offices = new TtlCache<{ timeZone: string; holdMinutes: number } | null>(2_000);

  constructor(
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
  ) {}

  async giveUp(manager: EntityManager, seat: GivenUpSeat, cause: GiveUpCause): Promise<void> {
    const office = await this.office(manager, seat.officeId);
    await offerSeat(manager, seat, {
      timeZone: office?.timeZone ?? 'UTC',
      // An office that vanished holds nothing: the seat is released.
      holdMinutes: office?.holdMinutes ?? 0,
      now: this.clock.now().toJSDate(),
      cause,
      channels: { email: this.channels.email, sms: this.channels.sms },
    });
  }

  /** Read on the caller's connection: a second connection per cancellation could exhaust the pool in a burst of them. */
  private office(manager: EntityManager, officeId: string) {
    return this.offices.get(officeId, async () => {
      const rows = (await manager.query(`SELECT time_zone, waitlist_hold_minutes FROM offices WHERE id = $1`, [officeId])) as { time_zone: string; waitlist_hold_minutes: number }[];
      return rows[0] ? { timeZone: rows[0].time_zone, holdMinutes: rows[0].waitlist_hold_minutes } : null;
    });
  }
}
