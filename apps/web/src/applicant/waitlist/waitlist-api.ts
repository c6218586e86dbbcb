import type { Booking } from '@turnero/api-client';
import { api } from '../../api.js';
import { call, type Outcome } from '../common/api-call.js';
import type { DocumentType } from '../booking/applicant-form.js';

/**
 * The public side of the waitlist (API.md "Waitlist and groups"), as the booking site uses it.
 * Every call returns an Outcome (never throws). The document travels in POST bodies only: the
 * entry's code is the only thing in a URL.
 */

export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'left' | 'removed';

export interface JoinWaitlist {
  serviceId: string;
  /** The office's local dates, 'YYYY-MM-DD', both included. */
  from: string;
  to: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday); left out: any day. */
  weekdays?: number[];
  morningOnly?: boolean;
  applicant: { documentType: DocumentType; documentNumber: string; fullName: string; email?: string; phone?: string; smsConsent?: boolean };
}

export interface JoinedWaitlist {
  code: string;
  status: 'waiting';
  serviceId: string;
  from: string;
  to: string;
  weekdays: number[] | null;
  morningOnly: boolean;
  /** Waiting entries of the service ahead of this one. */
  position: number;
}

export interface WaitlistOffer {
  slotStart: string;
  slotEnd: string;
  /** Until when the seat is held (an instant; shown in the office's zone). */
  expiresAt: string;
}

export interface WaitlistEntry {
  code: string;
  status: WaitlistStatus;
  serviceId: string;
  serviceName: string;
  officeId: string;
  officeName: string;
  timeZone: string;
  from: string;
  to: string;
  weekdays: number[] | null;
  morningOnly: boolean;
  position: number;
  misses: number;
  joinedAt: string;
  offer: WaitlistOffer | null;
  bookingCode: string | null;
}

// The generated client (libs/api-client) learns these routes with `npm run api:client` once the
// waitlist API is in the OpenAPI document; until then the paths are called through a loose view of it.
type LooseResult = Promise<{ data?: unknown; error?: unknown; response: Response }>;
const loose = api as unknown as { POST(path: string, init: { params?: { path: Record<string, string> }; body: unknown; headers?: Record<string, string> }): LooseResult };

const post = <T>(path: string, init: Parameters<typeof loose.POST>[1]) => call(loose.POST(path, init)) as Promise<Outcome<T>>;
const byCode = (code: string) => ({ path: { code: code.trim().toUpperCase() } });

export function joinWaitlist(body: JoinWaitlist, idempotencyKey: string): Promise<Outcome<JoinedWaitlist>> {
  return post('/api/v1/waitlist', { body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function lookupEntry(code: string, documentNumber: string): Promise<Outcome<WaitlistEntry>> {
  return post('/api/v1/waitlist/lookup', { body: { code: code.trim().toUpperCase(), documentNumber } });
}

/** The held seat becomes a confirmed booking (the same answer as POST /bookings). */
export function acceptOffer(code: string, documentNumber: string, idempotencyKey: string): Promise<Outcome<Booking>> {
  return post('/api/v1/waitlist/{code}/accept', { params: byCode(code), body: { documentNumber }, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function declineOffer(code: string, documentNumber: string, idempotencyKey: string): Promise<Outcome<WaitlistEntry>> {
  return post('/api/v1/waitlist/{code}/decline', { params: byCode(code), body: { documentNumber }, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function leaveWaitlist(code: string, documentNumber: string, idempotencyKey: string): Promise<Outcome<{ status: 'left' }>> {
  return post('/api/v1/waitlist/{code}/leave', { params: byCode(code), body: { documentNumber }, headers: { 'Idempotency-Key': idempotencyKey } });
}
