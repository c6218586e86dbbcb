import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDays,
  availability,
  checkBooking,
  generateBookingCode,
  holdUntil,
  normalizeBookingCode,
  normalizeDocument,
  slotMatchesWishes,
  takesAppointments,
  waitlistSlotFacts,
  type WaitlistWishes,
} from '@turnero/scheduling';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { CapacityLedger } from '../bookings/capacity-ledger.js';
import { BookingReadModel } from '../bookings/read-model/booking-read-model.js';
import type { BookingDto } from '../bookings/dto/booking.dto.js';
import { OfficeCalendars } from '../closures/office-calendars.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { schedulingException } from '../common/errors/scheduling-error.js';
import { officeInstant } from '../common/time/office-instant.js';
import { withRetry } from '../database/transaction-retry.js';
import { logJobFailure } from '../database/database-errors.js';
import type { IdempotencyClaim } from '../idempotency/idempotency-claim.js';
import type { VerifiedApplicant } from '../identity/applicant-sessions.js';
import { MessageChannels } from '../notifications/channels/message-channels.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { toServiceSettings } from '../services/service-settings.mapper.js';
import type { JoinWaitlistDto, WaitlistEntryDto, WaitlistJoinedDto } from './dto/waitlist.dto.js';
import { WaitlistEntry } from './waitlist-entry.entity.js';
import { offerSeat } from './waitlist-hand-off.js';
import type { WaitlistOfferCause } from './waitlist-offer.entity.js';

/** Offers declined or let expire before an entry is removed. */
export const MAX_MISSES = 2;
/** Held offers expired per transaction by the periodic task. */
const EXPIRY_BATCH = 50;
/** Waiting entries of a procedure whose wishes the sweep reads (the first in line: they get the seats). */
const SWEEP_ENTRIES = 500;
/** The sweep looks at most this many days ahead (availability's own limit). */
const SWEEP_DAYS = 62;
const DAY_MS = 86_400_000;

interface OfferRow {
  id: string;
  entry_id: string;
  service_id: string;
  office_id: string;
  slot_start: Date;
  slot_end: Date;
  local_date: string;
  cause: WaitlistOfferCause;
  expires_at: Date;
}

/** An OfferRow's columns, from `waitlist_offers o`. */
const OFFER_COLUMNS = `o.id, o.entry_id, o.service_id, o.office_id, o.slot_start, o.slot_end, to_char(o.local_date, 'YYYY-MM-DD') AS local_date, o.cause, o.expires_at`;

/** How an offer ends: the person declined it, let it expire, or left the list while it was held. */
type OfferEnd = 'declined' | 'expired' | 'released';

/** The day's cap was reached after the sweep claimed a slot's seat: thrown to roll the claim back. */
class DayFull extends Error {}

/**
 * A refusal answered after the transaction that recorded its cause commits (a hold found expired on
 * accept, a booking made elsewhere, a slot closed since): returned from the transaction, not thrown,
 * since a throw would roll back what it recorded.
 */
class AfterCommit {
  constructor(
    readonly exception: ApiException,
    /** The service whose held seat the transaction gave up (endOffer), for the read model once it committed. */
    readonly freedOf: string,
  ) {}
}

/**
 * The waitlist (issue #18): people join with their wishes; a seat freed by a cancellation or a
 * reschedule (SeatHandOff), by an expired or declined offer, or found free by the sweep is held for
 * the first matching person in order of joining, who confirms it (a booking) or lets it go to the
 * next. PostgreSQL is the truth: held seats are counted in the same ledger as bookings, entries are
 * taken with `FOR UPDATE SKIP LOCKED`, and every step runs in one transaction, so any number of
 * API instances can run it at once.
 */
