import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import type { Config } from '../config/environment.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import type { AccessTokenDto } from './dto/login.dto.js';
import { StaffAccounts } from '../staff/staff-accounts.js';
import { LoginFailureRepository } from './login-failure.repository.js';
import { PasswordHasher } from './password-hasher.js';

export interface TokenClaims {
  sub: string;
  role: string;
  officeId: string | null;
  /** Expiry, seconds since the epoch (set by jsonwebtoken from `expiresIn`). */
  exp?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a verified token's signature check is remembered (never past the token's own expiry). */
export const VERIFIED_TOKEN_MS = 5_000;
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Bearer tokens whose signature and expiry were checked in the last few seconds, keyed by the
 * token string: a desk console sends the same token on every call, and jsonwebtoken's verify (an
 * HMAC, two JSON parses, the claim checks) was a visible share of a call-next's CPU. Only the
 * token's check is remembered, never the account: authenticate() still asks StaffAccounts for it
 * on every request, so a disabled account or a changed role applies exactly as before.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: TokenClaims; until: number }>();

  get(token: string, nowMs: number): TokenClaims | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (hit.until > nowMs) return hit.claims;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, claims: TokenClaims, nowMs: number): void {
    // `exp` is in seconds; a token without one (never signed so here) is remembered the full time.
    const until = Math.min(nowMs + VERIFIED_TOKEN_MS, typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity);
    if (until <= nowMs) return;
    if (this.entries.size >= VERIFIED_TOKENS_KEPT) {
      for (const [key, entry] of this.entries) if (entry.until <= nowMs) this.entries.delete(key);
      // Still full: forget the oldest (a Map iterates in insertion order).
      if (this.entries.size >= VERIFIED_TOKENS_KEPT) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(token, { claims, until });
  }
}

const passwordLoginDisabled = () => new ApiException(ErrorCode.PASSWORD_LOGIN_DISABLED, "Password login is turned off here; sign in with your organisation's account");

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly failures: LoginFailureRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly config: ConfigService<Config, true>,
    private readonly accounts: StaffAccounts,
  ) {}

  private readonly verified = new VerifiedTokens();

  /**
   * One answer for every wrong username/password pair; repeated failures lock the username. With
   * STAFF_PASSWORD_LOGIN=false only the bootstrap admin may use a password (the others sign in
   * through the organisation's provider, auth/sso/): every attempt but the admin's right password
   * is the same 403, after the same checks and counts, so the answer never tells which username is
   * the admin's.
   */
  async login(usernameInput: string, password: string): Promise<AccessTokenDto> {
    const username = usernameInput.trim().toLowerCase();
    const adminOnly = !this.config.get('STAFF_PASSWORD_LOGIN', { infer: true });
    const now = this.clock.now();
    const lockedFor = await this.failures.secondsLocked(username, now);
    if (lockedFor > 0) throw this.tooManyAttempts(lockedFor);

    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.username = :username AND user.active', { username })
      .getOne();
    if (!(await this.hasher.verify(user?.passwordHash, password)) || !user) {
      const nowLockedFor = await this.failures.record(username, now, this.config.get('LOGIN_MAX_FAILURES', { infer: true }));
      if (nowLockedFor > 0) throw this.tooManyAttempts(nowLockedFor);
      throw adminOnly ? passwordLoginDisabled() : new ApiException(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password');
    }
    // A staff account's right password while only the admin may use one: refused, nothing recorded.
    if (adminOnly && username !== this.config.get('ADMIN_USERNAME', { infer: true }).toLowerCase()) throw passwordLoginDisabled();

    await this.failures.clear(username);
    return this.signIn(user);
  }

  /**
   * The session of an account whose owner proved who they are (a password here, or the
   * organisation's provider): the login is recorded and the token carries Turnero's role and office.
   */
  async signIn(user: Pick<StaffUser, 'id' | 'role' | 'officeId'>): Promise<AccessTokenDto> {
    await this.users.update(user.id, { lastLoginAt: this.clock.now().toJSDate() });
    const expiresIn = this.config.get('JWT_EXPIRES_IN_SECONDS', { infer: true });
    const claims: TokenClaims = { sub: user.id, role: user.role, officeId: user.officeId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn });
    return { accessToken, expiresIn };
  }

  /**
   * The user behind a bearer token, read fresh so that deactivation and role changes apply at once.
   * The token's signature check is remembered for VERIFIED_TOKEN_MS (wall clock, as jsonwebtoken
   * checks `exp`), never past its expiry; the account is looked up every time.
   */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    const nowMs = Date.now();
    let claims = this.verified.get(token, nowMs);
    if (!claims) {
      try {
        claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
      } catch {
        throw new ApiException(ErrorCode.UNAUTHORIZED, 'The session is invalid or has expired; log in again');
      }
      this.verified.set(token, claims, nowMs);
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw new ApiException(ErrorCode.UNAUTHORIZED, 'The session is invalid or has expired; log in again');
    // The account as it is now (StaffAccounts: at most a second old, and at once on the instance
    // that changed it), so a deactivation or a role change applies to tokens already given out.
    const user = await this.accounts.active(claims.sub);
    if (!user) throw new ApiException(ErrorCode.UNAUTHORIZED, 'The session is invalid or has expired; log in again');
    return { ...user };
  }

  private tooManyAttempts(seconds: number): ApiException {
    return new ApiException(
      ErrorCode.TOO_MANY_LOGIN_ATTEMPTS,
      `Too many failed logins; try again in ${Math.ceil(seconds / 60)} minutes`,
      undefined,
      { 'Retry-After': String(Math.ceil(seconds)) },
    );
  }
}
