import { type ApiError, toApiError } from '@turnero/api-client';

/** A failed call as the pages explain it: the API's error, plus how long to wait when it says so. */
export interface Problem extends ApiError {
  /** From `Retry-After` (429, and 409 IDEMPOTENCY_REQUEST_IN_PROGRESS), in seconds. */
  retryAfterSeconds?: number;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/**
 * Awaits an openapi-fetch call and never throws: a network failure becomes status 0
 * (`NETWORK_ERROR`), any error body becomes a Problem with its `Retry-After`.
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  let result: Awaited<typeof request>;
  try {
    result = await request;
  } catch {
    return { ok: false, problem: toApiError(undefined, 0) };
  }
  const { data, error, response } = result;
  if (error === undefined && response.ok) return { ok: true, data: data as T };
  const problem: Problem = toApiError(error, response.status);
  const retryAfter = Number(response.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) problem.retryAfterSeconds = Math.ceil(retryAfter);
  return { ok: false, problem };
}

/** SLOT_FULL and DAY_FULL carry `details.nextSlots`: the nearest times that still have room. */
export function nextSlotsOf(problem: Problem): { start: string; end: string; remaining: number }[] {
  const details = problem.details as { nextSlots?: unknown } | undefined;
  if (!details || !Array.isArray(details.nextSlots)) return [];
  return details.nextSlots.filter(
    (slot): slot is { start: string; end: string; remaining: number } => typeof slot === 'object' && slot !== null && typeof (slot as { start?: unknown }).start === 'string',
  );
}
