import { describe, expect, it } from 'vitest';
import { ConfigurationError, validateEnvironment } from '../../config/environment.js';
import { staffSsoSettings } from './staff-sso-settings.js';

const SSO = { STAFF_OIDC_ISSUER: 'https://sso.example.cl/realms/turnero', STAFF_OIDC_CLIENT_ID: 'turnero', STAFF_OIDC_CLIENT_SECRET: 'a-client-secret' };
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'a-long-admin-password', DATABASE_URL: 'postgres://u:p@db/turnero' };

/** The start-up error's text, or '' when the environment is accepted. */
function refusal(env: Record<string, string>): string {
  try {
    validateEnvironment(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
}

describe('staff single sign-on settings', () => {
  it('are off, with password login on, when nothing is set', () => {
    const config = validateEnvironment({});
    expect(staffSsoSettings(config)).toBeNull();
    expect(config.STAFF_PASSWORD_LOGIN).toBe(true);
  });

  it('take the redirect URL from PUBLIC_URL, the scopes and the button label from their defaults', () => {
    expect(staffSsoSettings(validateEnvironment({ ...SSO, PUBLIC_URL: 'https://turnos.example.cl/' }))).toEqual({
      issuer: SSO.STAFF_OIDC_ISSUER,
      clientId: 'turnero',
      clientSecret: 'a-client-secret',
      redirectUrl: 'https://turnos.example.cl/api/v1/auth/sso/callback',
      scopes: 'openid email profile',
      label: 'Cuenta institucional',
    });
    const explicit = staffSsoSettings(
      validateEnvironment({ ...SSO, STAFF_OIDC_REDIRECT_URL: 'https://staff.example.cl/cb', STAFF_OIDC_SCOPES: 'openid email', STAFF_OIDC_LABEL: 'Google' }),
    );
    expect(explicit).toMatchObject({ redirectUrl: 'https://staff.example.cl/cb', scopes: 'openid email', label: 'Google' });
  });

  it('stop the start when half configured, naming what is missing', () => {
    expect(refusal({ STAFF_OIDC_CLIENT_ID: 'turnero' })).toMatch(/STAFF_OIDC_ISSUER is required[\s\S]*STAFF_OIDC_CLIENT_SECRET is required/);
    expect(refusal({ STAFF_OIDC_ISSUER: SSO.STAFF_OIDC_ISSUER })).toContain('STAFF_OIDC_ISSUER is set but STAFF_OIDC_CLIENT_ID is not');
    expect(refusal({ STAFF_OIDC_CLIENT_SECRET: 'x' })).toContain('STAFF_OIDC_CLIENT_SECRET is set but STAFF_OIDC_CLIENT_ID is not');
  });

  it('refuse malformed values', () => {
    expect(refusal({ ...SSO, STAFF_OIDC_ISSUER: 'sso.example.cl' })).toContain('STAFF_OIDC_ISSUER must be');
    expect(refusal({ ...SSO, STAFF_OIDC_REDIRECT_URL: 'https://turnos.example.cl/cb?x=1' })).toContain('STAFF_OIDC_REDIRECT_URL must be');
    expect(refusal({ ...SSO, STAFF_OIDC_SCOPES: 'email profile' })).toContain('STAFF_OIDC_SCOPES must be');
    expect(refusal({ ...SSO, STAFF_OIDC_LABEL: 'x'.repeat(61) })).toContain('STAFF_OIDC_LABEL');
  });

  it('want https for the provider and the way back in production', () => {
    expect(refusal({ ...PRODUCTION, ...SSO, PUBLIC_URL: 'https://turnos.example.cl' })).toBe('');
    expect(refusal({ ...PRODUCTION, ...SSO, PUBLIC_URL: 'https://turnos.example.cl', STAFF_OIDC_ISSUER: 'http://sso.example.cl' })).toContain('STAFF_OIDC_ISSUER must be https://');
    expect(refusal({ ...PRODUCTION, ...SSO, STAFF_OIDC_REDIRECT_URL: 'http://turnos.example.cl/api/v1/auth/sso/callback' })).toContain('STAFF_OIDC_REDIRECT_URL must be https://');
    expect(refusal({ ...PRODUCTION, ...SSO })).toContain('PUBLIC_URL (or STAFF_OIDC_REDIRECT_URL) is required');
    // Outside production a local provider over http is fine (tests, development).
    expect(refusal({ ...SSO, STAFF_OIDC_ISSUER: 'http://127.0.0.1:4000' })).toBe('');
  });

  it('refuse password login turned off without single sign-on (only the bootstrap admin could log in)', () => {
    expect(refusal({ STAFF_PASSWORD_LOGIN: 'false' })).toContain('STAFF_PASSWORD_LOGIN=false needs staff single sign-on');
    expect(validateEnvironment({ ...SSO, STAFF_PASSWORD_LOGIN: 'false' }).STAFF_PASSWORD_LOGIN).toBe(false);
  });
});
