import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type ApiClient, createApiClient } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { demoOffice, FAKE_NOW, PHONE } from './web-applicant-support.js';

/** Records navigator.vibrate calls (headless Chromium has no vibration motor to ask). */
const RECORD_VIBRATIONS = `window.__vibrations = []; navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };`;

/**
 * "Mi turno" (issues #8 and #9): the page a phone opens from a kiosk ticket's QR, live over the
 * `/turns` socket, with the demo office's agent calling through the API.
 */
describe('the "mi turno" page', { timeout: 60_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;
  let agent: ApiClient;
  let officeId: string;
  let serviceId: string;
  let counterId: string;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
    const demo = await demoOffice(api);
    officeId = demo.office.id;
    serviceId = demo.service('Prórroga de turismo').id;
    let token = '';
    agent = createApiClient({ baseUrl: api.baseUrl, token: () => token });
    const { data: login } = await agent.POST('/api/v1/auth/login', { body: { username: 'agente1.elqui', password: 'demo-agente1-2026' } });
    token = login!.accessToken;
    const { data: counters } = await agent.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId } } });
    counterId = counters!.find((c) => c.name === 'Módulo 3')!.id;
    expect((await agent.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId } }, body: {} })).response.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const issue = async () => (await api.client.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId } }, body: { serviceId } })).data!;
  const callNext = async () => (await agent.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId } } })).data!;
  const noShow = (ticketId: string) => agent.POST('/api/v1/tickets/{ticketId}/no-show', { params: { path: { ticketId } } });

  it('follows a walk-in ticket live on a phone: position, more time, the call with its counter, then a rating', async () => {
    const first = await issue();
    const mine = await issue();
    const third = await issue();
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-turn'));
    await page.addInitScript(RECORD_VIBRATIONS);
    await page.goto(`${api.baseUrl}/turno/${mine.trackingCode}`);
    await page.locator('[data-status="connected"][data-turn-status="waiting"]').waitFor();
    await page.getByText('Hay 1 persona antes que usted').waitFor();
    await page.getByText('Prórroga de turismo').waitFor();
    // Shown with a non-breaking hyphen, read as "T 2" (whatever number this test's ticket got).
    const [prefix, digits] = mine.number.split('-');
    await expect.poll(() => page.getByLabel(new RegExp(`^${prefix} ${Number(digits)}$`)).textContent()).toBe(`${prefix}\u2011${digits}`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'web-turno-phone');

    // The first touch arms the sound; "more time" once moves the ticket behind the one after it.
    await page.getByRole('button', { name: 'Activar aviso con sonido' }).click();
    await page.getByRole('button', { name: 'Aviso con sonido activado (probar)' }).waitFor();
    await page.getByRole('button', { name: 'Necesito más tiempo' }).click();
    await page.getByText('Listo: le dimos más tiempo.').waitFor();
    await page.getByText('Hay 2 personas antes que usted').waitFor();
    await page.getByRole('button', { name: 'Necesito más tiempo' }).waitFor({ state: 'detached' });

    // The queue moves: the page is told its new position.
    expect((await callNext()).number).toBe(first.number);
    await page.getByText('Hay 1 persona antes que usted').waitFor();
    await noShow(first.id);
    expect((await callNext()).number).toBe(third.number);
    await page.getByText('¡Usted es el siguiente!').waitFor();
    await noShow(third.id);

    const called = await callNext();
    const calledAt = Date.now();
    expect(called.number).toBe(mine.number);
    await page.getByRole('alert').filter({ hasText: 'Diríjase a Módulo 3' }).waitFor();
    const delay = Date.now() - calledAt;
    console.log(`"Mi turno" showed the call ${delay} ms after call-next answered`);
    expect(delay).toBeLessThan(1_000);
    await expect.poll(() => page.evaluate('window.__vibrations.length')).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'web-turno-called-phone');

    // Served and done: a 1–5 rating with an optional comment, once.
    await agent.POST('/api/v1/tickets/{ticketId}/start', { params: { path: { ticketId: mine.id } } });
    await agent.POST('/api/v1/tickets/{ticketId}/complete', { params: { path: { ticketId: mine.id } } });
    await page.getByText('Su atención terminó.').waitFor();
    await page.getByRole('group', { name: '¿Cómo evalúa la atención que recibió?' }).waitFor();
    await page.getByRole('button', { name: 'Enviar opinión' }).click();
    await page.getByText('Elija una nota del 1 al 5.').waitFor();
    await page.getByRole('radio', { name: '4 Buena' }).check();
    await page.getByLabel('Comentario (opcional)').fill('Rápido y amable.');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'web-turno-survey-phone');
    await page.getByRole('button', { name: 'Enviar opinión' }).click();
    await page.getByText('¡Gracias por su opinión!').waitFor();
    const again = await api.client.POST('/api/v1/turns/{trackingCode}/survey', { params: { path: { trackingCode: mine.trackingCode! } }, body: { rating: 5 } });
    expect(again.response.status).toBe(409);

    expect(errors).toEqual([]);
    await close();
  });

  it('says plainly when a ticket link is wrong', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    await page.goto(`${api.baseUrl}/turno/NO-EXISTE`);
    await page.getByText('No encontramos este número de atención.').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // socket.io's refused handshake (NOT_FOUND) ends its polling session with a 400, which Chromium logs.
    expect(errors.filter((e) => !/status of 400 .*\/socket\.io\//.test(e))).toEqual([]);
    await close();
  });
});
