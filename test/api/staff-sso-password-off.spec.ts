import { afterAll, beforeAll, expect, it } from 'vitest';
import { changedTables, databaseFingerprint } from '../support/database-fingerprint.js';
import type { TestOidcProvider } from '../../apps/api/src/testing/oidc-provider.js';
import { type SeededStaff, seedStaffAccounts, type StaffSsoTestApi, staffSsoEnv, startStaffProvider, startStaffSsoApi } from '../../apps/api/src/testing/staff-sso-test-api.js';
import { ADMIN } from '../../apps/api/src/testing/test-app.js';

/** STAFF_PASSWORD_LOGIN=false: staff sign in through the provider; only the bootstrap admin keeps a password. */
let provider: TestOidcProvider;
let api: StaffSsoTestApi;
let staff: SeededStaff;

beforeAll(async () => {
  provider = await startStaffProvider();
  api = await startStaffSsoApi(staffSsoEnv(provider.issuer, { STAFF_PASSWORD_LOGIN: 'false' }));
  staff = await seedStaffAccounts(api.t.db);
});

afterAll(async () => {
  await api?.close();
  await provider?.close();
});

const login = (username: string, password: string) => api.t.http.post('/api/v1/auth/login').send({ username, password });

it('tells the login page that password login is off', async () => {
  expect(await (await api.get('/api/v1/auth/config')).json()).toEqual({ passwordLogin: false, sso: { label: 'Cuenta del Servicio' } });
});

it('answers the same 403 PASSWORD_LOGIN_DISABLED to every password but the admin’s right one, so nobody learns which username is the admin’s', async () => {
  const before = await databaseFingerprint(api.t.db);
  for (const [username, password] of [
    [staff.supervisor.username, staff.supervisor.password],
    ['  Agente.Uno ', staff.agent.password],
    [staff.agent.username, 'wrong-password'],
    ['nadie', 'whatever'],
    [ADMIN.username, 'not-the-password'],
  ]) {
    const response = await login(username, password);
    expect(response.status, username).toBe(403);
    expect(response.body).toEqual({ statusCode: 403, error: 'PASSWORD_LOGIN_DISABLED', message: expect.any(String) });
  }
  // A right staff password records nothing (no login); wrong ones count towards the lockout as always.
  expect(changedTables(before, await databaseFingerprint(api.t.db))).toEqual(['login_failures']);
  const counted = await api.t.db.query<{ username: string }[]>(`SELECT username FROM login_failures ORDER BY username`);
  expect(counted.map((r) => r.username)).toEqual([ADMIN.username.toLowerCase(), staff.agent.username, 'nadie'].sort());
});

it('still lets the bootstrap admin log in with a password (any case)', async () => {
  const response = await login(ADMIN.username.toUpperCase(), ADMIN.password).expect(200);
  expect(response.body.accessToken).toEqual(expect.any(String));
});

it('signs staff in through the provider instead', async () => {
  const { location, jar } = await api.ssoSignIn('kc-supervisor');
  expect(location).toBe('/staff/login?sso=1');
  const session = await api.post('/api/v1/auth/sso/session', jar);
  expect(session.status).toBe(200);
});
