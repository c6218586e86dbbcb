import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ANA_DOCUMENT,
  claveUnicaEnv,
  type ClaveUnicaTestApi,
  meOf,
  setCookies,
  startClaveUnicaApi,
  startClaveUnicaProvider,
  TEST_PUBLIC_HTTPS_URL,
} from '../testing/claveunica-test-api.js';
import type { TestOidcProvider } from '../testing/oidc-provider.js';
import { APPLICANT_COOKIE } from './applicant-sessions.js';
import { OIDC_FLOW_COOKIE } from './oidc/oidc-flows.js';

/** PUBLIC_URL on https (TLS ends at the proxy): both cookies are Secure. */
let provider: TestOidcProvider;
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  provider = await startClaveUnicaProvider();
  api = await startClaveUnicaApi(claveUnicaEnv(provider.issuer), TEST_PUBLIC_HTTPS_URL);
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

it('sets the flow and session cookies Secure, HttpOnly, SameSite=Lax on their paths', async () => {
  const login = await api.get('/api/v1/auth/claveunica/login');
  expect(new URL(login.headers.get('location')!).searchParams.get('redirect_uri')).toBe(`${TEST_PUBLIC_HTTPS_URL}/api/v1/auth/claveunica/callback`);
  const flow = setCookies(login)[OIDC_FLOW_COOKIE];
  expect(flow).toMatch(/; Secure/);
  expect(flow).toMatch(/; HttpOnly/);
  expect(flow).toMatch(/; SameSite=Lax/);
  expect(flow).toMatch(/; Path=\/api\/v1\/auth(;|$)/);
  expect(flow).toMatch(/Max-Age=600/);

  const { callback, jar } = await api.signIn('ana');
  const session = setCookies(callback)[APPLICANT_COOKIE];
  expect(session).toMatch(/; Secure/);
  expect(session).toMatch(/; HttpOnly/);
  expect(session).toMatch(/; SameSite=Lax/);
  expect(session).toMatch(/; Path=\/api\/v1(;|$)/);
  expect((await meOf(api, jar)).applicant?.documentNumber).toBe(ANA_DOCUMENT);
});
