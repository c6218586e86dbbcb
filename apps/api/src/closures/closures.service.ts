import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CalendarException, type OfficeCalendar, officeCalendarProblems, slotsForDay } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { Booking } from '../bookings/booking.entity.js';
import { CapacityLedger } from '../bookings/capacity-ledger.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException, type FieldProblem } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { toServiceSettings } from '../services/service-settings.mapper.js';
import { lockOfficeCalendar } from './calendar-lock.js';
import {
  type CancelledBookingDto,
  type ClosureCreatedDto,
  type ClosureDto,
  type ClosureMessageDto,
  type ClosureRangeQueryDto,
  contactOutcome,
  type CreateClosureDto,
  toClosureDto,
} from './dto/closure.dto.js';
import { OfficeCalendars, toCalendarException } from './office-calendars.js';
import { OfficeClosure } from './office-closure.entity.js';
import { officeInstant } from '../common/time/office-instant.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';

/** What a cancelled booking row holds for the contact list (read with its service's name). */
interface CancelledRow {
  id: string;
  code: string;
  service_id: string;
  service_name: string;
  slot_start: Date;
  full_name: string;
  document_type: CancelledBookingDto['documentType'];
  document_number: string;
  email: string | null;
  phone: string | null;
  /** The messages telling of the cancellation (kind 'booking_cancelled_by_office'), oldest first. */
  messages: ClosureMessageDto[];
}

/**
 * Calendar exceptions of an office (closures and extra openings) and their effect on bookings.
 * Every change to the calendar takes the office's calendar lock exclusively, so bookings (which
 * take it shared) never land in a slot that is disappearing.
 */
