import { type ApiError, isApiError, toApiError } from '@turnero/api-client';
import type { TFunction } from 'i18next';

/**
 * An API error in plain words for the staff: `errors.<CODE>` of the staff namespace when there is
 * one (COUNTER_BUSY, INVALID_TRANSITION…), else a generic sentence by status. Codes, never the
 * server's English message.
 */
export function errorMessage(t: TFunction<'staff'>, error: ApiError, values: Record<string, unknown> = {}): string {
  const key = `errors.${error.code}`;
  if (t(key, { defaultValue: '' }) !== '') return t(key, values);
  if (error.status === 0) return t('errors.NETWORK_ERROR');
  if (error.status === 400) return t('errors.VALIDATION_FAILED');
  if (error.status === 403) return t('errors.FORBIDDEN');
  if (error.status === 404) return t('errors.NOT_FOUND');
  if (error.status >= 500) return t('errors.server');
  return t('errors.generic', { code: error.code });
}

/** Whatever a call threw (an ApiError from `unwrap`, a network TypeError…) as an ApiError. */
export function asApiError(caught: unknown): ApiError {
  return isApiError(caught) ? caught : toApiError(caught instanceof Error ? caught.message : '', 0);
}

/** Whether a 400 named this field (to mark it `aria-invalid`). */
export function isInvalid(error: ApiError | null, field: string): boolean {
  return Boolean(error && Object.keys(error.fieldErrors).some((name) => name === field || name.startsWith(`${field}.`)));
}
