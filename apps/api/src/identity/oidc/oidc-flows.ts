import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import type { Config } from '../../config/environment.js';
import { hashToken } from '../applicant-sessions.js';
import type { LoginFlow } from './oidc-client.js';

/** The cookie that ties a provider's answer to the browser that started the login. */
export const OIDC_FLOW_COOKIE = 'turnero_oidc';
/** Both callbacks (/api/v1/auth/claveunica/callback, /api/v1/auth/sso/callback) are under it. */
const COOKIE_PATH = '/api/v1/auth';
/** A login not finished within this is refused as expired. */
export const FLOW_LIFETIME_MINUTES = 10;
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Whose login a flow is: only its own callback takes it. */
export type FlowPurpose = 'claveunica' | 'staff_sso';

export type TakenFlow = { flow: LoginFlow; returnTo: string } | { problem: 'state' | 'expired' };

interface FlowRow {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Date;
}

/**
 * Logins under way (state, nonce, PKCE verifier, where to return), in PostgreSQL so the callback
 * may land on any instance. The browser holds a random id in an HttpOnly cookie (SameSite=Lax: it
 * comes back with the provider's top-level redirect); the table only its SHA-256. A flow is taken
 * once: `DELETE … RETURNING`, so a replayed callback finds nothing.
 */
@Injectable()
export class OidcFlows {
  private readonly secure: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    config: ConfigService<Config, true>,
  ) {
    this.secure = config.get('PUBLIC_URL', { infer: true }).startsWith('https://');
  }

  /** Remembers a started login and sets its cookie on the response that redirects to the provider. */
  async begin(reply: FastifyReply, purpose: FlowPurpose, flow: LoginFlow, returnTo: string): Promise<void> {
    const id = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO oidc_flows (id_hash, purpose, state, nonce, code_verifier, return_to, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [hashToken(id), purpose, flow.state, flow.nonce, flow.codeVerifier, returnTo, this.clock.now().plus({ minutes: FLOW_LIFETIME_MINUTES }).toJSDate()],
    );
    reply.setCookie(OIDC_FLOW_COOKIE, id, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: this.secure, maxAge: FLOW_LIFETIME_MINUTES * 60 });
  }

  /**
   * Takes this browser's login of `purpose` (deleting it) and clears the cookie, whatever comes of
   * it: `state` when there is none (no cookie, used already, another purpose's), `expired` when it
   * is older than ten minutes.
   */
  async take(request: FastifyRequest, reply: FastifyReply, purpose: FlowPurpose): Promise<TakenFlow> {
    const id = request.headers.cookie === undefined ? undefined : request.cookies?.[OIDC_FLOW_COOKIE];
    if (id !== undefined) reply.clearCookie(OIDC_FLOW_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: this.secure });
    if (id === undefined || !ID_SHAPE.test(id)) return { problem: 'state' };
    const [rows] = (await this.db.query(
      `DELETE FROM oidc_flows WHERE id_hash = $1 AND purpose = $2 RETURNING state, nonce, code_verifier, return_to, expires_at`,
      [hashToken(id), purpose],
    )) as [FlowRow[], number];
    const row = rows[0];
    if (!row) return { problem: 'state' };
    if (new Date(row.expires_at).getTime() <= this.clock.nowMs()) return { problem: 'expired' };
    return { flow: { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier }, returnTo: row.return_to };
  }

  /** Deletes logins never finished (IdentitySweep); any instance may run it at any time. */
  async removeExpired(): Promise<number> {
    const [, count] = (await this.db.query(`DELETE FROM oidc_flows WHERE expires_at <= $1`, [this.clock.now().toJSDate()])) as [unknown[], number];
    return count;
  }
}
