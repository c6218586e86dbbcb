import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, checkBooking, generateBookingCode, normalizeBookingCode, normalizeDocument, type DocumentType } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import { OfficeCalendars } from '../closures/office-calendars.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException, Refusal } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { schedulingException } from '../common/errors/scheduling-error.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import type { IdempotencyClaim } from '../idempotency/idempotency-claim.js';
import type { VerifiedApplicant } from '../identity/applicant-sessions.js';
import { Booking } from './booking.entity.js';
import { CapacityLedger, type ConfirmationChannels, type GroupMemberRow } from './capacity-ledger.js';
import { BookingReadModel, type BookingContext, type BookingPlace } from './read-model/booking-read-model.js';
import { SeatHandOff } from './seat-hand-off.js';
import { type BookingDto, type BookingMemberDto, type CreateBookingDto, toBookingDto } from './dto/booking.dto.js';
import { withRetry } from '../database/transaction-retry.js';
import { localDateIn } from '../common/time/local-date.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';

/** A requested slot that passed the scheduling rules, with what it was checked against. */
interface CheckedSlot {
  context: BookingContext;
  /** The calendar's version, for `book_seat` to refuse if it changed since. */
  version: string;
  slot: RuledSlot;
}

/** A slot as the rules found it: instants as Dates (for SQL) and as the office's ISO text (for answers). */
interface RuledSlot {
  start: Date;
  end: Date;
  startIso: string;
  endIso: string;
  localDate: string;
  seats: number;
}

/** How many times a booking reads the calendar again when it changed under it before giving up (503). */
const STALE_CALENDAR_ROUNDS = 3;
/** A person of a group booking as checked: the document normalised, and the body field it came from (for answers naming it). */
interface GroupMember {
  documentType: DocumentType;
  documentNumber: string;
  fullName: string;
  field: string;
}

/** The insert lost to the one-active-booking index; the caller may expire stale bookings and retry. */
class DuplicateCandidate extends Refusal {}

/** The booking's Idempotency-Key already made a booking (uq_bookings_idempotency): that one is the answer. */
class KeyAlreadyUsed extends Refusal {}

/** Thrown inside a booking transaction when the ledger finds no seat; answered after the rollback. */
class SeatUnavailable extends Refusal {
  constructor(
    readonly code: 'SLOT_FULL' | 'DAY_FULL',
    readonly context: BookingContext,
    readonly slotStart: string,
    /** The people who needed room together (a group's refusal says nothing about one person's chance). */
    readonly people = 1,
  ) {
    super(code);
  }
}

/**
 * Online booking on top of the scheduling rules. Every change runs in one transaction that takes
 * the office calendar's shared lock (a closure takes it exclusively), reads the calendar inside
 * the transaction, checks the rules for a friendly answer, and then claims the seat through the
 * CapacityLedger, which is what actually guarantees the count under concurrency. What applicants
 * read, and what this instance remembers of full slots, is the BookingReadModel's: this service
 * tells it of every seat taken, refused or freed here.
 */
