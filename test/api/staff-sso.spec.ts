import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changedTables, databaseFingerprint } from '../support/database-fingerprint.js';
import { OIDC_FLOW_COOKIE } from '../../apps/api/src/identity/oidc/oidc-flows.js';
import { setCookies, TEST_PUBLIC_URL } from '../../apps/api/src/testing/claveunica-test-api.js';
import { CookieJar, type TestOidcProvider } from '../../apps/api/src/testing/oidc-provider.js';
import { DIRECTORY, type SeededStaff, seedStaffAccounts, STAFF_SSO_CALLBACK, type StaffSsoTestApi, staffSsoEnv, startStaffProvider, startStaffSsoApi } from '../../apps/api/src/testing/staff-sso-test-api.js';
import { ADMIN } from '../../apps/api/src/testing/test-app.js';
import { HANDOFF_COOKIE } from '../../apps/api/src/auth/sso/staff-sso.service.js';

/**
 * Staff single sign-on over HTTP, end to end: the real API (listening) on its own PostgreSQL, a
 * real OpenID provider with a directory's standard claims, and a browser-like client following the
 * redirects. Password login stays on here; it off, and sign-on off, have their own files.
 */
let provider: TestOidcProvider;
let api: StaffSsoTestApi;
let staff: SeededStaff;

