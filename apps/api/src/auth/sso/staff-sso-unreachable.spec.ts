import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { staffSsoEnv, startStaffSsoApi, type StaffSsoTestApi } from '../../testing/staff-sso-test-api.js';

/** Staff single sign-on configured, but nothing answers at the provider's address. */
let api: StaffSsoTestApi;

beforeAll(async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  api = await startStaffSsoApi(staffSsoEnv(`http://127.0.0.1:${port}`));
});

afterAll(() => api?.close());

it('ends the login itself on the login page with motivo=unavailable, remembers no flow, and logs why', async () => {
  const response = await api.get('/api/v1/auth/sso/login');
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/staff/login?sso=fallido&motivo=unavailable');
  expect(response.headers.getSetCookie()).toEqual([]);
  expect(await api.t.db.query(`SELECT count(*)::int AS n FROM oidc_flows`)).toEqual([{ n: 0 }]);
  expect(api.lines.join('\n')).toContain('Staff single sign-on refused: unavailable (NETWORK)');
  // The login page still offers the button (the provider may be back on the next try).
  expect(await (await api.get('/api/v1/auth/config')).json()).toMatchObject({ sso: { label: 'Cuenta del Servicio' } });
});
