import { useEffect, useState } from 'react';
import { staffApi } from '../api.js';

export interface AuthConfig {
  passwordLogin: boolean;
  sso: { label: string } | null;
}

/** What a network failure shows: the password form, which says itself whether the API refuses it. */
const FALLBACK: AuthConfig = { passwordLogin: true, sso: null };

/** How staff log in on this deployment (GET /auth/config); null until the API answered. */
export function useAuthConfig(): AuthConfig | null {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  useEffect(() => {
    let live = true;
    staffApi.GET('/api/v1/auth/config').then(
      ({ data }) => live && setConfig(data ?? FALLBACK),
      () => live && setConfig(FALLBACK),
    );
    return () => {
      live = false;
    };
  }, []);
  return config;
}

/** The reasons GET /auth/sso/callback gives in `motivo` when it sends staff back without a session. */
export const SSO_FAILURES = ['unknown', 'inactive', 'state', 'rejected', 'unavailable', 'cancelled'] as const;
export type SsoFailure = (typeof SSO_FAILURES)[number] | 'handoff' | 'other';

export function ssoFailureOf(motivo: string | null): SsoFailure {
  return (SSO_FAILURES as readonly string[]).includes(motivo ?? '') ? (motivo as SsoFailure) : 'other';
}

/** Where the single sign-on button goes: a full navigation, the API sends the browser on to the provider. */
export const SSO_LOGIN_PATH = '/api/v1/auth/sso/login';