@Injectable()
export class ClosuresService {
  private readonly logger = new Logger(ClosuresService.name);
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: OfficeCalendars,
    private readonly ledger: CapacityLedger,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
  ) {}

  async list(actor: AuthenticatedUser, officeId: string, query: ClosureRangeQueryDto): Promise<ClosureDto[]> {
    assertOfficeAccess(actor, officeId);
    const office = await this.db.manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    const from = query.from ?? this.today(office);
    if (query.to !== undefined && query.to < from) {
      throw ApiException.validation([{ field: 'to', messages: [`to must not be before from (${from})`] }]);
    }
    const closures = this.db.manager
      .createQueryBuilder(OfficeClosure, 'c')
      .where('c.office_id = :officeId', { officeId })
      .andWhere('c.date >= :from', { from });
    if (query.to !== undefined) closures.andWhere('c.date <= :to', { to: query.to });
    return (await closures.orderBy('c.date').addOrderBy('c.created_at').getMany()).map(toClosureDto);
  }

  /**
   * Adds the exception and, in the same transaction, cancels every confirmed booking of the office
   * whose slot the new calendar no longer has (giving its seat back), returning them to contact.
   */
  async create(actor: AuthenticatedUser, officeId: string, input: CreateClosureDto): Promise<ClosureCreatedDto> {
    assertOfficeAccess(actor, officeId);
    const kind = input.kind ?? 'closed';
    const problems = shapeProblems(input);
    if (problems.length > 0) throw ApiException.validation(problems);
    const fields = {
      date: input.date,
      kind,
      startTime: kind === 'closed' ? (input.start ?? null) : null,
      endTime: kind === 'closed' ? (input.end ?? null) : null,
      intervals: kind === 'open' ? input.intervals!.map(({ start, end }) => ({ start, end })) : null,
      reason: input.reason ?? 'Extra opening',
    };
    const calendarProblems = officeCalendarProblems(exceptionOnly(toCalendarException(fields)));
    if (calendarProblems.length > 0) throw ApiException.validation([{ field: kind === 'open' ? 'intervals' : 'end', messages: calendarProblems }]);

    const result = await this.db.transaction(async (manager) => {
      await lockOfficeCalendar(manager, officeId, 'exclusive');
      const office = await manager.findOneBy(Office, { id: officeId });
      if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
      const today = this.today(office);
      if (input.date < today) {
        throw ApiException.validation([{ field: 'date', messages: [`date must be today (${today}) or later in the office's time zone (${office.timeZone})`] }]);
      }

      const closure = await manager.save(manager.create(OfficeClosure, { ...fields, officeId, createdBy: actor.id }));

      // The calendar as it now stands, read inside the lock: what bookings must fit into.
      const { calendar } = await this.calendars.forOffice(officeId, { from: input.date, to: input.date }, manager);
      const orphans = await this.bookingsWithoutSlot(manager, officeId, input.date, calendar);
      const cancelReason = kind === 'open' && input.reason === undefined ? `Opening hours changed on ${input.date}` : closure.reason;
      const cancelled = await this.cancel(manager, office, closure, cancelReason, orphans);
      return { closure, cancelled, timeZone: office.timeZone };
    });

    this.logger.log(`Office ${officeId}: ${kind} exception ${result.closure.id} on ${input.date} cancelled ${result.cancelled.length} booking(s)`);
    return { closure: toClosureDto(result.closure), cancelledBookings: result.cancelled };
  }

  /** The bookings a closure cancelled (also after the closure was deleted), for the office to contact. */
  async cancelledBookings(actor: AuthenticatedUser, closureId: string): Promise<CancelledBookingDto[]> {
    const closure = await this.db.manager.findOneBy(OfficeClosure, { id: closureId });
    const officeIds: { office_id: string }[] = closure
      ? [{ office_id: closure.officeId }]
      : await this.db.query(`SELECT DISTINCT office_id FROM bookings WHERE closure_id = $1`, [closureId]);
    if (officeIds.length === 0) throw ApiException.notFound(ErrorCode.CLOSURE_NOT_FOUND, 'Closure');
    for (const { office_id } of officeIds) assertOfficeAccess(actor, office_id);
    const office = await this.db.manager.findOneByOrFail(Office, { id: officeIds[0].office_id });
    const rows: CancelledRow[] = await this.db.query(
      `SELECT b.id, b.code, b.service_id, s.name AS service_name, b.slot_start, b.full_name, b.document_type, b.document_number, b.email, b.phone,
              coalesce((SELECT json_agg(json_build_object('channel', n.channel, 'status', n.status, 'reason', n.reason) ORDER BY n.id)
                          FROM notifications n WHERE n.booking_id = b.id AND n.kind = 'booking_cancelled_by_office'), '[]'::json) AS messages
         FROM bookings b JOIN services s ON s.id = b.service_id
        WHERE b.closure_id = $1
        ORDER BY b.slot_start, s.name, b.full_name`,
      [closureId],
    );
    return rows.map((row) => toCancelledBookingDto(row, office.timeZone));
  }

  /**
   * Removes an exception: a closure re-opens its hours. Bookings it cancelled stay cancelled.
   * Refused for a past date (it is history) and when confirmed bookings would lose their slot (an
   * extra opening, or closed hours that shifted the slot grid): close that time first.
   */
  async remove(actor: AuthenticatedUser, closureId: string): Promise<void> {
    const found = await this.db.manager.findOneBy(OfficeClosure, { id: closureId });
    if (!found) throw ApiException.notFound(ErrorCode.CLOSURE_NOT_FOUND, 'Closure');
    assertOfficeAccess(actor, found.officeId);

    await this.db.transaction(async (manager) => {
      await lockOfficeCalendar(manager, found.officeId, 'exclusive');
      const closure = await manager.findOneBy(OfficeClosure, { id: closureId });
      if (!closure) throw ApiException.notFound(ErrorCode.CLOSURE_NOT_FOUND, 'Closure');
      const office = await manager.findOneByOrFail(Office, { id: closure.officeId });
      if (closure.date < this.today(office)) {
        throw new ApiException(ErrorCode.CLOSURE_IN_PAST, `The exception of ${closure.date} is in the past and stays on record`);
      }
      await manager.delete(OfficeClosure, { id: closureId });
      const { calendar: after } = await this.calendars.forOffice(closure.officeId, { from: closure.date, to: closure.date }, manager);
      const orphans = await this.bookingsWithoutSlot(manager, closure.officeId, closure.date, after);
      if (orphans.length > 0) {
        throw new ApiException(
          ErrorCode.BOOKINGS_WOULD_LOSE_SLOT,
          `Removing this exception would leave ${orphans.length} confirmed booking(s) without a slot; close those hours first, which cancels them and lists whom to contact`,
          { bookingIds: orphans.map((booking) => booking.id) },
        );
      }
    });
    this.logger.log(`Office ${found.officeId}: exception ${closureId} on ${found.date} removed`);
  }

  /** Confirmed bookings of the office on `date`, not yet over, whose slot start `calendar` no longer has. */
  private async bookingsWithoutSlot(manager: EntityManager, officeId: string, date: string, calendar: OfficeCalendar): Promise<Booking[]> {
    const bookings = await manager
      .createQueryBuilder(Booking, 'b')
      .where('b.office_id = :officeId AND b.local_date = :date AND b.status = :status', { officeId, date, status: 'confirmed' })
      .andWhere('b.slot_end > :now', { now: this.clock.now().toJSDate() })
      .getMany();
    if (bookings.length === 0) return [];
    const services = await manager.findBy(ServiceEntity, { id: In([...new Set(bookings.map((b) => b.serviceId))]) });
    const slotStarts = new Map(
      services.map((service) => [
        service.id,
        new Set(slotsForDay(calendar, toServiceSettings(service), date).map((slot) => DateTime.fromISO(slot.start).toMillis())),
      ]),
    );
    return bookings.filter((booking) => !slotStarts.get(booking.serviceId)?.has(booking.slotStart.getTime()));
  }

  /**
   * Cancels the bookings (those still confirmed) for the closure, gives their seats back and queues
   * the message telling each applicant ('booking_cancelled_by_office'): by email with an address
   * (and a mail server), by SMS with consent and a phone (and an SMS provider). All in the
   * closure's transaction: rolled back, nothing is cancelled nor queued.
   */
  private async cancel(manager: EntityManager, office: Office, closure: OfficeClosure, reason: string, bookings: Booking[]): Promise<CancelledBookingDto[]> {
    if (bookings.length === 0) return [];
    const now = this.clock.now().toJSDate();
    // Re-checked here: an applicant may have cancelled meanwhile (their seat is already back).
    const [cancelled]: [(Omit<CancelledRow, 'messages'> & { sms_consent: boolean })[], number] = await manager.query(
      `UPDATE bookings b
          SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, closure_id = $4, updated_at = now()
         FROM services s
        WHERE b.id = ANY($1::uuid[]) AND b.status = 'confirmed' AND s.id = b.service_id
       RETURNING b.id, b.code, b.service_id, s.name AS service_name, b.slot_start, b.full_name, b.document_type, b.document_number, b.email, b.phone, b.sms_consent`,
      [bookings.map((b) => b.id), now, reason, closure.id],
    );
    for (const row of cancelled) {
      await this.ledger.release(manager, { serviceId: row.service_id, slotStart: row.slot_start, localDate: closure.date });
    }
    // One statement queues every message: the channels are decided from the rows just cancelled
    // (no address or phone leaves the database), then the messages are tied to the closure.
    const queued: { booking_id: string; channel: ClosureMessageDto['channel']; id: string }[] = await manager.query(
      `SELECT m.booking_id, m.channel, queue_notification('booking_cancelled_by_office', m.channel, m.booking_id, NULL, $2::uuid, $3::timestamptz, $3::timestamptz) AS id
         FROM (SELECT b.id AS booking_id, c.channel
                 FROM bookings b
                 CROSS JOIN (VALUES ('email'), ('sms')) AS c(channel)
                WHERE b.id = ANY($1::uuid[])
                  AND CASE c.channel WHEN 'email' THEN $4::boolean AND b.email IS NOT NULL ELSE $5::boolean AND b.sms_consent AND b.phone IS NOT NULL END
                ORDER BY b.slot_start, b.id, c.channel) AS m`,
      [cancelled.map((row) => row.id), office.id, now, this.channels.email, this.channels.sms],
    );
    if (queued.length > 0) {
      await manager.query(`UPDATE notifications SET closure_id = $2 WHERE id = ANY($1::bigint[])`, [queued.map((q) => q.id), closure.id]);
    }
    const messages = new Map<string, ClosureMessageDto[]>();
    for (const q of queued) messages.set(q.booking_id, [...(messages.get(q.booking_id) ?? []), { channel: q.channel, status: 'queued', reason: null }]);
    return cancelled
      .map((row) => toCancelledBookingDto({ ...row, messages: messages.get(row.id) ?? [] }, office.timeZone))
      .sort((a, b) => a.slotStart.localeCompare(b.slotStart) || a.serviceName.localeCompare(b.serviceName) || a.fullName.localeCompare(b.fullName));
  }

  private today(office: Office): string {
    return this.clock.now().setZone(office.timeZone).toISODate()!;
  }
}

