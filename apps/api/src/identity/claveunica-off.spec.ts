import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLAVEUNICA_CALLBACK, type ClaveUnicaTestApi, meOf, startClaveUnicaApi } from '../testing/claveunica-test-api.js';

/** No CLAVEUNICA_CLIENT_ID: nothing about ClaveÚnica answers but "off". */
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  api = await startClaveUnicaApi({});
});

afterAll(() => api?.close());

it('answers 404 CLAVEUNICA_DISABLED to login and callback, /me says enabled: false, logout offers nothing', async () => {
  for (const path of ['/api/v1/auth/claveunica/login?returnTo=/reservar', `${CLAVEUNICA_CALLBACK}?code=x&state=y`]) {
    const response = await api.get(path);
    expect(response.status, path).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'CLAVEUNICA_DISABLED' });
  }
  expect(await meOf(api)).toEqual({ claveUnica: { enabled: false }, applicant: null });
  const logout = await api.post('/api/v1/auth/claveunica/logout');
  expect(logout.status).toBe(200);
  expect(await logout.json()).toEqual({ providerLogoutUrl: null });
  expect(api.lines.join('\n')).not.toMatch(/"level":50/);
});
