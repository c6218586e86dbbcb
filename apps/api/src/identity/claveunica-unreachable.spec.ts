import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claveUnicaEnv, type ClaveUnicaTestApi, startClaveUnicaApi } from '../testing/claveunica-test-api.js';

/** ClaveÚnica configured, but nothing answers at its address. */
let api: ClaveUnicaTestApi;

beforeAll(async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  api = await startClaveUnicaApi(claveUnicaEnv(`http://127.0.0.1:${port}`));
});

afterAll(() => api?.close());

it('ends the login itself on the failure page with motivo=unavailable, and logs why', async () => {
  const response = await api.get('/api/v1/auth/claveunica/login?returnTo=/reservar');
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/mis-tramites?ingreso=fallido&motivo=unavailable');
  expect(response.headers.getSetCookie()).toEqual([]);
  expect(await api.t.db.query(`SELECT count(*)::int AS n FROM oidc_flows`)).toEqual([{ n: 0 }]);
  expect(api.lines.join('\n')).toContain('ClaveÚnica sign-in refused: unavailable (NETWORK)');
});
