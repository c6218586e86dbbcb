import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../apps/api/src/testing/smtp-receiver.js';
import { createApiClient, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { rut } from './web-applicant-support.js';
import { DEMO, logIn, STAFF_NOW, unexpected } from './web-staff-support.js';

const APPLICANT = { documentNumber: rut(19_876_543), fullName: 'Marta Reserva Pizarro', email: 'marta.reserva@example.cl' };

/**
 * The staff console's "Reservas" (issue #16: staff see what was sent): an agent opens the day's
 * bookings, finds one made through the API, and reads its confirmation email "Enviado". The API
 * runs its outbox worker (NODE_ENV=development) against an SMTP server in this process; the test
 * waits until that server has the email, so the page's answer is known before it looks.
 */
describe('the staff console: a day’s bookings and their messages', { timeout: 120_000 }, () => {
  let receiver: SmtpReceiver;
  let api: BrowserApi;
  let browser: Browser;
  let officeId: string;
  let service: PublicService;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    receiver = await startSmtpReceiver();
    [api, browser] = await Promise.all([
      startApiForBrowser({ fakeNow: STAFF_NOW, env: { SEED_DEMO: 'true', NODE_ENV: 'development', SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' } }),
      launchBrowser(),
    ]);
    const offices = await unwrap(api.client.GET('/api/v1/offices'));
    officeId = offices.find((o) => o.name.includes('Elqui'))!.id;
    const services = await unwrap(api.client.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } }));
    service = services.find((s) => s.code === 'R')!;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await receiver?.close();
  });

  it('an agent opens Reservas, sees a booking made today, finds it by document without it in any URL, and reads its confirmation sent', async () => {
    const { now } = await unwrap(api.client.GET('/api/v1/time'));
    const today = now.slice(0, 10); // STAFF_NOW is at -03:00, the office's offset
    const availability = await unwrap(api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: today, to: today } } }));
    const slot = availability.days[0].slots.find((s) => s.remaining > 0)!;
    const booking = await unwrap(
      createApiClient({ baseUrl: api.baseUrl }).POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart: slot.start, applicant: { documentType: 'RUT', ...APPLICANT } } }),
    );
    // The worker sends the confirmation: known sent before the page looks.
    await expect.poll(() => receiver.messages.filter((m) => m.to.includes(APPLICANT.email)).length, { timeout: 30_000 }).toBe(1);

    const { page, errors, close } = await newPage(browser, { viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(10_000);
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    try {
      await logIn(page, api.baseUrl, DEMO.agent1);
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Reservas' }).click();
      await page.getByRole('heading', { level: 1, name: 'Reservas' }).waitFor();
      // Today by the server's clock, in the office's zone.
      await expect.poll(() => page.getByLabel('Fecha').inputValue()).toBe(today);

      const list = page.getByTestId('staff-bookings');
      const row = list.getByRole('row', { name: new RegExp(booking.code) });
      await row.getByRole('rowheader', { name: APPLICANT.fullName }).waitFor();
      await row.getByRole('cell', { name: 'Confirmada' }).waitFor();
      await row.getByRole('cell', { name: '1 enviado' }).waitFor();

      // Search by the document as people write it: a POST body, never a URL.
      await page.getByLabel('Buscar por código o documento').fill(APPLICANT.documentNumber);
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      await page.getByRole('heading', { name: '1 reserva encontrada' }).waitFor();
      await list.getByRole('button', { name: `Ver mensajes de la reserva ${booking.code}` }).click();

      const messages = page.getByTestId('booking-messages');
      await messages.getByRole('heading', { name: `Mensajes de la reserva ${booking.code}` }).waitFor();
      const confirmation = messages.getByRole('row', { name: /Confirmación de la reserva/ });
      await confirmation.getByRole('cell', { name: 'Correo' }).waitFor();
      await confirmation.getByRole('cell', { name: 'Enviado' }).waitFor();
      await expect.poll(() => messages.getByRole('row').count()).toBe(2); // the header and the one message

      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-bookings');
      const digits = APPLICANT.documentNumber.replace(/\D/g, '');
      for (const url of urls) {
        expect(url).not.toContain(digits.slice(0, 6));
        expect(decodeURIComponent(url)).not.toMatch(/Marta|marta\.reserva|Pizarro/);
      }
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});
