import type { Booking, Schema } from '@turnero/api-client';
import { api } from '../../api.js';
import { call, type Outcome } from '../common/api-call.js';

/**
 * The public side of the waitlist (API.md "Waitlist and groups"), as the booking site uses it.
 * Every call returns an Outcome (never throws). The document travels in POST bodies only: the
 * entry's code is the only thing in a URL.
 */

/** POST /waitlist: the days (office-local, both included), ISO weekdays (left out: any), mornings only, the person with an email or a phone. */
export type JoinWaitlist = Schema<'JoinWaitlistDto'>;
/** The new entry: its code and the waiting entries of the procedure ahead of it. */
export type JoinedWaitlist = Schema<'WaitlistJoinedDto'>;
/** POST /waitlist/lookup: the entry, with the seat held for it (`offer`, until `expiresAt`) or the booking it became. */
export type WaitlistEntry = Schema<'WaitlistEntryDto'>;
export type WaitlistStatus = WaitlistEntry['status'];

const byCode = (code: string) => ({ path: { code: code.trim().toUpperCase() } });

export function joinWaitlist(body: JoinWaitlist, idempotencyKey: string): Promise<Outcome<JoinedWaitlist>> {
  return call(api.POST('/api/v1/waitlist', { body, headers: { 'Idempotency-Key': idempotencyKey } }));
}

export function lookupEntry(code: string, documentNumber: string): Promise<Outcome<WaitlistEntry>> {
  return call(api.POST('/api/v1/waitlist/lookup', { body: { code: code.trim().toUpperCase(), documentNumber } }));
}

/** The held seat becomes a confirmed booking (the same answer as POST /bookings). */
export function acceptOffer(code: string, documentNumber: string, idempotencyKey: string): Promise<Outcome<Booking>> {
  return call(api.POST('/api/v1/waitlist/{code}/accept', { params: byCode(code), body: { documentNumber }, headers: { 'Idempotency-Key': idempotencyKey } }));
}

export function declineOffer(code: string, documentNumber: string, idempotencyKey: string): Promise<Outcome<WaitlistEntry>> {
  return call(api.POST('/api/v1/waitlist/{code}/decline', { params: byCode(code), body: { documentNumber }, headers: { 'Idempotency-Key': idempotencyKey } }));
}

export function leaveWaitlist(code: string, documentNumber: string, idempotencyKey: string): Promise<Outcome<Schema<'WaitlistLeftDto'>>> {
  return call(api.POST('/api/v1/waitlist/{code}/leave', { params: byCode(code), body: { documentNumber }, headers: { 'Idempotency-Key': idempotencyKey } }));
}
