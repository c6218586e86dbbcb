import { toApiError } from './api-error.js';
import type { components, paths } from './schema.js';

export { createApiClient, type ApiClient, type ApiClientOptions } from './client.js';
export { isApiError, toApiError, type ApiError, type ApiErrorBody } from './api-error.js';
export * from './realtime.js';
export type { components, operations, paths } from './schema.js';

/** A schema of the OpenAPI document by name, e.g. `Schema<'TicketDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type Office = Schema<'OfficeDto'>;
export type PublicService = Schema<'PublicServiceDto'>;
export type Service = Schema<'ServiceDto'>;
export type Availability = Schema<'AvailabilityDto'>;
export type AvailabilityDay = Schema<'AvailabilityDayDto'>;
export type AvailabilitySlot = Schema<'AvailabilitySlotDto'>;
export type Booking = Schema<'BookingDto'>;
export type CreateBooking = Schema<'CreateBookingDto'>;
export type Ticket = Schema<'TicketDto'>;
export type DeskTicket = Schema<'DeskTicketDto'>;
export type Queue = Schema<'QueueDto'>;
export type Counter = Schema<'CounterDto'>;
export type StaffUser = Schema<'StaffUserDto'>;
export type AccessToken = Schema<'AccessTokenDto'>;
export type Turn = Schema<'TurnDto'>;
export type ApiPath = keyof paths;

/**
 * The data of an openapi-fetch result, or throws its ApiError: for code that prefers try/catch.
 * `const offices = await unwrap(api.GET('/api/v1/offices'))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (cause) {
    throw toApiError(cause instanceof Error ? cause.message : '', 0);
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.error, result.response.status);
  return result.data as T;
}
