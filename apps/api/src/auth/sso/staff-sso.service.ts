import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { Config } from '../../config/environment.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asLoginError, OidcClient } from '../../identity/oidc/oidc-client.js';
import { OidcFlows } from '../../identity/oidc/oidc-flows.js';
import { StaffAccounts } from '../../staff/staff-accounts.js';
import { AuthService } from '../auth.service.js';
import type { AccessTokenDto } from '../dto/login.dto.js';
import type { AuthConfigDto } from './dto/auth-config.dto.js';
import { type ProviderIdentity, providerIdentityOf, StaffAccountMatcher } from './staff-account-matcher.js';
import { HANDOFF_SECONDS, StaffSsoHandoffs } from './staff-sso-handoffs.js';
import { STAFF_SSO_VARIABLES, type StaffSsoSettings, staffSsoSettings } from './staff-sso-settings.js';

/** Why a staff member came back from the provider without a session: `motivo` of /staff/login?sso=fallido. */
export type StaffSsoFailure = 'unknown' | 'inactive' | 'state' | 'rejected' | 'unavailable' | 'cancelled';

/** The staff console's login page: where every single sign-on ends, with ?sso=1 or ?sso=fallido&motivo=…. */
export const STAFF_LOGIN_PAGE = '/staff/login';

/**
 * The hand-off's cookie: HttpOnly, only sent to /api/v1/auth/sso (the login page's POST /session),
 * SameSite=Strict (that POST is same-site; nothing from another site may spend it), 60 s.
 */
export const HANDOFF_COOKIE = 'turnero_staff_sso';
const HANDOFF_COOKIE_PATH = '/api/v1/auth/sso';

/**
 * Staff single sign-on through the organisation's OpenID Connect provider. The provider only says
 * who the person is; the account, its role and its office are Turnero's (an admin created it), and
 * nothing is created for someone the provider knows and Turnero does not. The session is the same
 * JWT a password login gives, collected by the login page through a one-time hand-off.
 */
@Injectable()
export class StaffSsoService {
  private readonly logger = new Logger('StaffSso');
  readonly settings: StaffSsoSettings | null;
  private readonly client: OidcClient | null;
  private readonly handoffCookie: { path: string; httpOnly: true; sameSite: 'strict'; secure: boolean };

  constructor(
    private readonly config: ConfigService<Config, true>,
    private readonly matcher: StaffAccountMatcher,
    private readonly handoffs: StaffSsoHandoffs,
    private readonly accounts: StaffAccounts,
    private readonly auth: AuthService,
    private readonly flows: OidcFlows,
  ) {
    this.handoffCookie = { path: HANDOFF_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: config.get('PUBLIC_URL', { infer: true }).startsWith('https://') };
    this.settings = staffSsoSettings(Object.fromEntries(STAFF_SSO_VARIABLES.map((name) => [name, config.get(name, { infer: true })])) as Parameters<typeof staffSsoSettings>[0]);
    this.client = this.settings
      ? OidcClient.fromSettings({
          issuer: this.settings.issuer,
          clientId: this.settings.clientId,
          clientSecret: this.settings.clientSecret,
          redirectUrl: this.settings.redirectUrl,
          scopes: this.settings.scopes,
          // Directories (Keycloak, Google) put email and username in the ID token, some only in userinfo: read both.
          userinfo: 'get',
          allowHttp: config.get('NODE_ENV', { infer: true }) !== 'production',
        })
      : null;
  }

  /** What the login page shows. */
  authConfig(): AuthConfigDto {
    return { passwordLogin: this.config.get('STAFF_PASSWORD_LOGIN', { infer: true }), sso: this.settings ? { label: this.settings.label } : null };
  }

  /** Where to send the browser: the provider's authorization page, or the login page's failure message. */
  async start(reply: FastifyReply): Promise<string> {
    const client = this.enabled();
    try {
      const { url, flow } = await client.startLogin();
      await this.flows.begin(reply, 'staff_sso', flow, STAFF_LOGIN_PAGE);
      return url.href;
    } catch (error) {
      // Discovery failed: the provider is down, or its address or answer is wrong.
      const { reason, detail } = asLoginError(error);
      return this.refused(reason === 'unavailable' ? 'unavailable' : 'rejected', detail);
    }
  }

  /**
   * Where to send the browser after the provider's answer: the login page, which collects the
   * session through the hand-off cookie set here, or its failure message. The answer is checked
   * against the flow this browser started (taken once), then matched to an existing account.
   */
  async finish(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const client = this.enabled();
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    // The registered redirect URL with the provider's query: the request's own host may be a proxy's.
    const callbackUrl = new URL(this.settings!.redirectUrl);
    callbackUrl.search = query;
    const taken = await this.flows.take(request, reply, 'staff_sso');
    if ('problem' in taken) {
      // The person may have declined at the provider after their flow ran out: still "cancelled".
      return this.refused(callbackUrl.searchParams.get('error') === 'access_denied' ? 'cancelled' : 'state', taken.problem === 'state' ? 'NO_FLOW' : 'FLOW_EXPIRED');
    }
    let identity: ProviderIdentity;
    try {
      const { claims, userinfo } = await client.finishLogin(callbackUrl, taken.flow);
      identity = providerIdentityOf(claims, userinfo);
    } catch (error) {
      const { reason, detail } = asLoginError(error);
      // An ID token past its time: the person starts again, as after an expired flow ("state").
      return this.refused(reason === 'expired' ? 'state' : reason, detail);
    }
    const match = await this.matcher.match(identity);
    if (match.outcome === 'inactive') return this.refused('inactive', 'ACCOUNT_INACTIVE');
    if (match.outcome === 'unknown') return this.refused('unknown', match.why.toUpperCase().replace(/-/g, '_'));
    const secret = await this.handoffs.open(match.staffUserId);
    reply.setCookie(HANDOFF_COOKIE, secret, { ...this.handoffCookie, maxAge: HANDOFF_SECONDS });
    this.logger.log(`Staff single sign-on: account ${match.staffUserId} matched by ${match.by}`);
    return `${STAFF_LOGIN_PAGE}?sso=1`;
  }

  /** The session for this browser's hand-off (its cookie, cleared here), once, within 60 s; 401 SSO_HANDOFF_INVALID otherwise. */
  async session(request: FastifyRequest, reply: FastifyReply): Promise<AccessTokenDto> {
    this.enabled();
    const secret = request.headers.cookie === undefined ? undefined : request.cookies?.[HANDOFF_COOKIE];
    if (secret !== undefined) reply.clearCookie(HANDOFF_COOKIE, this.handoffCookie);
    const staffUserId = await this.handoffs.take(secret);
    // Deactivated in the seconds since the callback: no session either.
    const account = staffUserId ? await this.accounts.active(staffUserId) : null;
    if (!account) throw new ApiException(ErrorCode.SSO_HANDOFF_INVALID, 'No single sign-on waits to be completed here (missing, used or older than 60 s); sign in again');
    return this.auth.signIn(account);
  }

  private enabled(): OidcClient {
    if (!this.client) throw new ApiException(ErrorCode.SSO_DISABLED, 'Staff single sign-on is not enabled on this site');
    return this.client;
  }

  /** The login page's failure message; logs the reason code only (never a claim, token, username or email). */
  private refused(reason: StaffSsoFailure, detail: string): string {
    const line = `Staff single sign-on refused: ${reason} (${detail})`;
    if (reason === 'unavailable') this.logger.warn(line);
    else this.logger.log(line);
    return `${STAFF_LOGIN_PAGE}?sso=fallido&motivo=${reason}`;
  }
}