@Injectable()
export class WaitlistService {
  private readonly logger = new Logger('Waitlist');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
    private readonly calendars: OfficeCalendars,
    private readonly ledger: CapacityLedger,
    private readonly readModel: BookingReadModel,
  ) {}

  /**
   * `signedIn`: the ClaveÚnica session, whose document and name the route already wrote into
   * `input.applicant` (IdentityFromSession); the entry is then stored as verified, and a procedure
   * that requires a verified identity takes only such entries.
   */
  async join(input: JoinWaitlistDto, claim?: IdempotencyClaim, signedIn: VerifiedApplicant | null = null): Promise<WaitlistJoinedDto> {
    const service = await this.db.manager.findOneBy(ServiceEntity, { id: input.serviceId });
    if (!service || !service.active) throw new ApiException(ErrorCode.SERVICE_NOT_FOUND, 'Service not found', [{ field: 'serviceId', messages: ['no such service'] }]);
    if (!takesAppointments(service.mode)) throw new ApiException(ErrorCode.SERVICE_NOT_BOOKABLE, 'This service takes walk-ins only; it has no appointments to wait for');
    // The accepted offer's booking carries the entry's verified identity (issue #20): a requiring procedure takes only signed-in joins.
    if (service.requiresVerifiedIdentity && !signedIn) {
      throw new ApiException(ErrorCode.VERIFIED_IDENTITY_REQUIRED, 'This procedure requires a verified identity: sign in with ClaveÚnica to join its waitlist');
    }
    const office = await this.db.manager.findOneByOrFail(Office, { id: service.officeId });
    const { applicant } = input;
    const document = normalizeDocument(applicant.documentType, applicant.documentNumber);
    if (!document.ok) throw schedulingException(document.error, 'applicant.documentNumber');
    if (!applicant.email && !applicant.phone) {
      throw new ApiException(ErrorCode.CONTACT_REQUIRED, 'An email or a phone is needed to tell you when a time is freed', [
        { field: 'applicant.email', messages: ['give an email or a phone'] },
      ]);
    }
    const today = this.clock.now().setZone(office.timeZone).toISODate()!;
    const horizon = addDays(today, service.bookingHorizonDays);
    if (input.from > input.to) throw this.range('from', 'from must not be after to');
    if (input.from < today) throw this.range('from', `from must be today (${today}) or later`);
    if (input.to > horizon) throw this.range('to', `to must be within the booking horizon, ${horizon} at the latest`);

    if (claim?.resumed) {
      const made = await this.madeByKey(claim, service.id, applicant.documentType, document.value);
      if (made) return made;
    }
    const now = this.clock.now().toJSDate();
    try {
      return await this.db.transaction(async (manager) => {
        const booked = (await manager.query(
          `SELECT 1 FROM bookings WHERE service_id = $1 AND document_type = $2 AND document_number = $3 AND status = 'confirmed' LIMIT 1`,
          [service.id, applicant.documentType, document.value],
        )) as unknown[];
        if (booked.length > 0) throw this.alreadyBooked();
        const [row] = (await manager.query(
          `INSERT INTO waitlist_entries (code, office_id, service_id, from_date, to_date, weekdays, morning_only, document_type, document_number, full_name, email, phone,
                                         sms_consent, status, joined_at, idempotency_scope, idempotency_key, created_at, updated_at, identity_verified)
           VALUES ($1, $2, $3, $4, $5, $6::smallint[], $7, $8, $9, $10, $11, $12, $13, 'waiting', $14, $15, $16, $14, $14, $17)
           RETURNING id, seq`,
          [
            generateBookingCode(),
            office.id,
            service.id,
            input.from,
            input.to,
            input.weekdays ? [...input.weekdays].sort((a, b) => a - b) : null,
            input.morningOnly ?? false,
            applicant.documentType,
            document.value,
            applicant.fullName,
            applicant.email ?? null,
            applicant.phone ?? null,
            applicant.phone !== undefined && applicant.smsConsent === true,
            now,
            claim?.scope ?? null,
            claim?.key ?? null,
            signedIn !== null,
          ],
        )) as { id: string; seq: string }[];
        await this.queueMessages(manager, 'waitlist_joined', row!.id, now);
        const entry = await manager.findOneByOrFail(WaitlistEntry, { id: row!.id });
        return this.joined(entry, await this.position(manager, entry));
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_waitlist_entries_active_document')) {
        throw new ApiException(ErrorCode.ALREADY_WAITING, 'This document is already on the waitlist for this procedure; look it up with its code');
      }
      if (isUniqueViolation(error, 'uq_waitlist_entries_idempotency') && claim) {
        const made = await this.madeByKey(claim, service.id, applicant.documentType, document.value);
        if (made) return made;
      }
      throw error;
    }
  }

  async lookup(code: string, documentNumber: string): Promise<WaitlistEntryDto> {
    let entry = await this.findOwned(this.db.manager, code, documentNumber);
    // A hold past its time that the periodic task has not reached yet is expired now, so the page never shows it.
    if (entry.status === 'offered') {
      const due = (await this.db.query(`SELECT 1 FROM waitlist_offers WHERE entry_id = $1 AND status = 'held' AND expires_at <= $2`, [entry.id, this.clock.now().toJSDate()])) as unknown[];
      if (due.length > 0 && (await this.expireIfDue(entry.id))) entry = await this.findOwned(this.db.manager, code, documentNumber);
    }
    return this.entryDto(this.db.manager, entry);
  }

  /** The held seat becomes a confirmed booking, in one transaction, without touching the ledger (the hold already counts). */
  async accept(code: string, documentNumber: string): Promise<BookingDto> {
    const result = await withRetry(() =>
      this.db.transaction(async (manager) => {
        const entry = await this.findOwned(manager, code, documentNumber, true);
        const offer = await this.heldOffer(manager, entry.id);
        if (!offer) {
          // A retry of an accept that went through answers with the booking it made.
          const booking = entry.status === 'booked' ? await this.acceptedBooking(manager, entry.id) : null;
          if (booking) return booking;
          throw this.offerExpired();
        }
        const now = this.clock.now().toJSDate();
        const office = await this.officeOf(manager, offer.office_id);
        if (offer.expires_at.getTime() <= now.getTime()) {
          await this.endOffer(manager, entry, offer, 'expired', now, office);
          return new AfterCommit(this.offerExpired(), offer.service_id);
        }
        const booked = (await manager.query(
          `SELECT 1 FROM bookings WHERE service_id = $1 AND document_type = $2 AND document_number = $3 AND status = 'confirmed' LIMIT 1`,
          [entry.serviceId, entry.documentType, entry.documentNumber],
        )) as unknown[];
        if (booked.length > 0) {
          // Booked elsewhere since joining: the line is no longer needed, and the seat goes to the next person.
          await this.endOffer(manager, entry, offer, 'released', now, office, 'left');
          return new AfterCommit(this.alreadyBooked(), offer.service_id);
        }
        // A closure since the offer: the seat is no longer a slot; it is given up, the entry keeps its place.
        // Under the calendar's shared lock, as a booking: a closure commits before this or waits for it.
        await this.calendars.lockedCalendarOf(office, { from: offer.local_date, to: offer.local_date }, manager);
        if (!(await this.stillASlot(manager, office, entry.serviceId, offer))) {
          await this.endOffer(manager, entry, offer, 'released', now, office, 'waiting');
          return new AfterCommit(this.offerExpired('The office closed at the time held for you; you keep your place in line'), offer.service_id);
        }
        const bookingCode = generateBookingCode();
        const [booking] = (await manager.query(
          `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone,
                                 preferential, sms_consent, created_at, updated_at, identity_verified)
           VALUES ($1, $2, $3, $4, $5, $6, 'confirmed', $7, $8, $9, $10, $11, false, $12, $13, $13, $14)
           RETURNING id, code, created_at`,
          [
            bookingCode,
            offer.office_id,
            offer.service_id,
            offer.slot_start,
            offer.slot_end,
            offer.local_date,
            entry.documentType,
            entry.documentNumber,
            entry.fullName,
            entry.email,
            entry.phone,
            entry.smsConsent,
            now,
            // Verified at joining; the offer is reached with the entry's own code and document.
            entry.identityVerified,
          ],
        )) as { id: string; code: string }[];
        await manager.query(`UPDATE waitlist_offers SET status = 'accepted', ended_at = $2, booking_id = $3 WHERE id = $1`, [offer.id, now, booking!.id]);
        await manager.query(`UPDATE waitlist_entries SET status = 'booked', ended_at = $2, updated_at = $2 WHERE id = $1`, [entry.id, now]);
        // The confirmation, as book_seat queues it: in the booking's own transaction.
        await manager.query(
          `SELECT queue_notification('booking_confirmed', c.channel, $1, NULL, $2, $3, $3)
             FROM (VALUES ('email'), ('sms')) AS c(channel)
            WHERE CASE c.channel WHEN 'email' THEN $4::boolean AND $6::text IS NOT NULL ELSE $5::boolean AND $7::boolean AND $8::text IS NOT NULL END`,
          [booking!.id, offer.office_id, now, this.channels.email, this.channels.sms, entry.email, entry.smsConsent, entry.phone],
        );
        return this.bookingDto(manager, booking!.id);
      }),
    );
    if (result instanceof AfterCommit) throw this.gaveUp(result);
    return result;
  }

  /** The person does not want the seat held for them: it goes to the next person; a second miss removes them. */
  async decline(code: string, documentNumber: string): Promise<WaitlistEntryDto> {
    await this.withEntryOffer(code, documentNumber, 'declined');
    const entry = await this.findOwned(this.db.manager, code, documentNumber);
    return this.entryDto(this.db.manager, entry);
  }

  /** Leaves the list; a seat held for the person goes to the next one. */
  async leave(code: string, documentNumber: string): Promise<{ status: 'left' }> {
    await withRetry(() =>
      this.db.transaction(async (manager) => {
        const entry = await this.findOwned(manager, code, documentNumber, true);
        if (entry.status === 'left') return undefined;
        if (entry.status !== 'waiting' && entry.status !== 'offered') {
          throw new ApiException(ErrorCode.CONFLICT, `This entry is ${entry.status} and no longer on the waitlist`);
        }
        const now = this.clock.now().toJSDate();
        const offer = await this.heldOffer(manager, entry.id);
        if (offer) await this.endOffer(manager, entry, offer, 'released', now, await this.officeOf(manager, offer.office_id), 'left');
        else await manager.query(`UPDATE waitlist_entries SET status = 'left', ended_at = $2, updated_at = $2 WHERE id = $1`, [entry.id, now]);
        return offer?.service_id;
      }),
    ).then((freedOf) => freedOf && this.readModel.seatsFreed(freedOf));
    return { status: 'left' };
  }

  /**
   * The periodic task's first half: every held offer past its time (app clock) is expired — the
   * entry's miss counted, the seat handed to the next matching person or released. Offers and
   * their entries are taken with SKIP LOCKED, so instances running this at once share the work
   * and never wait on an accept in progress. Returns how many expired.
   */
  async expireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.clock.now().toJSDate();
      const due = (await this.db.query(`SELECT entry_id FROM waitlist_offers WHERE status = 'held' AND expires_at <= $1 ORDER BY expires_at LIMIT ${EXPIRY_BATCH}`, [now])) as {
        entry_id: string;
      }[];
      // One transaction per offer: its seat's counter rows are locked only for that hand-off, in
      // the bookings' order (slot, then day), never several at once.
      let expired = 0;
      for (const { entry_id: entryId } of due) if (await this.expireIfDue(entryId)) expired++;
      total += expired;
      // A short batch was the last; a full one that others expired first (SKIP LOCKED) is theirs to finish.
      if (due.length < EXPIRY_BATCH || expired === 0) return total;
    }
  }

  /**
   * Holds on a slot the office has closed since it was offered (a closure of the day or of those
   * hours): the offer ends as 'released' (no miss), the person is back in line at their place and
   * the seat is released (endOffer never offers a closed slot again), within a tick of the closure
   * instead of when the hold would have run out; meanwhile the person could be offered an open
   * slot. Only holds on a day with an exception are looked at: closures are what take slots away
   * (a change of the weekly hours is left to the hold's own end, or to the accept that refuses it).
   */
  async releaseClosedHolds(): Promise<number> {
    const now = this.clock.now().toJSDate();
    const candidates = (await this.db.query(
      `SELECT o.entry_id, o.office_id, o.service_id, o.slot_start, o.slot_end, to_char(o.local_date, 'YYYY-MM-DD') AS local_date
         FROM waitlist_offers o
        WHERE o.status = 'held' AND o.expires_at > $1
          AND EXISTS (SELECT 1 FROM office_closures c WHERE c.office_id = o.office_id AND c.date = o.local_date)
        ORDER BY o.expires_at LIMIT ${EXPIRY_BATCH}`,
      [now],
    )) as Pick<OfferRow, 'entry_id' | 'office_id' | 'service_id' | 'slot_start' | 'slot_end' | 'local_date'>[];
    let released = 0;
    for (const candidate of candidates) {
      const office = await this.officeOf(this.db.manager, candidate.office_id);
      if (await this.stillASlot(this.db.manager, office, candidate.service_id, candidate)) continue;
      if (await this.releaseIfClosed(candidate.entry_id)) released++;
    }
    return released;
  }

  /** Ends the entry's held offer when its slot is closed, under the calendar's shared lock (a closure in progress commits first). */
  private async releaseIfClosed(entryId: string): Promise<boolean> {
    return withRetry(() =>
      this.db.transaction(async (manager) => {
        const now = this.clock.now().toJSDate();
        const offer = await this.heldOfferIfFree(manager, entryId, null);
        if (!offer) return false;
        const office = await this.officeOf(manager, offer.office_id);
        await this.calendars.lockedCalendarOf(office, { from: offer.local_date, to: offer.local_date }, manager);
        if (await this.stillASlot(manager, office, offer.service_id, offer)) return false;
        const entry = await manager.findOneByOrFail(WaitlistEntry, { id: entryId });
        await this.endOffer(manager, entry, offer, 'released', now, office, 'waiting');
        return offer.service_id;
      }),
    ).then((freedOf) => this.freed(freedOf));
  }

  /**
   * The periodic task's second half: for each procedure with people waiting, the free seats of
   * its bookable slots (the scheduling rules: open, inside the booking window) that match a
   * waiting entry and leave a hold window are claimed through the ledger's conditional upsert
   * and offered (cause 'sweep'): a closure lifted, a capacity raised, a released hold. A claim
   * can never overbook, and a seat claimed here is nobody else's, so instances sweeping at once
   * never offer one seat twice. Returns how many offers were made.
   */
  async sweep(): Promise<number> {
    const services = (await this.db.query(`SELECT DISTINCT service_id FROM waitlist_entries WHERE status = 'waiting'`)) as { service_id: string }[];
    let offered = 0;
    for (const { service_id: serviceId } of services) {
      try {
        offered += await this.sweepService(serviceId);
      } catch (error) {
        logJobFailure(this.logger, 'Offering free seats to the waitlist', error);
      }
    }
    return offered;
  }

  private async sweepService(serviceId: string): Promise<number> {
    const service = await this.db.manager.findOneBy(ServiceEntity, { id: serviceId });
    if (!service || !service.active || !takesAppointments(service.mode)) return 0;
    const office = await this.db.manager.findOneByOrFail(Office, { id: service.officeId });
    // The people the hand-off would pick, in its order (it also skips documents with a confirmed
    // booking): each offer made takes the first of them the slot matches off this list, so the
    // sweep claims a seat only when someone is left to take it.
    const wishes = ((await this.db.query(
      `SELECT to_char(e.from_date, 'YYYY-MM-DD') AS "from", to_char(e.to_date, 'YYYY-MM-DD') AS "to", e.weekdays, e.morning_only AS "morningOnly"
         FROM waitlist_entries e
        WHERE e.service_id = $1 AND e.status = 'waiting'
          AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.service_id = e.service_id AND b.document_type = e.document_type
                             AND b.document_number = e.document_number AND b.status = 'confirmed')
        ORDER BY e.seq LIMIT ${SWEEP_ENTRIES}`,
      [serviceId],
    )) as WaitlistWishes[]).map((w) => ({ ...w, weekdays: w.weekdays?.map(Number) ?? null }));
    if (wishes.length === 0) return 0;
    const now = this.clock.now();
    const today = now.setZone(office.timeZone).toISODate()!;
    const earliest = wishes.map((w) => w.from).reduce((a, b) => (a < b ? a : b));
    const start = earliest > today ? earliest : today;
    const latest = wishes.map((w) => w.to).reduce((a, b) => (a > b ? a : b));
    const horizon = addDays(today, Math.min(service.bookingHorizonDays, SWEEP_DAYS - 1));
    const end = [latest, horizon, addDays(start, SWEEP_DAYS - 1)].reduce((a, b) => (a < b ? a : b));
    if (start > end) return 0;
    const settings = toServiceSettings(service);
    // The candidates, read without locks: free seats of bookable slots some waiting entry matches.
    const { calendar } = await this.calendars.forOffice(office.id, { from: addDays(start, -1), to: addDays(end, 1) });
    const span = { from: new Date(Date.parse(`${start}T00:00:00Z`) - DAY_MS), to: new Date(Date.parse(`${end}T00:00:00Z`) + 2 * DAY_MS) };
    const booked = await this.ledger.bookedBySlot(this.db.manager, serviceId, span.from, span.to);
    const result = availability({ calendar, settings, from: start, to: end, booked: (slot) => booked.get(Date.parse(slot)) ?? 0, now });
    if (!result.ok) return 0;
    let made = 0;
    for (const day of result.value.days) {
      for (const slot of day.slots) {
        if (slot.remaining <= 0) continue;
        const slotStart = Date.parse(slot.start);
        if (holdUntil({ now: now.toMillis(), slotStart, holdMinutes: office.waitlistHoldMinutes }) === null) continue;
        const facts = waitlistSlotFacts(slotStart, office.timeZone);
        for (let n = 0; n < slot.remaining; n++) {
          const taker = wishes.findIndex((w) => slotMatchesWishes(w, facts));
          if (taker < 0) break;
          const outcome = await this.offerFreeSeat(office, service, slot.start, slot.end);
          if (outcome === 'full') break;
          // No one took it: the line changed under this sweep (another instance's, an accept, a
          // booking); the next tick starts from what the database says then.
          if (outcome === 'none') return made;
          wishes.splice(taker, 1);
          made++;
          if (wishes.length === 0) return made;
        }
      }
    }
    return made;
  }

  /**
   * One free seat to the next matching person, in its own short transaction (the seat's counter
   * rows locked in the bookings' order, slot then day, only for this seat): under the office
   * calendar's shared lock (a closure takes it exclusively), the rules checked again against the
   * calendar as it is now, the seat claimed through the ledger's conditional upsert and offered;
   * the function gives it back when no one waiting matches.
   */
  private async offerFreeSeat(office: Office, service: ServiceEntity, slotStart: string, slotEnd: string): Promise<'offered' | 'full' | 'none'> {
    const attempt = () =>
      this.db.transaction(async (manager) => {
        const now = this.clock.now();
        const localDate = waitlistSlotFacts(Date.parse(slotStart), office.timeZone).localDate;
        const calendar = await this.calendars.lockedCalendarOf(office, { from: addDays(localDate, -1), to: addDays(localDate, 1) }, manager);
        const settings = toServiceSettings(service);
        const rules = checkBooking({ calendar, settings, slotStart, now, bookedInSlot: 0, bookedInDay: 0, hasActiveBookingForService: false });
        if (!rules.ok) return 'full' as const;
        const seat = { serviceId: service.id, officeId: office.id, slotStart: new Date(Date.parse(slotStart)), slotEnd: new Date(Date.parse(slotEnd)), localDate: rules.value.localDate };
        const outcome = await this.ledger.claim(manager, { serviceId: service.id, slotStart: seat.slotStart, localDate: seat.localDate, seats: rules.value.seats, dayCap: settings.dailyAppointmentCap });
        // A full day after a claimed slot: the rollback gives the slot's seat back.
        if (outcome === 'day_full') throw new DayFull();
        if (outcome !== 'taken') return 'full' as const;
        const offer = await offerSeat(manager, seat, this.handOffContext(office, 'sweep', now.toJSDate()));
        return offer ? ('offered' as const) : ('none' as const);
      });
    try {
      return await withRetry(attempt);
    } catch (error) {
      if (error instanceof DayFull) return 'full';
      throw error;
    }
  }

  /** Expires the entry's held offer if its time has passed (lazily, before the periodic task does); true when it did. */
  private async expireIfDue(entryId: string): Promise<boolean> {
    return withRetry(() =>
      this.db.transaction(async (manager) => {
        const now = this.clock.now().toJSDate();
        const offer = await this.heldOfferIfFree(manager, entryId, now);
        if (!offer) return false;
        const entry = await manager.findOneByOrFail(WaitlistEntry, { id: entryId });
        await this.endOffer(manager, entry, offer, 'expired', now, await this.officeOf(manager, offer.office_id));
        return offer.service_id;
      }),
    ).then((freedOf) => this.freed(freedOf));
  }

  /** Declines the entry's held offer (409 OFFER_EXPIRED when none is held; an expired one is expired instead). */
  private async withEntryOffer(code: string, documentNumber: string, end: 'declined'): Promise<void> {
    const result = await withRetry(() =>
      this.db.transaction(async (manager) => {
        const entry = await this.findOwned(manager, code, documentNumber, true);
        const offer = await this.heldOffer(manager, entry.id);
        if (!offer) throw this.offerExpired();
        const now = this.clock.now().toJSDate();
        const office = await this.officeOf(manager, offer.office_id);
        if (offer.expires_at.getTime() <= now.getTime()) {
          await this.endOffer(manager, entry, offer, 'expired', now, office);
          return new AfterCommit(this.offerExpired(), offer.service_id);
        }
        await this.endOffer(manager, entry, offer, end, now, office);
        return offer.service_id;
      }),
    );
    if (result instanceof AfterCommit) throw this.gaveUp(result);
    this.readModel.seatsFreed(result);
  }

  /**
   * A held seat was given up in a transaction that committed (endOffer: to the next person, or
   * released): the read model forgets what it said about the service's seats, so this instance's
   * availability and sold-out memory show a released seat at once. True when there was one.
   */
  private freed(serviceId: string | false): boolean {
    if (!serviceId) return false;
    this.readModel.seatsFreed(serviceId);
    return true;
  }

  /** The refusal of a transaction that gave a held seat up, once the read model knows of the seat. */
  private gaveUp(result: AfterCommit): ApiException {
    this.readModel.seatsFreed(result.freedOf);
    return result.exception;
  }

  /**
   * Ends a held offer, in the caller's transaction (entry and offer locked by it): the offer's
   * status, the entry's (a decline or an expiry counts a miss: back in line with its `seq`, or
   * removed at MAX_MISSES, with a message either way for an expiry and on removal for a decline),
   * and the seat handed to the next matching entry, never the same one, or released.
   */
  private async endOffer(
    manager: EntityManager,
    entry: WaitlistEntry,
    offer: OfferRow,
    end: OfferEnd,
    now: Date,
    office: Office,
    entryStatus?: 'left' | 'waiting',
  ): Promise<void> {
    await manager.query(`UPDATE waitlist_offers SET status = $2, ended_at = $3 WHERE id = $1 AND status = 'held'`, [offer.id, end, now]);
    const missed = end !== 'released';
    const misses = entry.misses + (missed ? 1 : 0);
    const status = entryStatus ?? (misses >= MAX_MISSES ? 'removed' : 'waiting');
    await manager.query(
      `UPDATE waitlist_entries SET status = $2, misses = $3, ended_at = CASE WHEN $2 IN ('waiting', 'offered') THEN NULL ELSE $4::timestamptz END, updated_at = $4 WHERE id = $1`,
      [entry.id, status, misses, now],
    );
    if (end === 'expired') await this.queueMessages(manager, 'waitlist_offer_expired', entry.id, now);
    else if (end === 'declined' && status === 'removed') await this.queueMessages(manager, 'waitlist_removed', entry.id, now);
    const seat = { serviceId: offer.service_id, officeId: offer.office_id, slotStart: offer.slot_start, slotEnd: offer.slot_end, localDate: offer.local_date };
    // A slot the office closed while it was held is not offered again: its seat is released.
    const open = await this.stillASlot(manager, office, entry.serviceId, offer);
    const context = this.handOffContext(office, offer.cause, now);
    await offerSeat(manager, seat, { ...context, holdMinutes: open ? context.holdMinutes : 0, exclude: entry.id });
  }

  /** Whether the held slot is still one of the office's open slots (a closure may have removed it since the offer). */
  private async stillASlot(manager: EntityManager, office: Office, serviceId: string, offer: Pick<OfferRow, 'slot_start' | 'local_date'>): Promise<boolean> {
    const calendar = await this.calendars.calendarOf(office, { from: addDays(offer.local_date, -1), to: addDays(offer.local_date, 1) }, manager);
    const service = await manager.findOneByOrFail(ServiceEntity, { id: serviceId });
    const check = checkBooking({
      calendar,
      settings: toServiceSettings(service),
      slotStart: offer.slot_start.toISOString(),
      now: this.clock.now(),
      bookedInSlot: 0,
      bookedInDay: 0,
      hasActiveBookingForService: false,
    });
    return check.ok || (check.error.code !== 'OFFICE_CLOSED' && check.error.code !== 'NOT_A_SLOT');
  }

  private handOffContext(office: Office, cause: WaitlistOfferCause, now: Date) {
    return { timeZone: office.timeZone, holdMinutes: office.waitlistHoldMinutes, now, cause, channels: { email: this.channels.email, sms: this.channels.sms } };
  }

  private async queueMessages(manager: EntityManager, kind: string, entryId: string, now: Date): Promise<void> {
    await manager.query(`SELECT queue_waitlist_messages($1, $2, $3, $4, $5)`, [kind, entryId, now, this.channels.email, this.channels.sms]);
  }

  private async heldOffer(manager: EntityManager, entryId: string): Promise<OfferRow | null> {
    const rows = (await manager.query(`SELECT ${OFFER_COLUMNS} FROM waitlist_offers o WHERE o.entry_id = $1 AND o.status = 'held' FOR UPDATE`, [entryId])) as OfferRow[];
    return rows[0] ?? null;
  }

  /**
   * The entry's held offer (only if it ran out by `dueBy`, when given), locked with its entry, or
   * null when another transaction holds either: the periodic tasks skip what a request is changing.
   */
  private async heldOfferIfFree(manager: EntityManager, entryId: string, dueBy: Date | null): Promise<OfferRow | null> {
    const rows = (await manager.query(
      `SELECT ${OFFER_COLUMNS}
         FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
        WHERE o.entry_id = $1 AND o.status = 'held'${dueBy ? ' AND o.expires_at <= $2' : ''}
        FOR UPDATE OF o, e SKIP LOCKED`,
      dueBy ? [entryId, dueBy] : [entryId],
    )) as OfferRow[];
    return rows[0] ?? null;
  }

  private async officeOf(manager: EntityManager, officeId: string): Promise<Office> {
    return manager.findOneByOrFail(Office, { id: officeId });
  }

  /** The entry for a code and its document; a wrong document is the same 404 as a wrong code. */
  private async findOwned(manager: EntityManager, code: string, documentNumber: string, lock = false): Promise<WaitlistEntry> {
    const canonical = normalizeBookingCode(code);
    if (!canonical) throw this.notFound();
    const query = manager.createQueryBuilder(WaitlistEntry, 'e').where('e.code = :code', { code: canonical });
    if (lock) query.setLock('pessimistic_write');
    const entry = await query.getOne();
    if (!entry) throw this.notFound();
    const document = normalizeDocument(entry.documentType, documentNumber);
    if (!document.ok || document.value !== entry.documentNumber) throw this.notFound();
    return entry;
  }

  /** Waiting entries of the procedure ahead of this one, their range not yet passed (0 once out of the line). */
  private async position(manager: EntityManager, entry: WaitlistEntry): Promise<number> {
    if (entry.status !== 'waiting' && entry.status !== 'offered') return 0;
    // An entry whose range has passed waits for nothing: it is not ahead of anyone.
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM waitlist_entries w JOIN offices o ON o.id = w.office_id
        WHERE w.service_id = $1 AND w.status = 'waiting' AND w.seq < $2 AND w.to_date >= ($3::timestamptz AT TIME ZONE o.time_zone)::date`,
      [entry.serviceId, entry.seq, this.clock.now().toJSDate()],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  private joined(entry: WaitlistEntry, position: number): WaitlistJoinedDto {
    return {
      code: entry.code,
      status: 'waiting',
      serviceId: entry.serviceId,
      from: entry.fromDate,
      to: entry.toDate,
      weekdays: entry.weekdays?.map(Number) ?? null,
      morningOnly: entry.morningOnly,
      position,
    };
  }

  private async entryDto(manager: EntityManager, entry: WaitlistEntry): Promise<WaitlistEntryDto> {
    const [row] = (await manager.query(
      `SELECT s.name AS service_name, o.name AS office_name, o.time_zone,
              h.slot_start, h.slot_end, h.expires_at,
              (SELECT b.code FROM waitlist_offers a JOIN bookings b ON b.id = a.booking_id WHERE a.entry_id = e.id AND a.status = 'accepted' ORDER BY a.ended_at DESC LIMIT 1) AS booking_code
         FROM waitlist_entries e
         JOIN services s ON s.id = e.service_id
         JOIN offices o ON o.id = e.office_id
         LEFT JOIN waitlist_offers h ON h.entry_id = e.id AND h.status = 'held'
        WHERE e.id = $1`,
      [entry.id],
    )) as { service_name: string; office_name: string; time_zone: string; slot_start: Date | null; slot_end: Date | null; expires_at: Date | null; booking_code: string | null }[];
    const zone = row!.time_zone;
    return {
      code: entry.code,
      status: entry.status,
      serviceId: entry.serviceId,
      serviceName: row!.service_name,
      officeId: entry.officeId,
      officeName: row!.office_name,
      timeZone: zone,
      from: entry.fromDate,
      to: entry.toDate,
      weekdays: entry.weekdays?.map(Number) ?? null,
      morningOnly: entry.morningOnly,
      position: await this.position(manager, entry),
      misses: entry.misses,
      joinedAt: officeInstant(entry.joinedAt, zone),
      offer:
        row!.slot_start && row!.slot_end && row!.expires_at
          ? { slotStart: officeInstant(row!.slot_start, zone), slotEnd: officeInstant(row!.slot_end, zone), expiresAt: officeInstant(row!.expires_at, zone) }
          : null,
      bookingCode: row!.booking_code,
    };
  }

  /** The booking an accepted offer of the entry became, as BookingDto (a retried accept). */
  private async acceptedBooking(manager: EntityManager, entryId: string): Promise<BookingDto | null> {
    const [row] = (await manager.query(`SELECT booking_id FROM waitlist_offers WHERE entry_id = $1 AND status = 'accepted' ORDER BY ended_at DESC LIMIT 1`, [entryId])) as {
      booking_id: string | null;
    }[];
    return row?.booking_id ? this.bookingDto(manager, row.booking_id) : null;
  }

  /** A booking as BookingsService answers it (API.md's booking), read back in the caller's transaction. */
  private async bookingDto(manager: EntityManager, bookingId: string): Promise<BookingDto> {
    const [b] = (await manager.query(
      `SELECT b.id, b.code, b.status::text AS status, b.service_id, b.office_id, b.slot_start, b.slot_end, to_char(b.local_date, 'YYYY-MM-DD') AS local_date,
              b.preferential, b.identity_verified, b.full_name, b.cancel_reason, s.name AS service_name, s.requirements, o.name AS office_name, o.address, o.time_zone
         FROM bookings b JOIN services s ON s.id = b.service_id JOIN offices o ON o.id = b.office_id
        WHERE b.id = $1`,
      [bookingId],
    )) as {
      id: string;
      code: string;
      status: BookingDto['status'];
      service_id: string;
      office_id: string;
      slot_start: Date;
      slot_end: Date;
      local_date: string;
      preferential: boolean;
      identity_verified: boolean;
      full_name: string;
      cancel_reason: string | null;
      service_name: string;
      requirements: string[];
      office_name: string;
      address: string | null;
      time_zone: string;
    }[];
    const zone = b!.time_zone;
    return {
      id: b!.id,
      code: b!.code,
      status: b!.status,
      serviceId: b!.service_id,
      officeId: b!.office_id,
      slotStart: officeInstant(b!.slot_start, zone),
      slotEnd: officeInstant(b!.slot_end, zone),
      localDate: b!.local_date,
      preferential: b!.preferential,
      identityVerified: b!.identity_verified,
      serviceName: b!.service_name,
      requirements: b!.requirements,
      officeName: b!.office_name,
      officeAddress: b!.address,
      timeZone: zone,
      cancelReason: b!.cancel_reason,
      partySize: 1,
      members: [{ index: 0, fullName: b!.full_name, status: b!.status }],
    };
  }

  /** The entry an earlier request with this Idempotency-Key made; a key used for another procedure or document is a reused key (422). */
  private async madeByKey(claim: IdempotencyClaim, serviceId: string, documentType: string, documentNumber: string): Promise<WaitlistJoinedDto | null> {
    const entry = await this.db.manager.findOneBy(WaitlistEntry, { idempotencyScope: claim.scope, idempotencyKey: claim.key });
    if (!entry) return null;
    if (entry.serviceId !== serviceId || entry.documentType !== documentType || entry.documentNumber !== documentNumber) {
      throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different request; use a new key for a new request');
    }
    return this.joined(entry, await this.position(this.db.manager, entry));
  }

  private range(field: 'from' | 'to', message: string): ApiException {
    return new ApiException(ErrorCode.INVALID_DATE_RANGE, message, [{ field, messages: [message] }]);
  }

  private alreadyBooked(): ApiException {
    return new ApiException(ErrorCode.ALREADY_BOOKED, 'This document already has an appointment for this procedure');
  }

  private offerExpired(message = 'No time is held for you now: the hold expired or was given up'): ApiException {
    return new ApiException(ErrorCode.OFFER_EXPIRED, message);
  }

  private notFound(): ApiException {
    return new ApiException(ErrorCode.WAITLIST_ENTRY_NOT_FOUND, 'No waitlist entry matches this code and document');
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string; constraint?: string }).code === '23505' && (error.driverError as { constraint?: string }).constraint === constraint;
}
