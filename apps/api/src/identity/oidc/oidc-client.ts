import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';

/**
 * How a relying party reaches one OpenID Connect provider. Nothing here is specific to a provider:
 * ClaveÚnica (identity/claveunica-settings.ts) and staff single sign-on (auth/sso/) each build one.
 */
export interface OidcSettings {
  /** The provider's issuer: the `iss` every ID token must carry, and where discovery starts without `endpoints`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token endpoint. Default client_secret_basic. */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  /** The redirect URL registered with the provider (the callback's public address). */
  redirectUrl: string;
  /** Space-separated scopes, openid among them. */
  scopes: string;
  /** Explicit endpoints instead of discovery (the issuer is still the expected `iss`). */
  endpoints?: { authorization: string; token: string; jwks: string; userinfo?: string; endSession?: string };
  /**
   * Whether claims are also read from the userinfo endpoint after the token exchange, and how it is
   * called: GET (OpenID Connect's default) or POST with the bearer token (ClaveÚnica's documented
   * way). Default GET when the provider has a userinfo endpoint.
   */
  userinfo?: 'none' | 'get' | 'post';
  /** http:// addresses are refused unless this is true (tests and development only, never production). */
  allowHttp: boolean;
  /** Seconds an HTTP request to the provider may take. Default 10. */
  timeoutSeconds?: number;
}

/** What a started login must remember until its callback: kept server-side (oidc-flows.ts), never in a URL. */
export interface LoginFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Why a login failed, as the user is told (the only thing logged about it):
 * cancelled — the person declined at the provider; state — no login of this browser waits for
 * this answer (wrong or replayed state, no flow cookie); expired — the login or the ID token is
 * too old; rejected — the provider's answer failed a check (code, issuer, audience, nonce,
 * signature, claims); unavailable — the provider could not be reached or answered nonsense.
 */
export type OidcFailureReason = 'cancelled' | 'state' | 'expired' | 'rejected' | 'unavailable';

export class OidcLoginError extends Error {
  override name = 'OidcLoginError';

  constructor(
    readonly reason: OidcFailureReason,
    /** A machine code for the log (openid-client's error code, or our own): never a claim or token. */
    readonly detail: string,
  ) {
    super(`OpenID Connect login failed: ${reason} (${detail})`);
  }
}

export interface FinishedLogin {
  /** The ID token's verified claims. */
  claims: oidc.IDToken;
  /** The userinfo endpoint's claims (same subject), when the settings ask for them. */
  userinfo?: oidc.UserInfoResponse;
  /** The raw ID token. */
  idToken: string;
}

/**
 * An OpenID Connect relying party: the authorization code flow with PKCE (S256), `state` and
 * `nonce`, on top of openid-client. Discovery happens on first use and is remembered; a failed
 * discovery is tried again on the next login.
 */
export class OidcClient {
  private configuration?: Promise<oidc.Configuration>;

  private constructor(private readonly settings: OidcSettings) {}

  static fromSettings(settings: OidcSettings): OidcClient {
    const addresses = [settings.issuer, settings.redirectUrl, ...Object.values(settings.endpoints ?? {})];
    const insecure = addresses.find((address) => address !== undefined && new URL(address).protocol !== 'https:');
    if (insecure !== undefined && !settings.allowHttp) throw new Error(`OpenID Connect addresses must be https:// (${new URL(insecure).origin} is not)`);
    if (!settings.scopes.split(' ').includes('openid')) throw new Error('OpenID Connect scopes must include openid');
    return new OidcClient(settings);
  }

  get issuer(): string {
    return this.settings.issuer;
  }