beforeAll(async () => {
  provider = await startStaffProvider();
  api = await startStaffSsoApi(staffSsoEnv(provider.issuer));
  staff = await seedStaffAccounts(api.t.db);
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

beforeEach(() => api.t.db.query(`TRUNCATE oidc_flows, staff_sso_handoffs`));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** POST /auth/sso/session with the browser's cookies: the status and body. */
async function collect(jar: CookieJar): Promise<{ status: number; body: { accessToken?: string; expiresIn?: number; error?: string } ; response: Response }> {
  const response = await api.post('/api/v1/auth/sso/session', jar);
  return { status: response.status, body: (await response.json()) as never, response };
}

async function staffGet(path: string, accessToken: string): Promise<Response> {
  return fetch(api.route(new URL(path, TEST_PUBLIC_URL)), { headers: { authorization: `Bearer ${accessToken}` } });
}

describe('staff single sign-on, with a real provider', () => {
  it('tells the login page that single sign-on is on, with its label, and password login too', async () => {
    const response = await api.get('/api/v1/auth/config');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ passwordLogin: true, sso: { label: 'Cuenta del Servicio' } });
  });

  it('signs in a supervisor by username: one-time hand-off, then the password login\'s token with Turnero\'s role and office', async () => {
    const before = await api.t.db.query(`SELECT last_login_at FROM staff_users WHERE id = $1`, [staff.supervisor.id]);
    expect(before[0].last_login_at).toBeNull();

    const { callback, location, jar } = await api.ssoSignIn('kc-supervisor');
    expect(callback.status).toBe(302);
    expect(location).toBe('/staff/login?sso=1');
    expect(callback.headers.get('cache-control')).toBe('no-store');
    const cookie = setCookies(callback)[HANDOFF_COOKIE];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/sso(;|$)/);
    expect(cookie).toMatch(/Max-Age=60(;|$)/);
    // The flow is spent; the hand-off is stored as its SHA-256 only, for the supervisor.
    expect(jar.get(OIDC_FLOW_COOKIE)).toBeUndefined();
    const secret = jar.get(HANDOFF_COOKIE)!.value;
    expect(await api.t.db.query(`SELECT secret_hash, staff_user_id FROM staff_sso_handoffs`)).toEqual([{ secret_hash: sha256(secret), staff_user_id: staff.supervisor.id }]);

    const { status, body, response } = await collect(jar);
    expect(status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ accessToken: expect.any(String), expiresIn: 8 * 3600 });
    expect(setCookies(response)[HANDOFF_COOKIE]).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await api.t.db.query(`SELECT count(*)::int AS n FROM staff_sso_handoffs`)).toEqual([{ n: 0 }]);

    const me = await staffGet('/api/v1/auth/me', body.accessToken!);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: staff.supervisor.id, username: 'supervisora.elqui', role: 'supervisor', officeId: staff.officeId });
    // A supervisor's route of their office answers; the login was recorded as a password login's is.
    expect((await staffGet(`/api/v1/offices/${staff.officeId}/services/settings`, body.accessToken!)).status).toBe(200);
    const after = await api.t.db.query(`SELECT last_login_at FROM staff_users WHERE id = $1`, [staff.supervisor.id]);
    expect(after[0].last_login_at).not.toBeNull();
  });

  it('signs in an agent by a verified email (case aside) when the provider sends no username', async () => {
    const { location, jar } = await api.ssoSignIn('kc-agent');
    expect(location).toBe('/staff/login?sso=1');
    const { status, body } = await collect(jar);
    expect(status).toBe(200);
    expect(await (await staffGet('/api/v1/auth/me', body.accessToken!)).json()).toMatchObject({ id: staff.agent.id, role: 'agent', officeId: staff.officeId });
  });

  it('refuses someone Turnero does not know, and changes no row of any table', async () => {
    const before = await databaseFingerprint(api.t.db);
    for (const account of ['kc-stranger', 'kc-bare']) {
      const { location, jar } = await api.ssoSignIn(account);
      expect(location, account).toBe('/staff/login?sso=fallido&motivo=unknown');
      expect(jar.get(HANDOFF_COOKIE), account).toBeUndefined();
    }
    expect(changedTables(before, await databaseFingerprint(api.t.db))).toEqual([]);
    expect(await api.t.db.query(`SELECT count(*)::int AS n FROM staff_users`)).toEqual([{ n: 4 }]);
  });

  it('does not match an email the provider does not vouch for', async () => {
    expect(DIRECTORY['kc-unverified'].email).toBe('agente.uno@servicio.cl');
    const before = await databaseFingerprint(api.t.db);
    const { location } = await api.ssoSignIn('kc-unverified');
    expect(location).toBe('/staff/login?sso=fallido&motivo=unknown');
    expect(changedTables(before, await databaseFingerprint(api.t.db))).toEqual([]);
  });

  it('refuses an email two active accounts share, and matches it once only one of them is active', async () => {
    const insert = (username: string, active: boolean) =>
      api.t.db.query(`INSERT INTO staff_users (username, password_hash, role, office_id, email, active) VALUES ($1, 'x', 'agent', $2, 'Mesa.Ayuda@servicio.cl', $3) RETURNING id`, [username, staff.officeId, active]);
    const [[first], [second]] = await Promise.all([insert('mesa.uno', true), insert('mesa.dos', true)]);
    try {
      expect((await api.ssoSignIn('kc-shared')).location).toBe('/staff/login?sso=fallido&motivo=unknown');
      await api.t.db.query(`UPDATE staff_users SET active = false WHERE id = $1`, [second.id]);
      const { location, jar } = await api.ssoSignIn('kc-shared');
      expect(location).toBe('/staff/login?sso=1');
      const { body } = await collect(jar);
      expect(await (await staffGet('/api/v1/auth/me', body.accessToken!)).json()).toMatchObject({ id: first.id });
    } finally {
      await api.t.db.query(`DELETE FROM staff_users WHERE id IN ($1, $2)`, [first.id, second.id]);
    }
  });

  it('refuses a deactivated account, and an account deactivated between the callback and the hand-off', async () => {
    const { location } = await api.ssoSignIn('kc-inactive');
    expect(location).toBe('/staff/login?sso=fallido&motivo=inactive');

    const { jar } = await api.ssoSignIn('kc-agent');
    const admin = await api.t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
    await api.t.http.patch(`/api/v1/staff/${staff.agent.id}`).set('Authorization', `Bearer ${admin.body.accessToken}`).send({ active: false }).expect(200);
    try {
      const { status, body } = await collect(jar);
      expect(status).toBe(401);
      expect(body.error).toBe('SSO_HANDOFF_INVALID');
    } finally {
      await api.t.http.patch(`/api/v1/staff/${staff.agent.id}`).set('Authorization', `Bearer ${admin.body.accessToken}`).send({ active: true }).expect(200);
    }
  });

  it('refuses a wrong state, a replayed callback and a cancelled sign-in, without a hand-off', async () => {
    const wrong = await api.ssoSignIn('kc-supervisor', {
      tamperCallback: (url) => {
        url.searchParams.set('state', 'not-the-state-this-browser-started-with');
        return url;
      },
    });
    expect(wrong.location).toBe('/staff/login?sso=fallido&motivo=state');
    expect(wrong.jar.get(HANDOFF_COOKIE)).toBeUndefined();

    const first = await api.ssoSignIn('kc-supervisor');
    expect(first.location).toBe('/staff/login?sso=1');
    const replay = await api.get(`${first.callbackUrl.pathname}${first.callbackUrl.search}`, first.jar);
    expect(replay.headers.get('location')).toBe('/staff/login?sso=fallido&motivo=state');
    expect(setCookies(replay)[HANDOFF_COOKIE]).toBeUndefined();

    const cancelled = await api.ssoSignIn('kc-supervisor', { cancel: true });
    expect(cancelled.location).toBe('/staff/login?sso=fallido&motivo=cancelled');
    expect(await api.t.db.query(`SELECT staff_user_id FROM staff_sso_handoffs`)).toEqual([{ staff_user_id: staff.supervisor.id }]);
  });

  it('gives one session per hand-off: a replay, a copied cookie, a made-up one and one older than 60 s are refused', async () => {
    const { jar } = await api.ssoSignIn('kc-supervisor');
    const secret = jar.get(HANDOFF_COOKIE)!.value;
    const copy = new CookieJar();
    copy.set(new URL(TEST_PUBLIC_URL), HANDOFF_COOKIE, secret, '/api/v1/auth/sso');
    // Two tabs (or instances) at once: exactly one gets the token.
    const [a, b] = await Promise.all([collect(jar), collect(copy)]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
    const again = new CookieJar();
    again.set(new URL(TEST_PUBLIC_URL), HANDOFF_COOKIE, secret, '/api/v1/auth/sso');
    expect((await collect(again)).body).toMatchObject({ statusCode: 401, error: 'SSO_HANDOFF_INVALID' });
    expect((await collect(new CookieJar())).body.error).toBe('SSO_HANDOFF_INVALID');
    const madeUp = new CookieJar();
    madeUp.set(new URL(TEST_PUBLIC_URL), HANDOFF_COOKIE, 'A'.repeat(43), '/api/v1/auth/sso');
    expect((await collect(madeUp)).status).toBe(401);

    const late = await api.ssoSignIn('kc-supervisor');
    await api.t.db.query(`UPDATE staff_sso_handoffs SET expires_at = now() - interval '1 second'`);
    expect((await collect(late.jar)).body.error).toBe('SSO_HANDOFF_INVALID');
    expect(await api.t.db.query(`SELECT count(*)::int AS n FROM staff_sso_handoffs`)).toEqual([{ n: 0 }]);
  });

  it('keeps usernames, emails, codes and tokens out of URLs and the log', async () => {
    api.lines.length = 0;
    const signedIn = await api.ssoSignIn('kc-supervisor');
    const handoff = signedIn.jar.get(HANDOFF_COOKIE)!.value;
    const { body } = await collect(signedIn.jar);
    const refused = await api.ssoSignIn('kc-stranger');
    expect(refused.location).toBe('/staff/login?sso=fallido&motivo=unknown');
    const log = api.lines.join('\n');
    expect(log).toMatch(/Staff single sign-on: account [0-9a-f-]{36} matched by username/);
    expect(log).toMatch(/Staff single sign-on refused: unknown \(NO_ACCOUNT\)/);
    const secrets = [
      'supervisora.elqui', 'Supervisora.Elqui', 'otra.direccion', 'persona.desconocida', 'servicio.cl',
      signedIn.callbackUrl.searchParams.get('code')!, signedIn.callbackUrl.searchParams.get('state')!, body.accessToken!,
      handoff,
    ];
    for (const secret of secrets) expect(log, secret).not.toContain(secret);
    for (const location of [signedIn.location, refused.location]) for (const secret of secrets) expect(location).not.toContain(secret);
    expect(signedIn.callbackUrl.pathname).toBe(STAFF_SSO_CALLBACK);
    expect(provider.serverErrors).toEqual([]);
  });
});
