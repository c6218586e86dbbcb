import { Injectable } from '@nestjs/common';
import { toBookingDto } from '../../bookings/dto/booking.dto.js';
import { Clock } from '../../common/clock/clock.js';
import { toRequestSummaryDto } from '../../requests/dto/request-public.dto.js';
import { RequestsRepository } from '../../requests/requests.repository.js';
import type { VerifiedApplicant } from '../applicant-sessions.js';
import type { MyBookingDto, MyRequestDto } from './dto/my-procedures.dto.js';
import { type HeldBooking, MY_PROCEDURES_LIMIT, MyProceduresRepository } from './my-procedures.repository.js';

/**
 * "Mis trámites" (issue #20): what the person signed in with ClaveÚnica holds under their RUN,
 * without a code lookup. Bookings made under the RUN by anyone are listed (that is how someone
 * else's booking under their number comes to light), and so are requests that gave the RUN.
 */
@Injectable()
export class MyProceduresService {
  constructor(
    private readonly repository: MyProceduresRepository,
    private readonly requestRows: RequestsRepository,
    private readonly clock: Clock,
  ) {}

  /** The upcoming bookings (confirmed, not ended) soonest first, then every other newest first. */
  async bookings(applicant: VerifiedApplicant): Promise<MyBookingDto[]> {
    const now = this.clock.nowMs();
    const held = await this.repository.bookingsOf(applicant.documentType, applicant.documentNumber);
    const upcoming = held.filter(({ booking }) => booking.status === 'confirmed' && booking.slotEnd.getTime() > now).reverse();
    const rest = held.filter((entry) => !upcoming.includes(entry));
    return [...upcoming, ...rest].map((entry) => myBooking(entry, now));
  }

  async requests(applicant: VerifiedApplicant): Promise<MyRequestDto[]> {
    const rows = await this.requestRows.byContactDocument(applicant.documentNumber, MY_PROCEDURES_LIMIT);
    return rows.map((row) => ({ ...toRequestSummaryDto(row), identityVerified: row.identity_verified }));
  }
}

/** A booking as BookingDto shows it, and what can be done with it now (the rules BookingsService applies). */
function myBooking({ booking, service, office, members }: HeldBooking, now: number): MyBookingDto {
  const canCancel = booking.status === 'confirmed' && booking.slotStart.getTime() > now;
  return {
    ...toBookingDto(booking, { service, office }, members),
    canCancel,
    canReschedule: canCancel && (booking.identityVerified || !service.requiresVerifiedIdentity),
  };
}
