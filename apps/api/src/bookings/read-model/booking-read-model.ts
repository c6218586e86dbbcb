import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, availability, nextSlotsWithRoom, sealCalendar, type AvailabilitySlot, type OfficeCalendar, type ServiceSettings } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { OfficeCalendars } from '../../closures/office-calendars.js';
import { Clock } from '../../common/clock/clock.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { schedulingException } from '../../common/errors/scheduling-error.js';
import { localDateIn } from '../../common/time/local-date.js';
import { TtlCache } from '../../common/ttl-cache.js';
import { Office } from '../../offices/office.entity.js';
import { ServiceEntity } from '../../services/service.entity.js';
import { toServiceSettings } from '../../services/service-settings.mapper.js';
import { CapacityLedger } from '../capacity-ledger.js';
import type { AvailabilityDto } from '../dto/booking.dto.js';

/** A service and its office, as the read model keeps them (cached, never changed in place). */
export interface BookingPlace {
  service: ServiceEntity;
  office: Office;
}

/** What a booking is checked against: the place, the service's scheduling settings and the office calendar around the slot. */
export interface BookingContext extends BookingPlace {
  settings: ServiceSettings;
  calendar: OfficeCalendar;
}

/** A refusal `book_seat` (or the ledger) gave: the slot, or its whole day, has no seat left. */
export type FullCode = 'SLOT_FULL' | 'DAY_FULL';

