import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../config/environment.js';
import { claveUnicaSettings } from './claveunica-settings.js';

const ON = { CLAVEUNICA_CLIENT_ID: 'turnero', CLAVEUNICA_CLIENT_SECRET: 'the-secret' };
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'a-long-password', DATABASE_URL: 'postgres://u:p@db/turnero' };
const ENDPOINTS = {
  CLAVEUNICA_AUTHORIZATION_ENDPOINT: 'https://accounts.claveunica.gob.cl/openid/authorize',
  CLAVEUNICA_TOKEN_ENDPOINT: 'https://accounts.claveunica.gob.cl/openid/token',
  CLAVEUNICA_USERINFO_ENDPOINT: 'https://accounts.claveunica.gob.cl/openid/userinfo',
  CLAVEUNICA_JWKS_URI: 'https://accounts.claveunica.gob.cl/openid/jwks',
};

describe('ClaveÚnica configuration', () => {
  it('is off without CLAVEUNICA_CLIENT_ID, with ClaveÚnica defaults ready', () => {
    const config = validateEnvironment({});
    expect(claveUnicaSettings(config)).toBeNull();
    expect(config.CLAVEUNICA_ISSUER).toBe('https://accounts.claveunica.gob.cl/openid');
    expect(config.CLAVEUNICA_SCOPES).toBe('openid run name');
    expect(config.APPLICANT_SESSION_MINUTES).toBe(30);
  });

  it('discovers from the issuer, posts the secret, reads userinfo by POST, and comes back to PUBLIC_URL', () => {
    expect(claveUnicaSettings(validateEnvironment({ ...ON, PUBLIC_URL: 'https://turnos.example.cl/' }))).toEqual({
      issuer: 'https://accounts.claveunica.gob.cl/openid',
      clientId: 'turnero',
      clientSecret: 'the-secret',
      clientAuthentication: 'client_secret_post',
      redirectUrl: 'https://turnos.example.cl/api/v1/auth/claveunica/callback',
      scopes: 'openid run name',
      userinfo: 'post',
      allowHttp: true,
    });
  });

  it('takes the four endpoints together, and refuses some without the others', () => {
    const settings = claveUnicaSettings(validateEnvironment({ ...ON, ...ENDPOINTS }));
    expect(settings?.endpoints).toEqual({
      authorization: ENDPOINTS.CLAVEUNICA_AUTHORIZATION_ENDPOINT,
      token: ENDPOINTS.CLAVEUNICA_TOKEN_ENDPOINT,
      userinfo: ENDPOINTS.CLAVEUNICA_USERINFO_ENDPOINT,
      jwks: ENDPOINTS.CLAVEUNICA_JWKS_URI,
    });
    expect(() => validateEnvironment({ ...ON, CLAVEUNICA_TOKEN_ENDPOINT: ENDPOINTS.CLAVEUNICA_TOKEN_ENDPOINT })).toThrow(
      /CLAVEUNICA_AUTHORIZATION_ENDPOINT, CLAVEUNICA_USERINFO_ENDPOINT, CLAVEUNICA_JWKS_URI must be set with CLAVEUNICA_TOKEN_ENDPOINT/,
    );
  });

  it('refuses half a configuration, naming what is missing, without repeating the secret', () => {
    expect(() => validateEnvironment({ CLAVEUNICA_CLIENT_ID: 'turnero' })).toThrow(/CLAVEUNICA_CLIENT_SECRET is required with CLAVEUNICA_CLIENT_ID/);
    const error = (() => {
      try {
        validateEnvironment({ CLAVEUNICA_CLIENT_SECRET: 'the-secret' });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toMatch(/CLAVEUNICA_CLIENT_SECRET is set but CLAVEUNICA_CLIENT_ID is not/);
    expect(error?.message).not.toContain('the-secret');
  });

  it('wants https and a public address in production, and allows http only outside it', () => {
    expect(() => validateEnvironment({ ...PRODUCTION, ...ON, CLAVEUNICA_ISSUER: 'http://claveunica.test/openid' })).toThrow(/CLAVEUNICA_ISSUER must be https:\/\//);
    expect(() => validateEnvironment({ ...PRODUCTION, ...ON })).toThrow(/PUBLIC_URL \(or CLAVEUNICA_REDIRECT_URL\) is required/);
    const production = claveUnicaSettings(validateEnvironment({ ...PRODUCTION, ...ON, PUBLIC_URL: 'https://turnos.example.cl' }));
    expect(production?.allowHttp).toBe(false);
  });

  it('keeps sessions between 5 minutes and a day', () => {
    expect(validateEnvironment({ APPLICANT_SESSION_MINUTES: '45' }).APPLICANT_SESSION_MINUTES).toBe(45);
    expect(() => validateEnvironment({ APPLICANT_SESSION_MINUTES: '1' })).toThrow(/APPLICANT_SESSION_MINUTES/);
  });
});
