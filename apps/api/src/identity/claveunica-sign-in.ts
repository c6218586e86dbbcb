import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/environment.js';
import { ApplicantSessions } from './applicant-sessions.js';
import { claveUnicaPerson } from './claveunica-claims.js';
import { CLAVEUNICA_ISSUER, CLAVEUNICA_LOGOUT_URL, CLAVEUNICA_VARIABLES, claveUnicaSettings } from './claveunica-settings.js';
import { OidcClient, OidcLoginError, type OidcSettings } from './oidc/oidc-client.js';
import { OidcFlows } from './oidc/oidc-flows.js';
import { failedSignInLocation, safeReturnTo } from './return-to.js';

/**
 * The applicant's ClaveÚnica sign-in: starts a login (flow remembered, browser sent to ClaveÚnica),
 * finishes it (flow taken once, answer checked, person mapped, session opened), and ends it.
 * Failures end on /mis-tramites?ingreso=fallido&motivo=<reason>; only the reason is logged.
 */
@Injectable()
export class ClaveUnicaSignIn {
  private readonly logger = new Logger('ClaveUnicaSignIn');
  private readonly settings: OidcSettings | null;
  private readonly client: OidcClient | null;

  constructor(
    private readonly flows: OidcFlows,
    private readonly sessions: ApplicantSessions,
    private readonly config: ConfigService<Config, true>,
  ) {
    this.settings = claveUnicaSettings(
      Object.fromEntries(CLAVEUNICA_VARIABLES.map((name) => [name, config.get(name, { infer: true })])) as Parameters<typeof claveUnicaSettings>[0],
    );
    this.client = this.settings ? OidcClient.fromSettings(this.settings) : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /** Where to send the browser: ClaveÚnica's authorization page, or the failure page when ClaveÚnica cannot be reached. */
  async start(reply: FastifyReply, returnTo: string | undefined): Promise<string> {
    const client = this.required();
    try {
      const { url, flow } = await client.startLogin();
      await this.flows.begin(reply, 'claveunica', flow, safeReturnTo(returnTo));
      return url.href;
    } catch (error) {
      if (!(error instanceof OidcLoginError)) throw error;
      this.logRefusal(error);
      return failedSignInLocation(error.reason);
    }
  }

  /** Where to send the browser after ClaveÚnica's answer: returnTo with a session cookie, or the failure page. */
  async finish(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const client = this.required();
    try {
      const taken = await this.flows.take(request, reply, 'claveunica');
      if ('problem' in taken) throw new OidcLoginError(taken.problem, taken.problem === 'state' ? 'NO_FLOW' : 'FLOW_EXPIRED');
      // The registered redirect URL with the provider's query: the request's own host may be a proxy's.
      const callbackUrl = new URL(this.settings!.redirectUrl);
      callbackUrl.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const login = await client.finishLogin(callbackUrl, taken.flow);
      const person = claveUnicaPerson(login.claims, login.userinfo);
      if (!person) throw new OidcLoginError('rejected', 'CLAIMS_MISSING');
      // A browser signs in as one person at a time: the session it had ends here.
      await this.sessions.end(request);
      const { cookieValue, session } = await this.sessions.open(person);
      this.sessions.setCookie(reply, cookieValue, session);
      this.logger.log('ClaveÚnica sign-in succeeded');
      return taken.returnTo;
    } catch (error) {
      if (!(error instanceof OidcLoginError)) throw error;
      this.logRefusal(error);
      return failedSignInLocation(error.reason);
    }
  }

  /**
   * Where the applicant may also end their ClaveÚnica session: CLAVEUNICA_LOGOUT_URL, else the
   * provider's discovered end_session_endpoint, else ClaveÚnica's own logout page when the issuer
   * is ClaveÚnica's. null when sign-in is off or none is known.
   */
  async providerLogoutUrl(): Promise<string | null> {
    if (!this.client) return null;
    const configured = this.config.get('CLAVEUNICA_LOGOUT_URL', { infer: true });
    if (configured) return configured;
    const discovered = await this.client.endSessionUrl();
    if (discovered) return discovered;
    return this.client.issuer.replace(/\/+$/, '') === CLAVEUNICA_ISSUER ? CLAVEUNICA_LOGOUT_URL : null;
  }

  private required(): OidcClient {
    if (!this.client) throw new Error('ClaveÚnica sign-in is off');
    return this.client;
  }

  /** The reason and a machine code, nothing from the provider's answer (no claim, token, RUN or name). */
  private logRefusal(error: OidcLoginError): void {
    const line = `ClaveÚnica sign-in refused: ${error.reason} (${error.detail})`;
    if (error.reason === 'unavailable') this.logger.warn(line);
    else this.logger.log(line);
  }
}
