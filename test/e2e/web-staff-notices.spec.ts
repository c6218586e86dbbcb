import { existsSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../apps/api/src/testing/smtp-receiver.js';
import { createApiClient, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { rut } from './web-applicant-support.js';
import { DEMO, logIn, STAFF_NOW, unexpected } from './web-staff-support.js';

const APPLICANT = { documentNumber: rut(18_765_432), fullName: 'Rosa Aviso Tapia', email: 'rosa.aviso@example.cl' };
const NOTICE = 'Oficina cerrada por emergencia sanitaria: sus trámites por correo a partes@elqui.example.cl';

/**
 * The staff console's "Avisos" (issue #16, office notices): a supervisor publishes a notice for a
 * period in the office's local time, asks to send it to the people booked then, sees how many
 * messages were queued and the notice listed, then deletes it. The public read follows each step;
 * the API's outbox worker (NODE_ENV=development) sends the notice to this process's SMTP server.
 */
describe('the staff console: office notices', { timeout: 120_000 }, () => {
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

  it('a supervisor publishes a notice sent to the people booked in its period, sees it listed and public, and deletes it', async () => {
    // Tomorrow (STAFF_NOW is a Tuesday at -03:00, the office's offset): one booking with an address.
    const kiosk = createApiClient({ baseUrl: api.baseUrl });
    const tomorrow = '2026-12-02';
    const availability = await unwrap(kiosk.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: tomorrow, to: tomorrow } } }));
    const slot = availability.days[0].slots.find((s) => s.remaining > 0)!;
    const booking = await unwrap(kiosk.POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart: slot.start, applicant: { documentType: 'RUT', ...APPLICANT } } }));
    await expect.poll(() => receiver.messages.filter((m) => m.to.includes(APPLICANT.email)).length, { timeout: 30_000 }).toBe(1); // the confirmation

    const { page, errors, close } = await newPage(browser, { viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(10_000);
    try {
      await logIn(page, api.baseUrl, DEMO.supervisor);
      // From the closures page, where an emergency closure starts, to the notices.
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Cierres', exact: true }).click();
      await page.getByRole('link', { name: 'Publicar un aviso' }).click();
      await page.getByRole('heading', { level: 1, name: 'Avisos' }).waitFor();
      await page.waitForURL(`${api.baseUrl}/staff/notices`);
      await page.getByText('No hay avisos vigentes ni próximos.').waitFor();

      // From today 08:00 to tomorrow 14:00, office time: in force now, and covering the booking.
      await page.getByLabel('Aviso', { exact: true }).fill(NOTICE);
      await page.getByLabel('Desde').fill('2026-12-01T08:00');
      await page.getByLabel('Hasta').fill(`${tomorrow}T14:00`);
      await page.getByRole('checkbox', { name: /Enviar a las personas con reserva en ese periodo/ }).check();
      await page.getByRole('button', { name: 'Publicar aviso' }).click();
      await page.getByText('Se encoló 1 mensaje para las personas con reserva.').waitFor();

      const row = page.getByRole('row', { name: new RegExp('Oficina cerrada por emergencia sanitaria') });
      await row.getByRole('cell', { name: 'Vigente' }).waitFor();
      await row.getByRole('cell', { name: '1', exact: true }).waitFor();
      await row.getByRole('cell', { name: /08:00.*14:00/ }).waitFor();
      // Public at once, with the offsets of the office's zone.
      await expect.poll(async () => (await unwrap(kiosk.GET('/api/v1/offices/{officeId}/notices', { params: { path: { officeId } } }))).map((n) => [n.message, n.from, n.to])).toEqual([
        [NOTICE, '2026-12-01T08:00:00-03:00', '2026-12-02T14:00:00-03:00'],
      ]);
      // The worker sends it to the booked applicant, naming their appointment.
      await expect.poll(() => receiver.messages.filter((m) => m.to.includes(APPLICANT.email)).length, { timeout: 30_000 }).toBe(2);
      const mail = await simpleParser(receiver.messages.filter((m) => m.to.includes(APPLICANT.email)).at(-1)!.raw);
      expect(mail.subject).toContain(booking.code);
      expect(mail.text).toContain(NOTICE);
      expect(mail.text).not.toContain(APPLICANT.fullName);

      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-notices');

      // Delete, with a confirmation.
      await row.getByRole('button', { name: 'Eliminar' }).click();
      await page.getByText('El aviso deja de mostrarse de inmediato.', { exact: false }).waitFor();
      await row.getByRole('button', { name: 'Sí, eliminar aviso' }).click();
      await page.getByText('No hay avisos vigentes ni próximos.').waitFor();
      await expect.poll(async () => (await unwrap(kiosk.GET('/api/v1/offices/{officeId}/notices', { params: { path: { officeId } } }))).length).toBe(0);
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});
