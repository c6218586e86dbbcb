import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ANA_DOCUMENT,
  ANA_FULL_NAME,
  CLAVEUNICA_CALLBACK,
  CLAVEUNICA_TEST_CLIENT,
  claveUnicaEnv,
  type ClaveUnicaTestApi,
  meOf,
  setCookies,
  startClaveUnicaApi,
  startClaveUnicaProvider,
  TEST_PUBLIC_URL,
} from '../testing/claveunica-test-api.js';
import { CookieJar, type TestOidcProvider } from '../testing/oidc-provider.js';
import { APPLICANT_COOKIE, hashToken } from './applicant-sessions.js';
import { IdentitySweep } from './identity-sweep.js';
import { OIDC_FLOW_COOKIE } from './oidc/oidc-flows.js';

/**
 * ClaveÚnica sign-in over HTTP, end to end: the real API (listening) on its own PostgreSQL, a real
 * OpenID provider with ClaveÚnica's claims, and a browser-like client following the redirects.
 * Refusals that need another provider or configuration have their own files (claveunica-*.spec.ts).
 */
let provider: TestOidcProvider;
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  provider = await startClaveUnicaProvider();
  api = await startClaveUnicaApi(claveUnicaEnv(provider.issuer));
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

// Each test starts with no session and no login under way.
beforeEach(() => api.t.db.query(`TRUNCATE applicant_sessions, oidc_flows`));