  /** The provider's authorization URL for a new login, and what the callback will need to check it. */
  async startLogin(): Promise<{ url: URL; flow: LoginFlow }> {
    const configuration = await this.configured();
    const flow: LoginFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      response_type: 'code',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, flow };
  }

  /**
   * Checks the provider's answer (`callbackUrl`: the registered redirect URL with the query the
   * provider sent) against the flow this browser started, exchanges the code and verifies the ID
   * token (signature, issuer, audience, expiry, nonce). Throws OidcLoginError with a reason.
   */
  async finishLogin(callbackUrl: URL, flow: LoginFlow): Promise<FinishedLogin> {
    const params = callbackUrl.searchParams;
    // The state is compared first, by us: a forged or crossed answer is "state", whatever else it says.
    if (!sameSecret(params.get('state'), flow.state)) throw new OidcLoginError('state', 'STATE_MISMATCH');
    const configuration = await this.configured();
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new OidcLoginError('rejected', 'NO_ID_TOKEN');
      const userinfo = await this.userinfo(configuration, tokens.access_token, claims.sub);
      return { claims, idToken: tokens.id_token, ...(userinfo ? { userinfo } : {}) };
    } catch (error) {
      throw asLoginError(error);
    }
  }

  /**
   * Where to send a person to end their session at the provider too, or null when the provider has
   * no such address. The ID token is never put in it (no token in a URL): the client id says who asks.
   */
  async endSessionUrl(): Promise<string | null> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.configured();
    } catch {
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(configuration, { client_id: this.settings.clientId }).href;
  }

  private configured(): Promise<oidc.Configuration> {
    this.configuration ??= this.configure().catch((error: unknown) => {
      this.configuration = undefined;
      throw asLoginError(error);
    });
    return this.configuration;
  }

  private async configure(): Promise<oidc.Configuration> {
    const { settings } = this;
    const authentication =
      settings.clientAuthentication === 'client_secret_post' ? oidc.ClientSecretPost(settings.clientSecret) : oidc.ClientSecretBasic(settings.clientSecret);
    const execute = settings.allowHttp ? [oidc.allowInsecureRequests] : [];
    const timeout = settings.timeoutSeconds ?? 10;
    let configuration: oidc.Configuration;
    if (settings.endpoints) {
      const { endpoints } = settings;
      configuration = new oidc.Configuration(
        {
          issuer: settings.issuer,
          authorization_endpoint: endpoints.authorization,
          token_endpoint: endpoints.token,
          jwks_uri: endpoints.jwks,
          ...(endpoints.userinfo ? { userinfo_endpoint: endpoints.userinfo } : {}),
          ...(endpoints.endSession ? { end_session_endpoint: endpoints.endSession } : {}),
        },
        settings.clientId,
        settings.clientSecret,
        authentication,
      );
      for (const step of execute) step(configuration);
    } else {
      configuration = await oidc.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, authentication, { execute, timeout });
    }
    configuration.timeout = timeout;
    return configuration;
  }

  private async userinfo(configuration: oidc.Configuration, accessToken: string, subject: string): Promise<oidc.UserInfoResponse | undefined> {
    const endpoint = configuration.serverMetadata().userinfo_endpoint;
    const mode = this.settings.userinfo ?? 'get';
    if (mode === 'none' || !endpoint) return undefined;
    if (mode === 'get') return oidc.fetchUserInfo(configuration, accessToken, subject);
    const response = await oidc.fetchProtectedResource(configuration, accessToken, new URL(endpoint), 'POST');
    if (!response.ok) throw new OidcLoginError(response.status >= 500 ? 'unavailable' : 'rejected', `USERINFO_HTTP_${response.status}`);
    const body = (await response.json().catch(() => null)) as oidc.UserInfoResponse | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new OidcLoginError('rejected', 'USERINFO_NOT_JSON');
    // OpenID Connect Core 5.3.2: the userinfo must be about the ID token's subject.
    if (body.sub !== subject) throw new OidcLoginError('rejected', 'USERINFO_SUBJECT_MISMATCH');
    return body;
  }
}

function sameSecret(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Any failure of a login, as one of the reasons a person is told. */
export function asLoginError(error: unknown): OidcLoginError {
  if (error instanceof OidcLoginError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    // The provider's own answer in the redirect: access_denied is the person saying no.
    return new OidcLoginError(error.error === 'access_denied' ? 'cancelled' : 'rejected', `AUTHORIZATION_${error.error.toUpperCase().replace(/[^A-Z_]/g, '_').slice(0, 40)}`);
  }
  if (error instanceof oidc.ResponseBodyError) {
    // invalid_grant: a used, expired or unknown code; 5xx: the provider is in trouble.
    if (error.status >= 500) return new OidcLoginError('unavailable', `TOKEN_HTTP_${error.status}`);
    return new OidcLoginError('rejected', `TOKEN_${error.error.toUpperCase().replace(/[^A-Z_]/g, '_').slice(0, 40)}`);
  }
  if (error instanceof oidc.ClientError) {
    switch (error.code) {
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
        return new OidcLoginError('expired', error.code);
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
      case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
      case 'OAUTH_REQUEST_PROTOCOL_FORBIDDEN':
        return new OidcLoginError('unavailable', error.code);
      default:
        return new OidcLoginError('rejected', error.code ?? 'CLIENT_ERROR');
    }
  }
  // fetch's TypeError (refused, reset, DNS) and AbortSignal's TimeoutError: the provider is out of reach.
  if (error instanceof TypeError && error.message === 'fetch failed') return new OidcLoginError('unavailable', 'NETWORK');
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return new OidcLoginError('unavailable', 'TIMEOUT');
  return new OidcLoginError('rejected', 'UNEXPECTED');
}
