import type { Schema } from '@turnero/api-client';
import { api } from '../../api.js';
import { call, type Outcome } from '../common/api-call.js';

/**
 * The applicant's side of verified identity (issue #20) as the booking site uses it. The session is
 * an HttpOnly cookie the browser sends by itself (Path=/api/v1): nothing here holds a token, and the
 * person's name and RUT travel only in response bodies, never in a URL.
 */

/** GET /api/v1/me: whether ClaveÚnica is offered, and who is signed in (null: nobody). */
export type Me = Schema<'MeDto'>;
export type SignedInApplicant = NonNullable<Me['applicant']>;
/** A booking of /me/bookings, with whether it may be cancelled or moved now. */
export type MyBooking = Schema<'MyBookingDto'>;
/** A request of /me/requests: code, topic, status and due date, for the list and its tracking link. */
export type MyRequest = Schema<'MyRequestDto'>;

/** Where "Ingresar con ClaveÚnica" leads: the API's login, coming back to `returnTo` (a path of this site). */
export function signInUrl(returnTo: string): string {
  return `/api/v1/auth/claveunica/login?returnTo=${encodeURIComponent(returnTo)}`;
}

export function loadMe(): Promise<Outcome<Me>> {
  return call(api.GET('/api/v1/me'));
}

/** Ends the session here; the provider's own logout is offered after (its URL, or null). */
export function signOut(): Promise<Outcome<{ providerLogoutUrl: string | null }>> {
  return call(api.POST('/api/v1/auth/claveunica/logout'));
}

export function loadMyBookings(): Promise<Outcome<MyBooking[]>> {
  return call(api.GET('/api/v1/me/bookings'));
}

export function loadMyRequests(): Promise<Outcome<MyRequest[]>> {
  return call(api.GET('/api/v1/me/requests'));
}
