import { afterAll, beforeAll, expect, it } from 'vitest';
import { claveUnicaEnv, type ClaveUnicaTestApi, startClaveUnicaApi, startClaveUnicaProvider } from '../testing/claveunica-test-api.js';
import type { TestOidcProvider } from '../testing/oidc-provider.js';

/**
 * The API expects ClaveÚnica's issuer X but its endpoints are another real provider's (Y), which
 * signs its tokens as Y: whatever Y says is refused.
 */
let expected: TestOidcProvider;
let other: TestOidcProvider;
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  [expected, other] = await Promise.all([startClaveUnicaProvider(), startClaveUnicaProvider()]);
  api = await startClaveUnicaApi(
    claveUnicaEnv(expected.issuer, {
      CLAVEUNICA_AUTHORIZATION_ENDPOINT: other.endpoints.authorization,
      CLAVEUNICA_TOKEN_ENDPOINT: other.endpoints.token,
      CLAVEUNICA_USERINFO_ENDPOINT: other.endpoints.userinfo,
      CLAVEUNICA_JWKS_URI: other.endpoints.jwks,
    }),
  );
});

afterAll(async () => {
  await api?.close();
  await Promise.all([expected?.close(), other?.close()]);
});

it('refuses a token from another issuer: failure page with motivo=rejected, no session', async () => {
  const { location, callbackUrl } = await api.signIn('ana');
  // The sign-in at Y went through: a code came back, and it was the issuer that failed.
  expect(callbackUrl.searchParams.get('code')).toBeTruthy();
  expect(callbackUrl.searchParams.get('iss')).toBe(other.issuer);
  expect(location).toBe('/mis-tramites?ingreso=fallido&motivo=rejected');
  expect(await api.sessions()).toEqual([]);
});