describe('ClaveÚnica sign-in, with a real provider', () => {

  it('signs in, shows the applicant on /me, and logs out: cookie cleared, row deleted, provider logout offered', async () => {
    const { callback, location, jar } = await api.signIn('ana', { returnTo: '/reservar?oficina=1#paso-2' });
    expect(callback.status).toBe(302);
    expect(location).toBe('/reservar?oficina=1#paso-2');
    expect(callback.headers.get('cache-control')).toBe('no-store');
    const cookie = setCookies(callback)[APPLICANT_COOKIE];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/api\/v1(;|$)/);
    expect(cookie).toMatch(/Max-Age=1800/);
    expect(cookie).not.toMatch(/Secure/);
    // The login's flow cookie is spent at the callback.
    expect(jar.get(OIDC_FLOW_COOKIE)).toBeUndefined();

    const me = await meOf(api, jar);
    expect(me.claveUnica).toEqual({ enabled: true });
    expect(me.applicant).toMatchObject({ fullName: ANA_FULL_NAME, documentType: 'RUT', documentNumber: ANA_DOCUMENT });
    expect(Date.parse(me.applicant!.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);

    // Only the token's SHA-256 is stored; no flow is left behind.
    const token = jar.get(APPLICANT_COOKIE)!.value;
    const rows = await api.sessions();
    expect(rows).toEqual([{ token_hash: hashToken(token), document_number: ANA_DOCUMENT, full_name: ANA_FULL_NAME }]);
    expect(JSON.stringify(await api.t.db.query(`SELECT * FROM applicant_sessions`))).not.toContain(token);
    expect(await api.t.db.query(`SELECT count(*)::int AS n FROM oidc_flows`)).toEqual([{ n: 0 }]);

    const stolen = new CookieJar();
    stolen.set(new URL(TEST_PUBLIC_URL), APPLICANT_COOKIE, token, '/api/v1');
    const logout = await api.post('/api/v1/auth/claveunica/logout', jar);
    expect(logout.status).toBe(200);
    expect(logout.headers.get('cache-control')).toBe('no-store');
    const { providerLogoutUrl } = (await logout.json()) as { providerLogoutUrl: string };
    const logoutUrl = new URL(providerLogoutUrl);
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(provider.endpoints.endSession);
    expect(logoutUrl.searchParams.get('client_id')).toBe(CLAVEUNICA_TEST_CLIENT.clientId);
    expect(providerLogoutUrl).not.toMatch(/id_token/);
    expect(setCookies(logout)[APPLICANT_COOKIE]).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(jar.get(APPLICANT_COOKIE)).toBeUndefined();
    expect(await api.sessions()).toEqual([]);
    // The old cookie, kept by someone, opens nothing.
    expect((await meOf(api, stolen)).applicant).toBeNull();
  });

  it('a second sign-in in the same browser replaces the first session', async () => {
    const first = await api.signIn('ana');
    const second = await api.signIn('ana', { jar: first.jar });
    expect(second.location).toBe('/mis-tramites');
    expect(await api.sessions()).toHaveLength(1);
    await api.post('/api/v1/auth/claveunica/logout', second.jar);
  });

  it('refuses an answer with a wrong state: no session', async () => {
    const { location, callback } = await api.signIn('ana', {
      tamperCallback: (url) => {
        url.searchParams.set('state', 'forged-state-value');
        return url;
      },
    });
    expect(location).toBe('/mis-tramites?ingreso=fallido&motivo=state');
    expect(setCookies(callback)[APPLICANT_COOKIE]).toBeUndefined();
    expect(await api.sessions()).toEqual([]);
  });

  it('refuses a replayed callback (code and state used once already), with or without the old flow cookie', async () => {
    let flowCookie = '';
    const jar = new CookieJar();
    const { callbackUrl } = await api.signIn('ana', {
      jar,
      tamperCallback: (url) => {
        flowCookie = jar.get(OIDC_FLOW_COOKIE)!.value;
        return url;
      },
    });
    expect(await api.sessions()).toHaveLength(1);
    // The same browser, the same URL again.
    const again = await api.get(`${callbackUrl.pathname}${callbackUrl.search}`, jar);
    expect(again.headers.get('location')).toBe('/mis-tramites?ingreso=fallido&motivo=state');
    // Someone who copied the URL and the flow cookie from the first attempt.
    const copied = new CookieJar();
    expect(flowCookie).toMatch(/^[\w-]{43}$/);
    copied.set(new URL(TEST_PUBLIC_URL), OIDC_FLOW_COOKIE, flowCookie, '/api/v1/auth');
    const replay = await api.get(`${callbackUrl.pathname}${callbackUrl.search}`, copied);
    expect(replay.headers.get('location')).toBe('/mis-tramites?ingreso=fallido&motivo=state');
    expect(setCookies(replay)[APPLICANT_COOKIE]).toBeUndefined();
    expect(await api.sessions()).toHaveLength(1);
    await api.post('/api/v1/auth/claveunica/logout', jar);
  });

  it('refuses a login whose flow is older than ten minutes', async () => {
    const { location } = await api.signIn('ana', {
      tamperCallback: async (url) => {
        await api.t.db.query(`UPDATE oidc_flows SET expires_at = now() - interval '1 minute'`);
        return url;
      },
    });
    expect(location).toBe('/mis-tramites?ingreso=fallido&motivo=expired');
    expect(await api.sessions()).toEqual([]);
  });

  it('says cancelled when the applicant cancels at ClaveÚnica', async () => {
    const { location } = await api.signIn('ana', { cancel: true });
    expect(location).toBe('/mis-tramites?ingreso=fallido&motivo=cancelled');
    expect(await api.sessions()).toEqual([]);
  });

  it('refuses a person without a RUN in the claims', async () => {
    const { location } = await api.signIn('sin-run');
    expect(location).toBe('/mis-tramites?ingreso=fallido&motivo=rejected');
    expect(await api.sessions()).toEqual([]);
  });

  it('returns only to applicant pages of this site', async () => {
    for (const [returnTo, expected] of [
      ['/mis-tramites', '/mis-tramites'],
      ['https://evil.example/x', '/mis-tramites'],
      ['//evil.example/x', '/mis-tramites'],
      ['/\\evil.example', '/mis-tramites'],
      ['/staff/bookings', '/mis-tramites'],
      ['/./staff', '/mis-tramites'],
      ['/api/v1/me', '/mis-tramites'],
    ]) {
      const { location, jar } = await api.signIn('ana', { returnTo });
      expect(location, returnTo).toBe(expected);
      await api.post('/api/v1/auth/claveunica/logout', jar);
    }
  });

  it('an expired session is no session, and the sweep removes ended sessions and flows', async () => {
    const { jar } = await api.signIn('ana');
    await api.t.db.query(`UPDATE applicant_sessions SET expires_at = now() - interval '1 second'`);
    expect((await meOf(api, jar)).applicant).toBeNull();
    await api.get('/api/v1/auth/claveunica/login');
    await api.t.db.query(`UPDATE oidc_flows SET expires_at = now() - interval '1 second'`);
    expect(await api.t.app.get(IdentitySweep).sweep()).toEqual({ sessions: 1, flows: 1 });
    expect(await api.sessions()).toEqual([]);
  });

  it('writes no RUN, name, code or cookie value in its log during a sign-in', async () => {
    api.lines.length = 0;
    const { callbackUrl, jar } = await api.signIn('ana');
    const token = jar.get(APPLICANT_COOKIE)!.value;
    await meOf(api, jar);
    await api.post('/api/v1/auth/claveunica/logout', jar);
    const log = api.lines.join('\n');
    expect(log).toContain('ClaveÚnica sign-in succeeded');
    // The person in every form a log could carry her (test/support/personal-data-leaks.ts looks the
    // same way in the browser specs), and the login's secrets.
    const needles = [
      ...ANA_FULL_NAME.split(' ').filter((part) => part.length >= 5),
      ANA_DOCUMENT,
      '12.345.678',
      '12345678',
      callbackUrl.searchParams.get('code')!,
      callbackUrl.searchParams.get('state')!,
      token,
    ];
    for (const needle of needles) expect(log.toLowerCase(), needle).not.toContain(needle.toLowerCase());
    // The callback's request line is in the log, without its query.
    expect(log).toContain(`"url":"${CLAVEUNICA_CALLBACK}"`);
  });
});

