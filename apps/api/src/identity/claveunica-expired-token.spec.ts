import { afterAll, beforeAll, expect, it } from 'vitest';
import { claveUnicaEnv, type ClaveUnicaTestApi, setCookies, startClaveUnicaApi, startClaveUnicaProvider } from '../testing/claveunica-test-api.js';
import type { TestOidcProvider } from '../testing/oidc-provider.js';
import { APPLICANT_COOKIE } from './applicant-sessions.js';

/** A real provider whose clock is two hours behind: its ID tokens are expired when they arrive. */
let provider: TestOidcProvider;
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  provider = await startClaveUnicaProvider({ clockOffsetSeconds: -2 * 3600 });
  api = await startClaveUnicaApi(claveUnicaEnv(provider.issuer));
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

it('refuses an expired ID token: failure page with motivo=expired, no session', async () => {
  const { location, callback, callbackUrl } = await api.signIn('ana');
  expect(callbackUrl.searchParams.get('code')).toBeTruthy();
  expect(location).toBe('/mis-tramites?ingreso=fallido&motivo=expired');
  expect(setCookies(callback)[APPLICANT_COOKIE]).toBeUndefined();
  expect(await api.sessions()).toEqual([]);
  expect(api.lines.join('\n')).toContain('ClaveÚnica sign-in refused: expired (OAUTH_JWT_TIMESTAMP_CHECK_FAILED)');
});
