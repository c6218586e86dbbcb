import { afterAll, beforeAll, expect, it } from 'vitest';
import { startClaveUnicaApi, type ClaveUnicaTestApi } from '../../testing/claveunica-test-api.js';
import { ADMIN } from '../../testing/test-app.js';
import { STAFF_SSO_CALLBACK } from '../../testing/staff-sso-test-api.js';

/** No STAFF_OIDC_CLIENT_ID: single sign-on answers only "off", and passwords work as before. */
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  api = await startClaveUnicaApi({});
});

afterAll(() => api?.close());

it('says sso: null on /auth/config, answers 404 SSO_DISABLED to every single sign-on route, and leaves password login alone', async () => {
  const config = await api.get('/api/v1/auth/config');
  expect(config.status).toBe(200);
  expect(await config.json()).toEqual({ passwordLogin: true, sso: null });
  for (const [method, path] of [['GET', '/api/v1/auth/sso/login'], ['GET', `${STAFF_SSO_CALLBACK}?code=x&state=y`], ['POST', '/api/v1/auth/sso/session']] as const) {
    const response = method === 'GET' ? await api.get(path) : await api.post(path);
    expect(response.status, path).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'SSO_DISABLED' });
  }
  await api.t.http.post('/api/v1/auth/login').send(ADMIN).expect(200);
  expect(api.lines.join('\n')).not.toMatch(/"level":50/);
});