/** Which fields go with which kind, beyond what the DTO checks field by field. */
function shapeProblems(input: CreateClosureDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.kind === 'open') {
    for (const field of ['start', 'end'] as const) {
      if (input[field] !== undefined) problems.push({ field, messages: [`${field} is for closures; an opening gives its hours in intervals`] });
    }
  } else if (input.intervals !== undefined) {
    problems.push({ field: 'intervals', messages: ["intervals are for kind 'open'; a closure gives start and end, or neither for the whole day"] });
  }
  return problems;
}

/** A calendar holding only this exception, to validate it alone. */
function exceptionOnly(exception: CalendarException): OfficeCalendar {
  return { timeZone: 'UTC', weeklyHours: {}, exceptions: [exception], holidays: null };
}

function toCancelledBookingDto(row: CancelledRow, timeZone: string): CancelledBookingDto {
  return {
    id: row.id,
    code: row.code,
    serviceId: row.service_id,
    serviceName: row.service_name,
    slotStart: officeInstant(row.slot_start, timeZone),
    fullName: row.full_name,
    documentType: row.document_type,
    documentNumber: row.document_number,
    email: row.email,
    phone: row.phone,
    notified: row.messages.length > 0,
    contact: contactOutcome(row.messages),
    messages: row.messages,
  };
}