@Injectable()
export class BookingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: OfficeCalendars,
    private readonly ledger: CapacityLedger,
    private readonly clock: Clock,
    private readonly notifications: NotificationsRepository,
    private readonly channels: MessageChannels,
    private readonly seatHandOff: SeatHandOff,
    private readonly readModel: BookingReadModel,
  ) {}

  /** Availability as applicants see it (JSON text, shared for half a second): the read model's. */
  availabilityJson(serviceId: string, from: string, to: string): Promise<string> {
    return this.readModel.availabilityJson(serviceId, from, to);
  }

  /**
   * Books a seat. With an Idempotency-Key the booking row records the key in book_seat's own
   * statement, so when an earlier attempt with the key left no answer (`claim.resumed`: its
   * instance died, or the answer was lost on the way) the booking it made, if any, is found and
   * answered as the first attempt would have, instead of a refusal (a full slot, DUPLICATE_BOOKING).
   *
   * `signedIn`: the applicant's ClaveÚnica session (identity/verified/), whose document and name
   * the body already carries; the booking is then stored as verified. A procedure that requires
   * it refuses a booking without one (403 VERIFIED_IDENTITY_REQUIRED).
   */
  async create(input: CreateBookingDto, claim?: IdempotencyClaim, signedIn: VerifiedApplicant | null = null): Promise<BookingDto> {
    const document = normalizeDocument(input.applicant.documentType, input.applicant.documentNumber);
    if (!document.ok) throw schedulingException(document.error, 'applicant.documentNumber');

    const place = await this.readModel.place(input.serviceId);
    if (place.service.requiresVerifiedIdentity && !signedIn) throw verifiedIdentityRequired();
    const verified = signedIn !== null;
    // An empty list of companions is a booking of one: the usual path.
    const group = input.companions?.length ? this.groupOf(place.service, input, document.value) : null;
    const applicant = { documentType: input.applicant.documentType, documentNumber: document.value };
    if (!claim?.resumed) return this.book(place, input, document.value, verified, claim, group);
    const made = await this.madeByKey(claim, place, applicant);
    if (made) return made;
    try {
      return await this.book(place, input, document.value, verified, claim, group);
    } catch (error) {
      // The earlier attempt may have committed while this one ran (its statement was still in
      // flight when its instance died): a refusal looks once more.
      const late = await this.madeByKey(claim, place, applicant);
      if (late) return late;
      throw error;
    }
  }

  private async book(
    place: BookingPlace,
    input: CreateBookingDto,
    documentNumber: string,
    verified: boolean,
    claim?: IdempotencyClaim,
    group: GroupMember[] | null = null,
  ): Promise<BookingDto> {
    const people = group?.length ?? 1;
    const checked = await this.checkedSlot(place, input.slotStart, false);
    // Most of a rush asks for a gone slot: refused from memory (BookingReadModel.knownFull), without
    // the database. Not for a resumed key: memory may say "full" because of the very booking an
    // earlier attempt with this key made.
    if (!claim?.resumed) {
      const known = this.readModel.knownFull(place.service.id, checked.slot.start.getTime(), checked.slot.localDate, checked.slot.seats, people);
      const code = known && (await known);
      if (code) throw await this.full(new SeatUnavailable(code, checked.context, input.slotStart, people));
    }
    const began = performance.now();
    const key = claim ? { scope: claim.scope, key: claim.key } : null;
    const attempt = () =>
      this.answeringFullSlots(() =>
        withRetry(() => (group ? this.bookGroupOnce(place, input, group, checked, key, verified) : this.bookOnce(place, input, documentNumber, checked, key, verified))),
      );
    // Every document of the booking: the holder's, or the whole group's.
    const documents = group ?? [{ documentType: input.applicant.documentType, documentNumber }];
    try {
      const booked = await attempt();
      this.readModel.seatTaken(place.service.id, booked.booking.slotStart.getTime(), began, people);
      return this.toDto(booked.booking, booked.context, booked.members, booked.instants);
    } catch (error) {
      if (error instanceof KeyAlreadyUsed) return this.keyAlreadyUsed(claim!, place, input.applicant.documentType, documentNumber);
      if (!(error instanceof DuplicateCandidate)) throw error;
      // The document's booking may be the one this key made (the key's stored answer was lost).
      const made = claim ? await this.madeByKey(claim, place, { documentType: input.applicant.documentType, documentNumber }) : null;
      if (made) return made;
      // An old booking that was never used does not block a new one ("on or after today", API.md):
      // expire it and try once more. Checked only on conflict, to keep the usual path short.
      if (!(await this.expireStale(place, documents))) throw await this.duplicate(place, group);
      try {
        const booked = await attempt();
        this.readModel.seatTaken(place.service.id, booked.booking.slotStart.getTime(), began, people);
        return this.toDto(booked.booking, booked.context, booked.members, booked.instants);
      } catch (retryError) {
        if (retryError instanceof KeyAlreadyUsed) return this.keyAlreadyUsed(claim!, place, input.applicant.documentType, documentNumber);
        if (retryError instanceof DuplicateCandidate) throw await this.duplicate(place, group);
        throw retryError;
      }
    }
  }

  /**
   * The people of a group booking, the holder first, checked against the procedure's group size
   * and each document validated like the holder's; a document given twice is refused naming the
   * repeated one. Everything here is answered before the database is asked.
   */
  private groupOf(service: ServiceEntity, input: CreateBookingDto, holderDocument: string): GroupMember[] {
    const companions = input.companions!;
    if (companions.length > service.maxGroupSize - 1) {
      const allowed = service.maxGroupSize <= 1 ? 'this procedure is booked one person at a time' : `at most ${service.maxGroupSize - 1} companions for this procedure`;
      throw new ApiException(ErrorCode.GROUP_TOO_LARGE, `Too many people for one booking: ${allowed}`, [{ field: 'companions', messages: [allowed] }]);
    }
    const members: GroupMember[] = [
      { documentType: input.applicant.documentType, documentNumber: holderDocument, fullName: input.applicant.fullName, field: 'applicant.documentNumber' },
    ];
    const seen = new Set([`${input.applicant.documentType}|${holderDocument}`]);
    companions.forEach((companion, i) => {
      // class-validator lets an array through where a companion should be (`[[…]]`): refused by name, never a 500.
      if (typeof companion !== 'object' || companion === null || Array.isArray(companion)) {
        throw ApiException.validation([{ field: `companions.${i}`, messages: ['each companion must be an object with documentType, documentNumber and fullName'] }]);
      }
      const field = `companions.${i}.documentNumber`;
      const document = normalizeDocument(companion.documentType, companion.documentNumber);
      if (!document.ok) throw schedulingException(document.error, field);
      const key = `${companion.documentType}|${document.value}`;
      if (seen.has(key)) throw ApiException.validation([{ field, messages: ['this document is already in the booking: each person once'] }]);
      seen.add(key);
      members.push({ documentType: companion.documentType, documentNumber: document.value, fullName: companion.fullName, field });
    });
    return members;
  }

  /** Another attempt with this key booked while this one ran (a claim taken over from a live instance): its booking. */
  private async keyAlreadyUsed(claim: IdempotencyClaim, place: BookingPlace, documentType: DocumentType, documentNumber: string): Promise<BookingDto> {
    const made = await this.madeByKey(claim, place, { documentType, documentNumber });
    if (made) return made;
    throw new ApiException(ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS, 'A request with this Idempotency-Key is still being processed; retry shortly', undefined, { 'Retry-After': '1' });
  }

  /**
   * The booking an earlier request with this Idempotency-Key made, as the answer to this one (the
   * booking as it is now, written as the first answer was); null when the key made none. A key
   * that made a booking for another service or document is a reused key (422), never a way to
   * another applicant's booking.
   */
  private async madeByKey(
    claim: IdempotencyClaim,
    place: BookingPlace,
    applicant: { documentType: string; documentNumber: string },
  ): Promise<BookingDto | null> {
    const booking = await this.db.manager.findOneBy(Booking, { idempotencyScope: claim.scope, idempotencyKey: claim.key });
    if (!booking) return null;
    if (booking.serviceId !== place.service.id || booking.documentType !== applicant.documentType || booking.documentNumber !== applicant.documentNumber) {
      throw new ApiException(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used for a different request; use a new key for a new request',
      );
    }
    return this.toDto(booking, place, await this.membersOf(this.db.manager, booking));
  }

  /**
   * One booking in one statement: the rules are checked here against the office's calendar as of
   * a known version, and `book_seat` claims the seat only if that version is still current (under
   * the calendar's shared lock, so no closure can come in between). The first round books against
   * the check `create` already made; when the calendar changed meanwhile, it is read again and the
   * rules checked again, a bounded number of times.
   */
  private async bookOnce(
    place: BookingPlace,
    input: CreateBookingDto,
    documentNumber: string,
    checked: CheckedSlot,
    idempotency: { scope: string; key: string } | null,
    verified: boolean,
  ): Promise<{ booking: Booking; context: BookingContext; members: BookingMemberDto[]; instants: { slotStart: string; slotEnd: string } }> {
    for (let round = 1; ; round++) {
      const { context, version, slot } = round === 1 ? checked : await this.checkedSlot(place, input.slotStart, true);
      const fields = {
        code: generateBookingCode(),
        documentType: input.applicant.documentType,
        documentNumber,
        fullName: input.applicant.fullName,
        ...holderFields(context, slot, input, idempotency, verified),
      };
      const claim = seatClaim(context, slot);
      const result = await this.inOneStatement(round, (channels) => this.ledger.bookSeat(this.db.manager, { ...claim, calendarVersion: version }, fields, channels));
      if (!result) continue;
      if (result.outcome !== 'taken') throw new SeatUnavailable(result.outcome === 'slot_full' ? 'SLOT_FULL' : 'DAY_FULL', context, input.slotStart);
      const booking = Object.assign(new Booking(), fields, confirmedRow(result.id!, result.createdAt!, context, slot), { groupId: null, groupIndex: null });
      return { booking, context, members: this.membersOfOne(booking), instants: { slotStart: slot.startIso, slotEnd: slot.endIso } };
    }
  }

  /**
   * A group's booking in one statement (`book_group`): as bookOnce, for every member at once, so
   * the slot and the day need room for all of them and either every row is written or none.
   */
  private async bookGroupOnce(
    place: BookingPlace,
    input: CreateBookingDto,
    group: GroupMember[],
    checked: CheckedSlot,
    idempotency: { scope: string; key: string } | null,
    verified: boolean,
  ): Promise<{ booking: Booking; context: BookingContext; members: BookingMemberDto[]; instants: { slotStart: string; slotEnd: string } }> {
    for (let round = 1; ; round++) {
      const { context, version, slot } = round === 1 ? checked : await this.checkedSlot(place, input.slotStart, true);
      const holder = holderFields(context, slot, input, idempotency, verified);
      const rows: GroupMemberRow[] = group.map((member) => ({ code: generateBookingCode(), documentType: member.documentType, documentNumber: member.documentNumber, fullName: member.fullName }));
      const claim = seatClaim(context, slot);
      const result = await this.inOneStatement(round, (channels) => this.ledger.bookGroup(this.db.manager, { ...claim, calendarVersion: version }, holder, rows, channels));
      if (!result) continue;
      if (result.outcome !== 'taken') throw new SeatUnavailable(result.outcome === 'slot_full' ? 'SLOT_FULL' : 'DAY_FULL', context, input.slotStart, group.length);
      const booking = Object.assign(new Booking(), holder, confirmedRow(result.id!, result.createdAt!, context, slot), {
        code: rows[0]!.code,
        documentType: input.applicant.documentType,
        documentNumber: group[0]!.documentNumber,
        fullName: input.applicant.fullName,
        groupId: result.id!,
        groupIndex: 0,
      });
      const members = group.map((member, index) => ({ index, fullName: member.fullName, status: 'confirmed' as const }));
      return { booking, context, members, instants: { slotStart: slot.startIso, slotEnd: slot.endIso } };
    }
  }

  /**
   * One round's `book_seat`/`book_group` statement, on the channels configured now: a second active
   * booking of a document answers 409 DUPLICATE, a reused Idempotency-Key 409 KEY_USED; a calendar
   * changed since the check gives null (check again and retry) until the rounds run out (503).
   */
  private async inOneStatement<T extends { outcome: string }>(round: number, write: (channels: ConfirmationChannels) => Promise<T>): Promise<T | null> {
    let result: T;
    try {
      result = await write({ email: this.channels.email, sms: this.channels.sms, now: new Date(this.clock.nowMs()) });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_bookings_active_document')) throw new DuplicateCandidate('DUPLICATE');
      if (isUniqueViolation(error, 'uq_bookings_idempotency')) throw new KeyAlreadyUsed('KEY_USED');
      throw error;
    }
    if (result.outcome !== 'stale') return result;
    if (round >= STALE_CALENDAR_ROUNDS) throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The office's calendar is being changed; please retry", undefined, { 'Retry-After': '1' });
    return null;
  }

  /**
   * The requested slot checked against the scheduling rules (closed, not a slot, outside the
   * window: refused here), with the calendar around its day and that calendar's version (shared
   * for two seconds unless `fresh`).
   */
  private async checkedSlot({ service, office }: BookingPlace, slotStart: string, fresh: boolean): Promise<CheckedSlot> {
    const days = this.daysAround(office, slotStart);
    if (fresh) this.readModel.calendarOutdated(office.id, days);
    const { calendar, version } = await this.readModel.calendarFor(office.id, days);
    const context = { service, settings: this.readModel.settingsOf(service), office, calendar };
    return { context, version, slot: this.checkRules(context, slotStart) };
  }

  /**
   * The office-local days around a requested slot (the day before to the day after, so a zone
   * change cannot leave the slot's day out); today's when the slot is not an instant (the rules
   * then refuse it).
   */
  private daysAround(office: Office, slotStart: string): { from: string; to: string } {
    const start = Date.parse(slotStart);
    const date = localDateIn(Number.isNaN(start) ? this.clock.nowMs() : start, office.timeZone);
    return { from: addDays(date, -1), to: addDays(date, 1) };
  }

  /** Marks the documents' confirmed bookings of past days as expired (a group's: every member's); true when there were any. */
  private async expireStale(place: BookingPlace, documents: { documentType: string; documentNumber: string }[]): Promise<boolean> {
    const today = this.clock.now().setZone(place.office.timeZone).toISODate()!;
    const rows: { n: number }[] = await this.db.query(
      `WITH expired AS (
         UPDATE bookings SET status = 'expired' WHERE service_id = $1
            AND (document_type::text, document_number) IN (SELECT * FROM unnest($2::text[], $3::text[]))
            AND status = 'confirmed' AND local_date < $4 RETURNING 1)
       SELECT count(*)::int AS n FROM expired`,
      [place.service.id, documents.map((d) => d.documentType), documents.map((d) => d.documentNumber), today],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async lookup(code: string, documentNumber: string): Promise<BookingDto> {
    const booking = await this.findOwned(this.db.manager, code, documentNumber);
    const context = await this.contextOf(this.db.manager, booking);
    return this.toDto(booking, context, await this.membersOf(this.db.manager, booking));
  }

  /**
   * Cancels the booking, everyone in it; with `members` (a group's companion indexes) only those
   * companions, the rest of the group keeping their seats. Each cancelled person gives one seat up
   * (to the waitlist or back to everyone) in the same transaction.
   */
  async cancel(code: string, documentNumber: string, members?: number[]): Promise<{ status: 'cancelled' }> {
    await withRetry(() =>
      this.db.transaction(async (manager) => {
        const booking = await this.findOwned(manager, code, documentNumber, true);
        this.assertChangeable(booking);
        const group = booking.groupId ? await this.lockedGroup(manager, booking) : [booking];
        const leaving = members ? this.companionsToCancel(group, members) : group.filter((member) => member.status === 'confirmed');
        const reason = members ? 'Companion cancelled by the applicant' : 'Cancelled by the applicant';
        await manager.update(Booking, { id: In(leaving.map((member) => member.id)) }, { status: 'cancelled', cancelledAt: this.clock.now().toJSDate(), cancelReason: reason });
        for (const member of leaving) await this.seatHandOff.giveUp(manager, member, 'cancellation');
        // The holder is told when the booking is cancelled; a companion staying home is their own doing.
        if (!members) await this.queueMessages(manager, 'booking_cancelled', booking);
        return booking.serviceId;
      }),
    ).then((serviceId) => this.readModel.seatsFreed(serviceId));
    return { status: 'cancelled' };
  }

  /** The group's rows named by `indexes` (companions only), each still confirmed; anything else is refused naming `members`. */
  private companionsToCancel(group: Booking[], indexes: number[]): Booking[] {
    if (group.length === 1) throw ApiException.validation([{ field: 'members', messages: ['this booking has no companions: cancel the whole booking instead'] }]);
    return indexes.map((index) => {
      const member = group.find((row) => row.groupIndex === index);
      if (!member || index === 0) throw ApiException.validation([{ field: 'members', messages: [`no companion ${index} in this booking`] }]);
      if (member.status !== 'confirmed') throw new ApiException(ErrorCode.BOOKING_NOT_ACTIVE, `Companion ${index} is ${member.status.replace('_', ' ')} and can no longer be changed`);
      return member;
    });
  }

  /** Every row of the holder's group, locked for the change, in their order (the holder's row is already locked: one lock order). */
  private lockedGroup(manager: EntityManager, holder: Booking): Promise<Booking[]> {
    return manager
      .createQueryBuilder(Booking, 'b')
      .where('b.groupId = :group', { group: holder.groupId })
      .orderBy('b.groupIndex')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** The people of a booking as answers show them: the holder alone, or the group's rows in their order. */
  private async membersOf(manager: EntityManager, booking: Booking): Promise<BookingMemberDto[]> {
    if (!booking.groupId) return this.membersOfOne(booking);
    const rows: { group_index: number; full_name: string; status: Booking['status'] }[] = await manager.query(
      `SELECT group_index, full_name, status::text AS status FROM bookings WHERE group_id = $1 ORDER BY group_index`,
      [booking.groupId],
    );
    return rows.map((row) => ({ index: row.group_index, fullName: row.full_name, status: row.status }));
  }

  private membersOfOne(booking: Booking): BookingMemberDto[] {
    return [{ index: 0, fullName: booking.fullName, status: booking.status }];
  }

  /**
   * Moves a booking to another slot of the same service, atomically: on any refusal the old booking
   * stays. The booking keeps its own verified state: one made without ClaveÚnica cannot move within
   * a procedure that requires it now (403 VERIFIED_IDENTITY_REQUIRED; cancelling stays possible).
   */
  async reschedule(code: string, documentNumber: string, slotStart: string): Promise<BookingDto> {
    const owned = await this.findOwned(this.db.manager, code, documentNumber);
    const place = await this.readModel.place(owned.serviceId);
    if (place.service.requiresVerifiedIdentity && !owned.identityVerified) throw verifiedIdentityRequired();
    const result = await this.answeringFullSlots(() => withRetry(() =>
      this.db.transaction(async (manager) => {
        const booking = await this.findOwned(manager, code, documentNumber, true);
        this.assertChangeable(booking);
        const context = await this.context(manager, place, slotStart);
        const requested = DateTime.fromISO(slotStart, { setZone: true });
        if (requested.isValid && requested.toMillis() === booking.slotStart.getTime()) return { booking, context, members: await this.membersOf(manager, booking) };
        // A group moves together: every member still coming, in one claim of as many seats.
        const moving = booking.groupId ? (await this.lockedGroup(manager, booking)).filter((member) => member.status === 'confirmed') : [booking];
        const slot = await this.claimSeat(manager, context, slotStart, moving.length);
        for (const member of moving) await this.seatHandOff.giveUp(manager, member, 'reschedule');
        const moved = {
          slotStart: slot.start,
          slotEnd: slot.end,
          localDate: slot.localDate,
        };
        await manager.update(Booking, { id: In(moving.map((member) => member.id)) }, moved);
        await this.queueMessages(manager, 'booking_rescheduled', booking);
        return { booking: { ...booking, ...moved }, context, members: await this.membersOf(manager, booking) };
      }),
    ));
    this.readModel.seatsFreed(result.booking.serviceId);
    return this.toDto(result.booking, result.context, result.members);
  }

  /**
   * Tells the applicant of a change, in the change's transaction: by email when they gave an
   * address (and a mail server is configured), by SMS when they consented with a phone (and a
   * provider is configured). `booking` is the row before the change: a reschedule's message keeps
   * the slot it moved from.
   */
  private async queueMessages(manager: EntityManager, kind: 'booking_rescheduled' | 'booking_cancelled', booking: Booking): Promise<void> {
    const now = this.clock.now().toJSDate();
    const channels: ('email' | 'sms')[] = [];
    if (this.channels.email && booking.email) channels.push('email');
    if (this.channels.sms && booking.smsConsent && booking.phone) channels.push('sms');
    for (const channel of channels) {
      const id = await this.notifications.queue(manager, { kind, channel, bookingId: booking.id, officeId: booking.officeId, dueAt: now, now });
      if (id && kind === 'booking_rescheduled') await manager.query(`UPDATE notifications SET previous_slot_start = $2 WHERE id = $1`, [id, booking.slotStart]);
    }
  }

  /** The booking behind a code, for the QR and calendar endpoints (no document: they carry no personal data). */
  async byCode(code: string): Promise<{ booking: Booking; context: BookingContext }> {
    const canonical = normalizeBookingCode(code);
    const booking = canonical ? await this.db.manager.findOneBy(Booking, { code: canonical }) : null;
    if (!booking || booking.status === 'cancelled' || booking.status === 'expired') throw this.notFound();
    return { booking, context: await this.contextOf(this.db.manager, booking) };
  }

  /**
   * Checks the rules for `slotStart` (closed, not a slot, outside the window: plain-words answers)
   * and claims its seat. Counting is left to the ledger's conditional update, the guarantee when
   * requests race for the last seat; a full slot or day surfaces as SeatUnavailable.
   */
  private async claimSeat(manager: EntityManager, context: BookingContext, slotStart: string, people = 1) {
    const { service, settings } = context;
    const slot = this.checkRules(context, slotStart);
    const claim = { serviceId: service.id, slotStart: slot.start, localDate: slot.localDate, seats: slot.seats, dayCap: settings.dailyAppointmentCap };
    const outcome = await this.ledger.claim(manager, claim, people);
    if (outcome !== 'taken') throw new SeatUnavailable(outcome === 'slot_full' ? 'SLOT_FULL' : 'DAY_FULL', context, slotStart, people);
    return slot;
  }

  /** The scheduling rules for a requested slot (closed, not a slot, outside the window), counts aside. */
  private checkRules({ calendar, settings }: BookingContext, slotStart: string): RuledSlot {
    const check = checkBooking({ calendar, settings, slotStart, now: this.clock.nowMs(), bookedInSlot: 0, bookedInDay: 0, hasActiveBookingForService: false });
    if (!check.ok) throw schedulingException(check.error, 'slotStart');
    const { start, end, localDate, seats } = check.value;
    // The library's instants carry the office's offset, as API.md writes them.
    return { start: new Date(Date.parse(start)), end: new Date(Date.parse(end)), startIso: start, endIso: end, localDate, seats };
  }

  /** Runs a booking change; a full slot or day is answered after the rollback, with alternatives. */
  private async answeringFullSlots<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SeatUnavailable) {
        this.readModel.refused(error.code, error.context.service.id, Date.parse(error.slotStart), error.context.calendar.timeZone, error.people);
        throw await this.full(error);
      }
      throw error;
    }
  }

  /** SLOT_FULL / DAY_FULL with the next slots that still have room (API.md), read outside any transaction. */
  private async full({ code, context, slotStart, people }: SeatUnavailable): Promise<ApiException> {
    const suggestions = await this.readModel.suggestions(context, slotStart, people);
    const base =
      people > 1 ? `${code === 'SLOT_FULL' ? 'This time' : 'This day'} has no room for ${people} people` : code === 'SLOT_FULL' ? 'This time is fully booked' : 'This day is fully booked';
    const message = suggestions.length > 0 ? `${base}; the next times with room are listed` : `${base}; there is no time with room in the next two weeks`;
    return new ApiException(ErrorCode[code], message, { nextSlots: suggestions });
  }

  /** The calendar, read under its shared lock inside the booking's transaction, with the service and office. */
  private async context(manager: EntityManager, { service, office }: BookingPlace, slotStart: string): Promise<BookingContext> {
    const start = DateTime.fromISO(slotStart, { setZone: true });
    const date = start.isValid ? start.setZone(office.timeZone) : this.clock.now().setZone(office.timeZone);
    const calendar = await this.calendars.lockedCalendarOf(office, { from: date.minus({ days: 1 }).toISODate()!, to: date.plus({ days: 1 }).toISODate()! }, manager);
    return { service, settings: this.readModel.settingsOf(service), office, calendar };
  }

  private async contextOf(manager: EntityManager, booking: Booking): Promise<BookingContext> {
    const service = await manager.findOneByOrFail(ServiceEntity, { id: booking.serviceId });
    const { office, calendar } = await this.calendars.forOffice(service.officeId, { from: booking.localDate, to: booking.localDate }, manager);
    return { service, settings: this.readModel.settingsOf(service), office, calendar };
  }

  /** The booking for a code and its document; a wrong document is the same 404 as a wrong code. */
  private async findOwned(manager: EntityManager, code: string, documentNumber: string, lock = false): Promise<Booking> {
    const canonical = normalizeBookingCode(code);
    if (!canonical) throw this.notFound();
    const query = manager.createQueryBuilder(Booking, 'b').where('b.code = :code', { code: canonical });
    if (lock) query.setLock('pessimistic_write');
    const booking = await query.getOne();
    if (!booking) throw this.notFound();
    const document = normalizeDocument(booking.documentType, documentNumber);
    if (!document.ok || document.value !== booking.documentNumber) throw this.notFound();
    // A companion's row has a code of its own that is never given out: the group is reached by the holder's.
    if ((booking.groupIndex ?? 0) > 0) throw this.notFound();
    return booking;
  }

  private assertChangeable(booking: Booking): void {
    if (booking.status !== 'confirmed') {
      throw new ApiException(ErrorCode.BOOKING_NOT_ACTIVE, `This booking is ${booking.status.replace('_', ' ')} and can no longer be changed`);
    }
    if (booking.slotStart.getTime() <= this.clock.now().toMillis()) {
      throw new ApiException(ErrorCode.BOOKING_NOT_ACTIVE, 'This appointment has already begun and can no longer be changed');
    }
  }

  private notFound(): ApiException {
    return new ApiException(ErrorCode.BOOKING_NOT_FOUND, 'No booking matches this code and document');
  }

  /** DUPLICATE_BOOKING; for a group, naming the first member whose document holds an active booking of the procedure. */
  private async duplicate(place?: { service: ServiceEntity }, group?: GroupMember[] | null): Promise<ApiException> {
    const message = 'This document already has an appointment for this procedure; reschedule or cancel it instead of booking again';
    if (!group || !place) return new ApiException(ErrorCode.DUPLICATE_BOOKING, message);
    const held: { document_type: string; document_number: string }[] = await this.db.query(
      `SELECT document_type::text AS document_type, document_number FROM bookings
        WHERE service_id = $1 AND status = 'confirmed' AND (document_type::text, document_number) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [place.service.id, group.map((m) => m.documentType), group.map((m) => m.documentNumber)],
    );
    const member = group.find((m) => held.some((row) => row.document_type === m.documentType && row.document_number === m.documentNumber));
    const whose = member && member.field !== 'applicant.documentNumber' ? 'A companion' : 'This document';
    return new ApiException(
      ErrorCode.DUPLICATE_BOOKING,
      `${whose} already has an appointment for this procedure; reschedule or cancel it instead of booking again`,
      member ? [{ field: member.field, messages: ['already has an appointment for this procedure'] }] : undefined,
    );
  }

  /** The booking as API.md shows it (toBookingDto). */
  private toDto(
    booking: Booking,
    context: Pick<BookingContext, 'service' | 'office'>,
    members: BookingMemberDto[],
    instants?: { slotStart: string; slotEnd: string },
  ): BookingDto {
    return toBookingDto(booking, context, members, instants);
  }
}

/** A new booking's office, slot end, contact, Idempotency-Key and verified identity (a group's go on its holder's row only). */
function holderFields(context: BookingContext, slot: RuledSlot, input: CreateBookingDto, idempotency: { scope: string; key: string } | null, identityVerified: boolean) {
  return {
    officeId: context.office.id,
    slotEnd: slot.end,
    email: input.applicant.email ?? null,
    phone: input.applicant.phone ?? null,
    smsConsent: input.applicant.phone !== undefined && input.applicant.smsConsent === true,
    preferential: input.preferential ?? false,
    idempotencyScope: idempotency?.scope ?? null,
    idempotencyKey: idempotency?.key ?? null,
    identityVerified,
  };
}

function verifiedIdentityRequired(): ApiException {
  return new ApiException(ErrorCode.VERIFIED_IDENTITY_REQUIRED, 'This procedure can only be booked with a verified identity: sign in with ClaveÚnica and book again');
}

/** The seat a new booking claims: the checked slot's, under the service's daily cap. */
function seatClaim(context: BookingContext, slot: RuledSlot) {
  return { serviceId: context.service.id, slotStart: slot.start, localDate: slot.localDate, seats: slot.seats, dayCap: context.settings.dailyAppointmentCap };
}

/** The columns `book_seat`/`book_group` set on a booking row they just inserted, for the entity answered without reading it back. */
function confirmedRow(id: string, createdAt: Date, context: BookingContext, slot: RuledSlot) {
  return {
    id,
    serviceId: context.service.id,
    slotStart: slot.start,
    localDate: slot.localDate,
    status: 'confirmed' as const,
    cancelledAt: null,
    cancelReason: null,
    closureId: null,
    createdAt,
    updatedAt: createdAt,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string; constraint?: string }).code === '23505' && (error.driverError as { constraint?: string }).constraint === constraint;
}
