import { ErrorCode } from './error-code.js';

/**
 * Unique constraints (by their names in the migrations) and what a violation means to a client.
 * Services check these cases first for a friendly message; the constraint is the guarantee under
 * concurrency, and this table turns a lost race into the same 409.
 */
export const UNIQUE_CONSTRAINTS: Record<string, { code: ErrorCode; field: string; message: string }> = {
  uq_offices_name: { code: ErrorCode.DUPLICATE_OFFICE_NAME, field: 'name', message: 'An office with this name already exists' },
  uq_services_office_code: {
    code: ErrorCode.DUPLICATE_SERVICE_CODE,
    field: 'code',
    message: 'This office already has a service with this code',
  },
  uq_counters_office_name: {
    code: ErrorCode.DUPLICATE_COUNTER_NAME,
    field: 'name',
    message: 'This office already has a counter with this name',
  },
  uq_request_topics_office_name: {
    code: ErrorCode.DUPLICATE_TOPIC_NAME,
    field: 'name',
    message: 'This office already has a request topic with this name',
  },
  uq_staff_users_username: { code: ErrorCode.USERNAME_TAKEN, field: 'username', message: 'This username is taken' },
};
