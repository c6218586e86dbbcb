/** The body of every API error (API.md): `error` is a stable UPPER_SNAKE_CASE code. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** For 400s, the offending fields; for some 409s (e.g. SLOT_FULL), data about the conflict. */
  details?: unknown;
}

/** A failed call, as the front ends handle it: `status` 0 means the network failed (no answer). */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** For VALIDATION_FAILED: messages per field name (`details: [{ field, messages }]`). */
  fieldErrors: Record<string, string[]>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Turns what openapi-fetch returns as `error` (the parsed body, or text when it was not JSON) into
 * an ApiError. Anything that is not API.md's shape becomes `HTTP_<status>` (e.g. a proxy's 502 page).
 */
export function toApiError(body: unknown, status: number): ApiError {
  if (isRecord(body) && typeof body.error === 'string' && typeof body.message === 'string') {
    const fieldErrors: Record<string, string[]> = {};
    if (Array.isArray(body.details)) {
      for (const item of body.details) {
        if (isRecord(item) && typeof item.field === 'string' && Array.isArray(item.messages)) {
          fieldErrors[item.field] = item.messages.filter((m): m is string => typeof m === 'string');
        }
      }
    }
    return { status: typeof body.statusCode === 'number' ? body.statusCode : status, code: body.error, message: body.message, details: body.details, fieldErrors };
  }
  return { status, code: status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`, message: typeof body === 'string' ? body.slice(0, 200) : '', fieldErrors: {} };
}

/** Whether a caught value is an ApiError (what `unwrap` throws). */
export function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && typeof value.status === 'number' && typeof value.code === 'string' && isRecord(value.fieldErrors);
}
