import type { Config } from '../config/environment.js';
import type { OidcSettings } from './oidc/oidc-client.js';

/** ClaveÚnica's issuer (its discovery document is under it). */
export const CLAVEUNICA_ISSUER = 'https://accounts.claveunica.gob.cl/openid';
/** ClaveÚnica's own logout page for applications: its discovery document names no end_session_endpoint. */
export const CLAVEUNICA_LOGOUT_URL = 'https://accounts.claveunica.gob.cl/api/v1/accounts/app/logout';
export const CLAVEUNICA_CALLBACK_PATH = '/api/v1/auth/claveunica/callback';

/** The configuration ClaveÚnica's settings are made of. */
export const CLAVEUNICA_VARIABLES = [
  'NODE_ENV',
  'PUBLIC_URL',
  'CLAVEUNICA_ISSUER',
  'CLAVEUNICA_CLIENT_ID',
  'CLAVEUNICA_CLIENT_SECRET',
  'CLAVEUNICA_REDIRECT_URL',
  'CLAVEUNICA_SCOPES',
  'CLAVEUNICA_AUTHORIZATION_ENDPOINT',
  'CLAVEUNICA_TOKEN_ENDPOINT',
  'CLAVEUNICA_USERINFO_ENDPOINT',
  'CLAVEUNICA_JWKS_URI',
] as const satisfies readonly (keyof Config)[];

/**
 * The relying party's settings for ClaveÚnica, or null when sign-in is off (no CLAVEUNICA_CLIENT_ID).
 * ClaveÚnica's integration guide sends the client secret in the token request's body and reads the
 * person's RUN and name from the userinfo endpoint with a POST.
 */
export function claveUnicaSettings(config: Pick<Config, (typeof CLAVEUNICA_VARIABLES)[number]>): OidcSettings | null {
  if (!config.CLAVEUNICA_CLIENT_ID || !config.CLAVEUNICA_CLIENT_SECRET) return null;
  const explicit =
    config.CLAVEUNICA_AUTHORIZATION_ENDPOINT && config.CLAVEUNICA_TOKEN_ENDPOINT && config.CLAVEUNICA_JWKS_URI
      ? {
          authorization: config.CLAVEUNICA_AUTHORIZATION_ENDPOINT,
          token: config.CLAVEUNICA_TOKEN_ENDPOINT,
          jwks: config.CLAVEUNICA_JWKS_URI,
          ...(config.CLAVEUNICA_USERINFO_ENDPOINT ? { userinfo: config.CLAVEUNICA_USERINFO_ENDPOINT } : {}),
        }
      : undefined;
  return {
    issuer: config.CLAVEUNICA_ISSUER,
    clientId: config.CLAVEUNICA_CLIENT_ID,
    clientSecret: config.CLAVEUNICA_CLIENT_SECRET,
    clientAuthentication: 'client_secret_post',
    redirectUrl: config.CLAVEUNICA_REDIRECT_URL ?? `${config.PUBLIC_URL}${CLAVEUNICA_CALLBACK_PATH}`,
    scopes: config.CLAVEUNICA_SCOPES,
    ...(explicit ? { endpoints: explicit } : {}),
    userinfo: 'post',
    allowHttp: config.NODE_ENV !== 'production',
  };
}
