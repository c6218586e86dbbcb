import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { rut } from './web-applicant-support.js';
import { DEMO, logIn, STAFF_NOW, unexpected } from './web-staff-support.js';

const HOLDER = { documentType: 'RUT' as const, documentNumber: rut(19_876_600), fullName: 'Gloria Familia Rojas' };
const COMPANIONS = [
  { documentType: 'RUT' as const, documentNumber: rut(19_876_601), fullName: 'Tomás Familia Rojas' },
  { documentType: 'RUT' as const, documentNumber: rut(19_876_602), fullName: 'Inés Familia Rojas' },
];

/**
 * The staff console's "Reservas" with a group booking (issue #18): each person is a row, the
 * holder's shows the booking's code and the group's size, a companion's shows whose group it is
 * (its own code is never given out).
 */
describe('the staff console: a group booking in Reservas', { timeout: 120_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;
  let service: PublicService;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: STAFF_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
    const offices = await unwrap(api.client.GET('/api/v1/offices'));
    const officeId = offices.find((o) => o.name.includes('Elqui'))!.id;
    const services = await unwrap(api.client.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } }));
    service = services.find((s) => s.code === 'R')!;
    await api.loginAsAdmin();
    await unwrap(api.client.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body: { maxGroupSize: 3 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it("shows each person of the group as a row: the holder's with the code and 'Grupo de 3', the companions' with the holder's code", async () => {
    const today = STAFF_NOW.slice(0, 10);
    const availability = await unwrap(api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: today, to: today } } }));
    const slot = availability.days[0].slots.find((s) => s.remaining >= 3)!;
    const booking = await unwrap(
      createApiClient({ baseUrl: api.baseUrl }).POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart: slot.start, applicant: HOLDER, companions: COMPANIONS } }),
    );
    expect(booking.partySize).toBe(3);

    const { page, errors, close } = await newPage(browser, { viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(10_000);
    try {
      await logIn(page, api.baseUrl, DEMO.agent1);
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Reservas' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reservas' }).waitFor();
      const list = page.getByTestId('staff-bookings');
      const holder = list.getByRole('row', { name: new RegExp(HOLDER.fullName) });
      await holder.getByRole('cell', { name: `${booking.code} · Grupo de 3` }).waitFor();
      for (const companion of COMPANIONS) {
        const row = list.getByRole('row', { name: new RegExp(companion.fullName) });
        await row.getByRole('cell', { name: `Acompaña a ${booking.code}` }).waitFor();
      }
      // Found by the holder's code: the whole group.
      await page.getByLabel('Buscar por código o documento').fill(booking.code);
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      await page.getByRole('heading', { name: '3 reservas encontradas' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});
