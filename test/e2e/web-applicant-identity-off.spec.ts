import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { demoOffice, FAKE_NOW, PHONE } from './web-applicant-support.js';

/**
 * Issue #20 with ClaveÚnica off (no CLAVEUNICA_CLIENT_ID): nothing about it shows on the booking
 * site — no button, no "Mis trámites", the document typed as before — and a procedure that requires
 * a verified identity says so without offering a way this site does not have.
 */
describe('the booking site without ClaveÚnica', { timeout: 90_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof demoOffice>>;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
    demo = await demoOffice(api);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** The page once GET /me has answered "off" and its heading is there: then nothing may mention ClaveÚnica. */
  async function expectNoClaveUnica(page: Page, heading: string | RegExp) {
    await page.locator('header[data-identity="off"]').waitFor();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await expect.poll(() => page.getByText(/ClaveÚnica/i).count(), { message: heading.toString() }).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: /Mis trámites/ }).count()).toBe(0);
    await expect.poll(() => page.locator('a[href*="/auth/claveunica"]').count()).toBe(0);
  }

  it('shows no ClaveÚnica anywhere: home, booking form, Mi reserva, requests; /mis-tramites does not exist', async () => {
    const { data: me } = await api.client.GET('/api/v1/me');
    expect(me).toEqual({ claveUnica: { enabled: false }, applicant: null });
    const login = await fetch(`${api.baseUrl}/api/v1/auth/claveunica/login?returnTo=/reservar`, { redirect: 'manual' });
    expect(login.status).toBe(404);
    expect(await login.json()).toMatchObject({ error: 'CLAVEUNICA_DISABLED' });

    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity-off'));
    await page.goto(`${api.baseUrl}/`);
    await expectNoClaveUnica(page, /Turnero/);

    // The booking form asks for the document as always.
    const service = demo.service('Residencia temporal');
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: /miércoles, 2 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('button', { name: /^09:00 \d+ cupos?$/ }).click();
    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    await page.getByRole('textbox', { name: 'RUT' }).waitFor();
    await page.getByLabel('Nombre completo').waitFor();
    await expectNoClaveUnica(page, 'Reservar hora');

    await page.goto(`${api.baseUrl}/mi-reserva`);
    await page.getByRole('heading', { name: 'Buscar mi reserva' }).waitFor();
    await expectNoClaveUnica(page, 'Mi reserva');

    await page.goto(`${api.baseUrl}/solicitudes`);
    await page.getByLabel('RUT (opcional)').waitFor();
    await expectNoClaveUnica(page, 'Solicitudes y reclamos');

    await page.goto(`${api.baseUrl}/mis-tramites`);
    await expectNoClaveUnica(page, 'No encontramos esta página');
    expect(errors).toEqual([]);
    await close();
  });

  it('explains a procedure that requires a verified identity, without a sign-in this site does not offer', async () => {
    await api.loginAsAdmin();
    const service = demo.service('Permanencia definitiva');
    const updated = await api.client.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body: { requiresVerifiedIdentity: true } });
    expect(updated.response.status).toBe(200);

    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity-off-required'));
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: /miércoles, 2 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('button', { name: /^09:\d\d \d+ cupos?$/ }).first().click();
    const required = page.getByTestId('verified-identity-required');
    await required.getByText('Este trámite exige identidad verificada.').waitFor();
    await required.getByText('Consulte en la oficina cómo reservar.', { exact: false }).waitFor();
    // No form to fill in vain, and no way in that does not exist here.
    await expect.poll(() => page.getByRole('button', { name: 'Confirmar reserva' }).count()).toBe(0);
    await expectNoClaveUnica(page, 'Reservar hora');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});
