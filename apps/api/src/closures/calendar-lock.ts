import type { EntityManager } from 'typeorm';

/**
 * Serialises changes to an office's calendar with the bookings that depend on it, across API
 * instances, with a PostgreSQL transaction-level advisory lock keyed by the office id:
 * - `exclusive`: a closure being created or removed (the calendar changes);
 * - `shared`: a booking or reschedule claiming a slot (many may run at once, none while the
 *   calendar changes), so no booking can slip into a slot that a concurrent closure removes.
 * Both are released when the transaction ends, so the manager must be a transaction's.
 */
/** SQL for the advisory-lock key of the office whose id is the query parameter `param`. */
export const officeCalendarLockKey = (param: string) => `hashtextextended(${param}::text, 0)`;

export async function lockOfficeCalendar(manager: EntityManager, officeId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('lockOfficeCalendar must be called inside a transaction');
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await manager.query(`SELECT ${lock}(${officeCalendarLockKey('$1')})`, [officeId]);
}
