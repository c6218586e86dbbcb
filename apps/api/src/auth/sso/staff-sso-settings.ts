import type { Config } from '../../config/environment.js';

/** The organisation's OpenID Connect provider as this deployment registered Turnero with it. */
export interface StaffSsoSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Exactly the redirect URL registered with the provider. */
  redirectUrl: string;
  scopes: string;
  /** The login button's text: "Ingresar con <label>". */
  label: string;
}

/** What the settings are read from (the validated environment). */
export const STAFF_SSO_VARIABLES = [
  'STAFF_OIDC_ISSUER', 'STAFF_OIDC_CLIENT_ID', 'STAFF_OIDC_CLIENT_SECRET', 'STAFF_OIDC_REDIRECT_URL', 'STAFF_OIDC_SCOPES', 'STAFF_OIDC_LABEL', 'PUBLIC_URL',
] as const;

/** Staff single sign-on's settings, or null when it is off (no STAFF_OIDC_CLIENT_ID). validateEnvironment made them whole. */
export function staffSsoSettings(config: Pick<Config, (typeof STAFF_SSO_VARIABLES)[number]>): StaffSsoSettings | null {
  if (!config.STAFF_OIDC_CLIENT_ID || !config.STAFF_OIDC_ISSUER || !config.STAFF_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: config.STAFF_OIDC_ISSUER,
    clientId: config.STAFF_OIDC_CLIENT_ID,
    clientSecret: config.STAFF_OIDC_CLIENT_SECRET,
    redirectUrl: config.STAFF_OIDC_REDIRECT_URL ?? `${config.PUBLIC_URL}/api/v1/auth/sso/callback`,
    scopes: config.STAFF_OIDC_SCOPES,
    label: config.STAFF_OIDC_LABEL,
  };
}
