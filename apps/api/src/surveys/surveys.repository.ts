import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RatedTicket {
  id: string;
  officeId: string;
  number: string;
  status: string;
  completedAt: Date | null;
  answered: boolean;
  timeZone: string;
}

export interface CommentRow {
  number: string;
  serviceId: string;
  serviceName: string;
  date: string;
  rating: number;
  comment: string;
  answeredAt: Date;
  timeZone: string;
}

/** The surveys' SQL. */
@Injectable()
export class SurveysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async ticket(trackingCode: string): Promise<RatedTicket | null> {
    const [row] = (await this.db.query(
      `SELECT t.id, t.office_id, t.number, t.status, t.completed_at, o.time_zone,
              EXISTS (SELECT 1 FROM survey_answers s WHERE s.ticket_id = t.id) AS answered
         FROM tickets t JOIN offices o ON o.id = t.office_id WHERE t.tracking_code = $1`,
      [trackingCode],
    )) as { id: string; office_id: string; number: string; status: string; completed_at: Date | null; answered: boolean; time_zone: string }[];
    if (!row) return null;
    return { id: row.id, officeId: row.office_id, number: row.number, status: row.status, completedAt: row.completed_at, answered: row.answered, timeZone: row.time_zone };
  }

  async officeExists(officeId: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM offices WHERE id = $1`, [officeId])).length > 0;
  }

  /**
   * Stores the answer unless the ticket has one: one statement, so of concurrent answers exactly
   * one inserts (the unique constraint decides); false for the others.
   */
  async insert(answer: { ticketId: string; officeId: string; rating: number; comment: string | null; answeredAt: Date }): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO survey_answers (ticket_id, office_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_survey_answers_ticket DO NOTHING RETURNING id`,
      [answer.ticketId, answer.officeId, answer.rating, answer.comment, answer.answeredAt],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Comments of visits in the office's local days [from, to], newest answer first, with the total. */
  async comments(officeId: string, from: string, to: string, limit: number, offset: number): Promise<{ total: number; rows: CommentRow[] }> {
    const rows = (await this.db.query(
      `SELECT t.number, t.service_id, sv.name AS service_name, t.local_date::text AS date, s.rating, s.comment, s.answered_at, o.time_zone,
              count(*) OVER () AS total
         FROM tickets t
         JOIN survey_answers s ON s.ticket_id = t.id AND s.office_id = t.office_id
         JOIN services sv ON sv.id = t.service_id
         JOIN offices o ON o.id = t.office_id
        WHERE t.office_id = $1 AND t.local_date BETWEEN $2 AND $3 AND s.comment IS NOT NULL
        ORDER BY s.answered_at DESC, s.id
        LIMIT $4 OFFSET $5`,
      [officeId, from, to, limit, offset],
    )) as { number: string; service_id: string; service_name: string; date: string; rating: number; comment: string; answered_at: Date; time_zone: string; total: string }[];
    const total = rows.length > 0 ? Number(rows[0].total) : offset === 0 ? 0 : await this.countComments(officeId, from, to);
    return {
      total,
      rows: rows.map((r) => ({
        number: r.number,
        serviceId: r.service_id,
        serviceName: r.service_name,
        date: r.date,
        rating: r.rating,
        comment: r.comment,
        answeredAt: r.answered_at,
        timeZone: r.time_zone,
      })),
    };
  }

  private async countComments(officeId: string, from: string, to: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM tickets t JOIN survey_answers s ON s.ticket_id = t.id AND s.office_id = t.office_id
        WHERE t.office_id = $1 AND t.local_date BETWEEN $2 AND $3 AND s.comment IS NOT NULL`,
      [officeId, from, to],
    )) as { n: number }[];
    return row.n;
  }
}
