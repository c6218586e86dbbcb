import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app.js';

// Waitlist rows as the public API and the engine leave them (issue #18), inserted directly for the
// staff list's and the report's specs.

/** A waitlist entry inserted as the public API leaves it (seq: the order of the inserts). */
export async function insertEntry(
  t: Pick<TestApp, 'db'>,
  e: {
    officeId: string;
    serviceId: string;
    from: string;
    to: string;
    weekdays?: number[] | null;
    morningOnly?: boolean;
    status?: string;
    misses?: number;
    joinedAt?: Date;
    endedAt?: Date | null;
    fullName?: string;
    documentNumber?: string;
    email?: string | null;
    phone?: string | null;
  },
): Promise<{ id: string; code: string }> {
  const code = `W${randomBytes(4).toString('hex').toUpperCase()}`;
  const [row] = (await t.db.query(
    `INSERT INTO waitlist_entries (code, office_id, service_id, from_date, to_date, weekdays, morning_only, document_type, document_number, full_name, email, phone, status, misses, joined_at, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'PASSPORT', $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      code,
      e.officeId,
      e.serviceId,
      e.from,
      e.to,
      e.weekdays ?? null,
      e.morningOnly ?? false,
      e.documentNumber ?? `P${randomBytes(4).toString('hex').toUpperCase()}`,
      e.fullName ?? 'Persona En Espera',
      e.email === undefined ? 'espera@example.cl' : e.email,
      e.phone ?? null,
      e.status ?? 'waiting',
      e.misses ?? 0,
      e.joinedAt ?? new Date('2026-06-10T12:00:00Z'),
      e.endedAt ?? null,
    ],
  )) as { id: string }[];
  return { id: row!.id, code };
}

/** An offer row for an entry (a seat held or what became of it). */
export async function insertOffer(
  t: Pick<TestApp, 'db'>,
  o: {
    entryId: string;
    officeId: string;
    serviceId: string;
    slotStart: Date;
    localDate: string;
    status?: string;
    cause?: string;
    offeredAt: Date;
    expiresAt?: Date;
    endedAt?: Date | null;
    bookingId?: string | null;
  },
): Promise<string> {
  const [row] = (await t.db.query(
    `INSERT INTO waitlist_offers (entry_id, service_id, office_id, slot_start, slot_end, local_date, status, cause, offered_at, expires_at, ended_at, booking_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      o.entryId,
      o.serviceId,
      o.officeId,
      o.slotStart,
      new Date(o.slotStart.getTime() + 15 * 60_000),
      o.localDate,
      o.status ?? 'held',
      o.cause ?? 'cancellation',
      o.offeredAt,
      o.expiresAt ?? new Date(o.offeredAt.getTime() + 30 * 60_000),
      o.endedAt ?? null,
      o.bookingId ?? null,
    ],
  )) as { id: string }[];
  return row!.id;
}
