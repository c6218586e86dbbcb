import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DOCUMENT_TYPES, normalizeBookingCode, normalizeDocument } from '@turnero/scheduling';
import type { DataSource } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import type { BookingStatus } from '../bookings/booking.entity.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { officeInstant } from '../common/time/office-instant.js';
import { Office } from '../offices/office.entity.js';
import {
  STAFF_BOOKINGS_LIMIT,
  type StaffBookingDto,
  type StaffBookingListDto,
  type StaffBookingSearchDto,
  type StaffBookingsQueryDto,
} from './dto/staff-booking.dto.js';
import { type StaffBookingRow, StaffBookingsRepository } from './staff-bookings.repository.js';

/** An office's bookings for its staff: a day's list, and a search by code or document (issue #16: "staff see what was sent"). */
@Injectable()
export class StaffBookingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: StaffBookingsRepository,
    private readonly clock: Clock,
  ) {}

  /** The bookings whose slot falls on `date` in the office's time zone (default: its today). */
  async day(actor: AuthenticatedUser, officeId: string, query: StaffBookingsQueryDto): Promise<StaffBookingListDto> {
    const office = await this.office(actor, officeId);
    const date = query.date ?? this.clock.now().setZone(office.timeZone).toISODate()!;
    return this.list(office, { date, status: query.status ?? null, match: null });
  }

  /**
   * Bookings of the office whose code or document is `q`, normalised as the applicant's lookup
   * normalises them: a code with any case, spaces or dashes; a document as a RUT (dots, dash, check
   * digit) or as a passport/other number (case and spaces forgiven). Nothing typed can match: an
   * empty list.
   */
  async search(actor: AuthenticatedUser, officeId: string, input: StaffBookingSearchDto): Promise<StaffBookingListDto> {
    const office = await this.office(actor, officeId);
    const code = normalizeBookingCode(input.q);
    const documents = new Set<string>();
    for (const type of DOCUMENT_TYPES) {
      const document = normalizeDocument(type, input.q);
      if (document.ok) documents.add(document.value);
    }
    return this.list(office, { date: input.date ?? null, status: input.status ?? null, match: { codes: code ? [code] : [], documents: [...documents] } });
  }

  private async list(
    office: Office,
    filter: { date: string | null; status: BookingStatus | null; match: { codes: string[]; documents: string[] } | null },
  ): Promise<StaffBookingListDto> {
    const rows = await this.repository.find({ officeId: office.id, ...filter, limit: STAFF_BOOKINGS_LIMIT + 1 });
    return {
      date: filter.date,
      timeZone: office.timeZone,
      bookings: rows.slice(0, STAFF_BOOKINGS_LIMIT).map((row) => toStaffBookingDto(row, office.timeZone)),
      truncated: rows.length > STAFF_BOOKINGS_LIMIT,
    };
  }

  private async office(actor: AuthenticatedUser, officeId: string): Promise<Office> {
    assertOfficeAccess(actor, officeId);
    const office = await this.db.manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return office;
  }
}

export function toStaffBookingDto(row: StaffBookingRow, timeZone: string): StaffBookingDto {
  return {
    id: row.id,
    code: row.code,
    slotStart: officeInstant(row.slot_start, timeZone),
    slotEnd: officeInstant(row.slot_end, timeZone),
    status: row.status,
    service: { id: row.service_id, name: row.service_name },
    fullName: row.full_name,
    documentType: row.document_type,
    documentNumber: row.document_number,
    identityVerified: row.identity_verified,
    ticketNumber: row.ticket_number,
    group: row.group_code === null ? null : { code: row.group_code, index: row.group_index!, size: row.group_size! },
    messages: { queued: row.queued, sent: row.sent, failed: row.failed, skipped: row.skipped },
  };
}