const SUGGESTIONS = 3;
/** How many of the following days' slots with any room a group's alternatives are picked from. */
const GROUP_SUGGESTION_SCAN = 60;
/** How far ahead a full slot looks for alternatives: the next two weeks are what people take. */
const SUGGESTION_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * The rush's memory, in one home (issue #19): what applicants read (services, offices, calendars,
 * availability answers, the alternatives offered with SLOT_FULL, the shared counts of booked
 * seats) and what the last half second taught about full slots and days. Everything here is
 * allowed to be a little old; nothing here grants a seat: `book_seat`'s conditional upserts alone
 * do (BookingsService, CapacityLedger).
 *
 * What the caches know changes only through the events at the end of this class (`seatTaken`,
 * `seatsFreed`, `refused`, `calendarOutdated`), called by whoever made the change on this
 * instance, after it committed; everything else is time: the TTLs below, with stale-while-
 * revalidate so a rush never queues behind one reload (TtlCache's staleMs). Changes made on other
 * instances show when an entry expires.
 */
@Injectable()
export class BookingReadModel {
  /**
   * Offices and services are read on every request of a rush; they change rarely. These caches
   * answer an expired entry while its reload runs (TtlCache's staleMs), so a rush never queues
   * behind one reload.
   */
  private readonly services = new TtlCache<ServiceEntity | null>(2_000, { staleMs: 2_000 });
  private readonly offices = new TtlCache<Office | null>(2_000, { staleMs: 2_000 });
  /** The scheduling settings of each cached service entity, mapped once. */
  private readonly settingsByEntity = new WeakMap<ServiceEntity, ServiceSettings>();
  /**
   * Office calendars per date range with their version (calendarFor). Reads may see a change up to
   * two seconds late (four while a reload runs); a booking states the version to `book_seat`,
   * which refuses a stale one (then calendarOutdated).
   */
  private readonly calendars = new TtlCache<{ calendar: OfficeCalendar; version: string } | null>(2_000, { staleMs: 2_000 });
  /** Alternatives offered with SLOT_FULL, per service and day (roomFromDay): hints, so a second-old answer is fine in a rush of rejections. */
  private readonly suggestionCache = new TtlCache<AvailabilitySlot[]>(1_000, { maxEntries: 5_000, staleMs: 1_000 });
  /** Availability answers as sent (JSON text), so a shared answer is not serialized again for every reader. */
  private readonly availabilityAnswers = new TtlCache<string>(500, { maxEntries: 5_000, staleMs: 1_000 });
  /**
   * Slots and days recently seen full, by `serviceId|slot start in ms` (and `serviceId|day|date`):
   * in a rush thousands of applicants ask for the same gone slot within a second, and this answers
   * them without the database. It only ever refuses: a seat is granted by the ledger alone. A seat
   * freed on this instance clears the service's entries at once; one freed on another instance
   * shows here within half a second, as availability does.
   */
  private readonly soldOut = new TtlCache<FullCode>(500, { maxEntries: 20_000 });
  /** Seats taken per slot of each service over its bookable days, for reads (bookedBySlot). */
  private readonly bookedCounts = new TtlCache<{ from: number; to: number; booked: Map<number, number>; readAt: number }>(500, { staleMs: 1_000 });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly officeCalendars: OfficeCalendars,
    private readonly ledger: CapacityLedger,
    private readonly clock: Clock,
  ) {}

  /**
   * Availability as applicants see it, shared for half a second per service and range: in a rush
   * thousands of browsers ask for the same days. A cancellation or reschedule on this instance
   * forgets the service's answers at once, a booking within 0.1 s (seatTaken); an expired answer
   * is still given while its replacement is computed, so other instances' bookings show within
   * half a second of steady reading (a second and a half at most). Bookings never use it:
   * book_seat decides every seat.
   */
  availabilityJson(serviceId: string, from: string, to: string): Promise<string> {
    return this.availabilityAnswers.get(`${serviceId}|${from}|${to}`, async () => JSON.stringify(await this.computeAvailability(serviceId, from, to)));
  }

  /** The active service and its office (cached), read outside transactions; 404 SERVICE_NOT_FOUND / OFFICE_NOT_FOUND. */
  async place(serviceId: string): Promise<BookingPlace> {
    const service = await this.activeService(serviceId);
    return { service, office: await this.office(service.officeId) };
  }

  /** The scheduling settings of a cached service entity (never changed in place), mapped once. */
  settingsOf(service: ServiceEntity): ServiceSettings {
    let settings = this.settingsByEntity.get(service);
    if (!settings) {
      settings = toServiceSettings(service);
      this.settingsByEntity.set(service, settings);
    }
    return settings;
  }

  /**
   * The office's calendar for [from, to] with its version, shared for two seconds (calendarOutdated
   * forgets it); sealed (deeply frozen), so the rules find its resolved days by the object.
   */
  async calendarFor(officeId: string, range: { from: string; to: string }): Promise<{ calendar: OfficeCalendar; version: string }> {
    const found = await this.calendars.get(`${officeId}|${range.from}|${range.to}`, async () => {
      const read = await this.officeCalendars.versionedCalendarOf(officeId, range);
      return read && { calendar: sealCalendar(read.calendar), version: read.version };
    });
    if (!found) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return found;
  }

  /**
   * In a rush most applicants ask for a slot that is already gone. Such a request is refused from
   * memory, without the database, when this instance saw the slot or its day full in the last half
   * second, or when the service's shared counts of booked seats (half a second old, a second and
   * a half at most, and told at once of this instance's own bookings) already fill the slot for
   * `people`. Anything else goes to `book_seat`, which alone grants seats: a stale memory can only
   * refuse a seat freed that recently on another instance, never give one twice.
   *
   * Undefined when memory knows nothing of the slot (no await needed), else the refusal it knows
   * of, if any.
   */
  knownFull(serviceId: string, slotStartMs: number, localDate: string, seats: number, people: number): Promise<FullCode | undefined> | undefined {
    const remembered = this.soldOut.peek(`${serviceId}|${slotStartMs}`) ?? this.soldOut.peek(`${serviceId}|day|${localDate}`);
    if (remembered) return remembered;
    // The counts that reads and alternatives keep loaded: a booking never reads them itself.
    return this.bookedCounts.latest(serviceId)?.then((counts) => ((counts.booked.get(slotStartMs) ?? 0) + people > seats ? 'SLOT_FULL' : undefined));
  }

  /** The next slots with room for `people` after `slotStart`, within two weeks of it (the alternatives offered with SLOT_FULL / DAY_FULL). */
  async suggestions(context: BookingContext, slotStart: string, people = 1): Promise<AvailabilitySlot[]> {
    const after = Date.parse(slotStart);
    if (Number.isNaN(after)) return [];
    const day = localDateIn(after, context.calendar.timeZone);
    const key = people === 1 ? `${context.service.id}|${day}` : `${context.service.id}|${day}|${people}`;
    const candidates = await this.suggestionCache.get(key, () => this.roomFromDay(context, day, people));
    const until = after + SUGGESTION_DAYS * DAY_MS;
    return candidates
      .filter((slot) => {
        const start = Date.parse(slot.start);
        return start > after && start < until;
      })
      .slice(0, SUGGESTIONS);
  }

  // ---------------------------------------------------------------------------------------------
  // Events: the only ways what the caches know changes, each told by the change's own code on this
  // instance once it committed.
  // ---------------------------------------------------------------------------------------------

  /**
   * A seat (or a group's `people` seats) of `slotStartMs` was taken here, by a booking that began
   * at `bookingBegan` (performance.now()): the service's answers live at most a tenth of a second
   * more. In a rush, where a seat goes every few milliseconds, an answer is thus computed about
   * ten times a second per range instead of after every booking (while it is computed, the
   * previous one is given).
   */
  seatTaken(serviceId: string, slotStartMs: number, bookingBegan: number, people = 1): void {
    this.availabilityAnswers.expireWithin(`${serviceId}|`, 100);
    // The shared counts learn this seat at once (answers computed from now on include it), unless
    // they were read after the booking began and may hold it already.
    void this.bookedCounts.latest(serviceId)?.then(
      (counts) => {
        if (counts.readAt < bookingBegan && slotStartMs >= counts.from && slotStartMs < counts.to) counts.booked.set(slotStartMs, (counts.booked.get(slotStartMs) ?? 0) + people);
      },
      () => undefined,
    );
  }

  /**
   * Seats of the service came free here (a cancellation, a companion's, a reschedule's old seat, a
   * waitlist hold given up): forget what was said about the service's seats, so the next read and
   * the next booking see them at once.
   */
  seatsFreed(serviceId: string): void {
    this.availabilityAnswers.forget(`${serviceId}|`);
    this.bookedCounts.delete(serviceId);
    this.soldOut.forget(`${serviceId}|`);
  }

  /**
   * `book_seat` (or the ledger) refused `people` seats of the slot starting at `slotStartMs`
   * (`timeZone`: the office's, for the slot's day): for the next half second the slot (and, for
   * DAY_FULL, its day) is refused from memory (knownFull). A group that did not fit says nothing
   * about one person: only single refusals are remembered.
   */
  refused(code: FullCode, serviceId: string, slotStartMs: number, timeZone: string, people: number): void {
    if (people !== 1) return;
    this.soldOut.set(`${serviceId}|${slotStartMs}`, code);
    if (code === 'DAY_FULL') this.soldOut.set(`${serviceId}|day|${localDateIn(slotStartMs, timeZone)}`, 'DAY_FULL');
  }

  /** `book_seat` found the office's calendar changed since it was read for [from, to]: the next read of that range goes to the database. */
  calendarOutdated(officeId: string, range: { from: string; to: string }): void {
    this.calendars.delete(`${officeId}|${range.from}|${range.to}`);
  }

  // ---------------------------------------------------------------------------------------------

  private async computeAvailability(serviceId: string, from: string, to: string): Promise<AvailabilityDto> {
    const service = await this.activeService(serviceId);
    const office = await this.office(service.officeId);
    const { calendar } = await this.calendarFor(office.id, { from, to });
    const span = instantSpan(from, to);
    const booked = span ? await this.bookedBySlot(service, span.from, span.to) : new Map<number, number>();
    const result = availability({
      calendar,
      settings: this.settingsOf(service),
      from,
      to,
      // Date.parse reads the library's ISO instants (with offset) far faster than a luxon parse.
      booked: (slotStart) => booked.get(Date.parse(slotStart)) ?? 0,
      now: this.clock.now(),
    });
    if (!result.ok) throw schedulingException(result.error, result.error.code === 'INVALID_DATE_RANGE' ? 'to' : undefined);
    return { serviceId, timeZone: result.value.timeZone, days: result.value.days };
  }

  private async activeService(serviceId: string): Promise<ServiceEntity> {
    const service = await this.services.get(serviceId, () => this.db.manager.findOneBy(ServiceEntity, { id: serviceId }));
    if (!service || !service.active) {
      throw new ApiException(ErrorCode.SERVICE_NOT_FOUND, 'Service not found', [{ field: 'serviceId', messages: ['no such service'] }]);
    }
    return service;
  }

  private async office(officeId: string): Promise<Office> {
    const office = await this.offices.get(officeId, () => this.db.manager.findOneBy(Office, { id: officeId }));
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return office;
  }

  /**
   * The slots with room on `day` and the first few after that day: every full slot of the day
   * picks its alternatives from this list, so in a rush it is computed once a second per service
   * and day rather than for every full slot asked for.
   */
  private async roomFromDay({ service, office, settings }: BookingContext, day: string, people = 1): Promise<AvailabilitySlot[]> {
    const to = addDays(day, SUGGESTION_DAYS + 1);
    const { calendar } = await this.calendarFor(office.id, { from: day, to });
    const span = instantSpan(day, to)!;
    const booked = await this.bookedBySlot(service, span.from, span.to);
    const lookup = (slotStart: string) => booked.get(Date.parse(slotStart)) ?? 0;
    const now = this.clock.now();
    const sameDay = availability({ calendar, settings, from: day, to: day, booked: lookup, now });
    const endOfDay = DateTime.fromISO(day, { zone: calendar.timeZone }).endOf('day').toISO()!;
    // A group's alternatives need room for all of it: the following days' first slots with any room are
    // read further ahead (a hint, computed once a second per service, day and size) and filtered.
    return [
      ...(sameDay.ok ? sameDay.value.days.flatMap((d) => d.slots.filter((slot) => slot.remaining >= people)) : []),
      ...nextSlotsWithRoom({ calendar, settings, after: endOfDay, now, booked: lookup, limit: people === 1 ? SUGGESTIONS : GROUP_SUGGESTION_SCAN }).filter(
        (slot) => slot.remaining >= people,
      ),
    ];
  }

  /**
   * Seats taken per slot (by start in ms) between two instants, for answers that may be half a
   * second old (availability, the alternatives offered with SLOT_FULL): from the service's shared
   * counts of every bookable day, one read per service at most every half second in a rush; a
   * range outside them (the past, beyond the horizon) is read on its own.
   */
  private async bookedBySlot(service: ServiceEntity, from: Date, to: Date): Promise<Map<number, number>> {
    const hit = await this.sharedCounts(service);
    if (from.getTime() >= hit.from && to.getTime() <= hit.to) return hit.booked;
    return this.ledger.bookedBySlot(this.db.manager, service.id, from, to);
  }

  /** The service's shared counts of booked seats per slot over every bookable day (see bookedBySlot). */
  private sharedCounts(service: ServiceEntity) {
    return this.bookedCounts.get(service.id, async () => {
      const now = this.clock.nowMs();
      const window = { from: now - 2 * DAY_MS, to: now + (Math.max(service.bookingHorizonDays, 62) + 2) * DAY_MS };
      const booked = await this.ledger.bookedBySlot(this.db.manager, service.id, new Date(window.from), new Date(window.to));
      return { ...window, booked, readAt: performance.now() };
    });
  }
}

/**
 * Instants that surely cover local dates `from`..`to` in any zone (offsets stay within ±14 h), or
 * null for malformed dates. A little wider than needed: extra rows match no slot of the range.
 */
function instantSpan(from: string, to: string): { from: Date; to: Date } | null {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return { from: new Date(start - DAY_MS), to: new Date(end + 2 * DAY_MS) };
}
