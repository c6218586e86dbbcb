import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import type { Config } from '../config/environment.js';

/** The applicant's session cookie: HttpOnly, SameSite=Lax, Path=/api/v1, Secure when PUBLIC_URL is https. */
export const APPLICANT_COOKIE = 'turnero_applicant';
const COOKIE_PATH = '/api/v1';
/** 32 random bytes in base64url: anything else in the cookie is no session, without a query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** An applicant signed in with ClaveÚnica. */
export interface VerifiedApplicant {
  sessionId: string;
  documentType: 'RUT';
  /** Canonical, as normalizeDocument('RUT', `${numero}-${DV}`) gives it (what bookings store). */
  documentNumber: string;
  /** "Nombres Apellidos" from ClaveÚnica's name claim. */
  fullName: string;
  expiresAt: Date;
}

interface SessionRow {
  id: string;
  document_number: string;
  full_name: string;
  expires_at: Date;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Applicants' ClaveÚnica sessions, in PostgreSQL so that every instance knows them. The cookie
 * holds a random token; the table only its SHA-256, the canonical RUT and the name, and the
 * instant the session ends (APPLICANT_SESSION_MINUTES after sign-in). No provider token is kept.
 */
@Injectable()
export class ApplicantSessions {
  private readonly minutes: number;
  private readonly secure: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    config: ConfigService<Config, true>,
  ) {
    this.minutes = config.get('APPLICANT_SESSION_MINUTES', { infer: true });
    this.secure = config.get('PUBLIC_URL', { infer: true }).startsWith('https://');
  }

  /**
   * The signed-in applicant of this request (cookie turnero_applicant), or null. Costs nothing when
   * the request has no such cookie (the booking rush path). Expired sessions are null.
   */
  async fromRequest(request: FastifyRequest): Promise<VerifiedApplicant | null> {
    const token = tokenOf(request);
    if (token === undefined) return null;
    const rows = (await this.db.query(
      `SELECT id, document_number, full_name, expires_at FROM applicant_sessions WHERE token_hash = $1 AND expires_at > $2`,
      [hashToken(token), this.clock.now().toJSDate()],
    )) as SessionRow[];
    return rows.length === 1 ? toApplicant(rows[0]) : null;
  }

  /** Opens a session; returns the cookie value to set (used by the callback, and by specs). */
  async open(applicant: { documentNumber: string; fullName: string }): Promise<{ cookieValue: string; session: VerifiedApplicant }> {
    const cookieValue = randomBytes(32).toString('base64url');
    const expiresAt = this.clock.now().plus({ minutes: this.minutes }).toJSDate();
    const rows = (await this.db.query(
      `INSERT INTO applicant_sessions (token_hash, document_number, full_name, expires_at) VALUES ($1, $2, $3, $4)
       RETURNING id, document_number, full_name, expires_at`,
      [hashToken(cookieValue), applicant.documentNumber, applicant.fullName, expiresAt],
    )) as SessionRow[];
    return { cookieValue, session: toApplicant(rows[0]) };
  }

  /** Ends this request's session (the row is deleted); true when there was one. */
  async end(request: FastifyRequest): Promise<boolean> {
    const token = tokenOf(request);
    if (token === undefined) return false;
    // TypeORM answers a DELETE as [rows, count].
    const [, count] = (await this.db.query(`DELETE FROM applicant_sessions WHERE token_hash = $1`, [hashToken(token)])) as [unknown[], number];
    return count > 0;
  }

  /** Sets the session cookie on a response, for the session's remaining life. */
  setCookie(reply: FastifyReply, cookieValue: string, session: VerifiedApplicant): void {
    const maxAge = Math.max(0, Math.round((session.expiresAt.getTime() - this.clock.nowMs()) / 1000));
    reply.setCookie(APPLICANT_COOKIE, cookieValue, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: this.secure, maxAge });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(APPLICANT_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: this.secure });
  }

  /** Deletes the sessions that have ended (IdentitySweep); any instance may run it at any time. */
  async removeExpired(): Promise<number> {
    const [, count] = (await this.db.query(`DELETE FROM applicant_sessions WHERE expires_at <= $1`, [this.clock.now().toJSDate()])) as [unknown[], number];
    return count;
  }
}

function tokenOf(request: FastifyRequest): string | undefined {
  // No Cookie header (the booking rush): settled without parsing anything.
  if (request.headers.cookie === undefined) return undefined;
  const token = request.cookies?.[APPLICANT_COOKIE];
  return token !== undefined && TOKEN_SHAPE.test(token) ? token : undefined;
}

function toApplicant(row: SessionRow): VerifiedApplicant {
  return { sessionId: row.id, documentType: 'RUT', documentNumber: row.document_number, fullName: row.full_name, expiresAt: new Date(row.expires_at) };
}
