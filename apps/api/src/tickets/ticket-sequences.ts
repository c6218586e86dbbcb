import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The day's ticket numbers, per office, local date and prefix. One `INSERT … ON CONFLICT DO UPDATE
 * SET last = last + 1 RETURNING last` takes the next number: PostgreSQL locks the row until the
 * issuing transaction ends, so on any number of API instances numbers are handed out one at a time,
 * in commit order, and a transaction that rolls back gives its number back (no gap, no duplicate).
 * Call it inside the issuing transaction, after any other claim (the walk-in tally) so that a
 * refused request never holds the sequence's row.
 */
@Injectable()
export class TicketSequences {
  async next(manager: EntityManager, officeId: string, localDate: string, prefix: string): Promise<number> {
    const rows: { last: number }[] = await manager.query(
      `INSERT INTO ticket_sequences (office_id, local_date, prefix, last) VALUES ($1, $2, $3, 1)
       ON CONFLICT (office_id, local_date, prefix) DO UPDATE SET last = ticket_sequences.last + 1
       RETURNING last`,
      [officeId, localDate, prefix],
    );
    return rows[0].last;
  }
}
