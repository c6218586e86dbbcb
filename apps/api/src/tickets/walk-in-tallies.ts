import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Stands for "no cap" in comparisons (PostgreSQL's largest integer). */
const UNCAPPED = 2_147_483_647;

export interface WalkInTallyRow {
  serviceId: string;
  issued: number;
  refused: number;
  capOverride: number | null;
}

/**
 * The day's walk-in count per service, against its cap. The claim is a conditional update of one
 * row (`issued < coalesce(cap_override, service cap)`), so concurrent requests on any number of
 * instances queue on that row and exactly `cap` of them win. The supervisor's override lives in the
 * same row, so a lowered cap applies to the very next claim.
 */
@Injectable()
export class WalkInTallies {
  /**
   * Takes one walk-in place, in the issuing transaction; false when the cap is used up. One
   * statement, like the seat ledger: the first claim of the day inserts the row (unless the cap is
   * 0), later ones update it only while `issued` is below today's cap.
   */
  async claim(manager: EntityManager, serviceId: string, localDate: string, serviceCap: number | null): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO walk_in_tallies (service_id, local_date, issued, refused)
       SELECT $1, $2, 1, 0 WHERE coalesce($3::int, ${UNCAPPED}) > 0
       ON CONFLICT (service_id, local_date) DO UPDATE SET issued = walk_in_tallies.issued + 1
         WHERE walk_in_tallies.issued < coalesce(walk_in_tallies.cap_override, $3::int, ${UNCAPPED})
       RETURNING issued`,
      [serviceId, localDate, serviceCap],
    );
    return rows.length > 0;
  }

  /** Counts a walk-in turned away. Run it outside the refused request's transaction, so it persists. */
  async refuse(manager: EntityManager, serviceId: string, localDate: string): Promise<void> {
    await manager.query(
      `INSERT INTO walk_in_tallies (service_id, local_date, issued, refused) VALUES ($1, $2, 0, 1)
       ON CONFLICT (service_id, local_date) DO UPDATE SET refused = walk_in_tallies.refused + 1`,
      [serviceId, localDate],
    );
  }

  /** Today's cap for a service; null returns to the service's configured cap. */
  async setOverride(manager: EntityManager, serviceId: string, localDate: string, cap: number | null): Promise<void> {
    await manager.query(
      `INSERT INTO walk_in_tallies (service_id, local_date, issued, refused, cap_override) VALUES ($1, $2, 0, 0, $3)
       ON CONFLICT (service_id, local_date) DO UPDATE SET cap_override = EXCLUDED.cap_override`,
      [serviceId, localDate, cap],
    );
  }

  async onDay(manager: EntityManager, serviceIds: string[], localDate: string): Promise<Map<string, WalkInTallyRow>> {
    if (serviceIds.length === 0) return new Map();
    const rows: { service_id: string; issued: number; refused: number; cap_override: number | null }[] = await manager.query(
      `SELECT service_id, issued, refused, cap_override FROM walk_in_tallies WHERE service_id = ANY($1::uuid[]) AND local_date = $2`,
      [serviceIds, localDate],
    );
    return new Map(rows.map((r) => [r.service_id, { serviceId: r.service_id, issued: r.issued, refused: r.refused, capOverride: r.cap_override }]));
  }
}
