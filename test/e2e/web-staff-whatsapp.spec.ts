import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsProviderServer, startSmsProvider } from '../../apps/api/src/testing/sms-provider.js';
import { createApiClient, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { rut } from './web-applicant-support.js';
import { DEMO, logIn, STAFF_NOW, unexpected } from './web-staff-support.js';

const APPLICANT = { documentNumber: rut(19_654_321), fullName: 'Rosa Mensaje Tapia', phone: '+56987654321', smsConsent: true };
const SID = `HX${'c3'.repeat(16)}`;

/**
 * WhatsApp in the staff console (issue #16): on a server with a WhatsApp sender, a supervisor gives
 * the office's approved template for the confirmation; a booking's confirmation then reaches the
 * provider (a local server speaking Twilio's API) as WhatsApp, and the booking's messages say
 * "WhatsApp". The API runs its outbox worker (NODE_ENV=development).
 */
describe('the staff console: WhatsApp templates', { timeout: 120_000 }, () => {
  let provider: SmsProviderServer;
  let api: BrowserApi;
  let browser: Browser;
  let officeId: string;
  let service: PublicService;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    provider = await startSmsProvider();
    [api, browser] = await Promise.all([
      startApiForBrowser({
        fakeNow: STAFF_NOW,
        env: { SEED_DEMO: 'true', NODE_ENV: 'development', PUBLIC_URL: 'https://turnos.example.cl', ...provider.env, TWILIO_WHATSAPP_FROM: '+56951234567' },
      }),
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
    await provider?.close();
  });

  it('a supervisor sets the confirmation’s template (a bad SID refused, the field marked); the next confirmation goes as WhatsApp and its message says so', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(10_000);
    try {
      await logIn(page, api.baseUrl, DEMO.supervisor);
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Horario y oficina', exact: true }).click();
      const templates = page.getByRole('group', { name: 'Plantillas de WhatsApp aprobadas' });
      await templates.getByLabel('Recordatorio').fill('HX123');
      await page.getByRole('button', { name: 'Guardar cambios' }).click();
      await page.getByRole('alert').waitFor();
      await expect.poll(() => templates.getByLabel('Recordatorio').getAttribute('aria-invalid')).toBe('true');

      await templates.getByLabel('Recordatorio').fill('');
      await templates.getByLabel('Confirmación de la reserva').fill(SID.toUpperCase()); // stored as Twilio writes it
      await page.getByRole('button', { name: 'Guardar cambios' }).click();
      await page.getByText('Cambios guardados.').waitFor();
      const office = await unwrap(api.client.GET('/api/v1/offices/{officeId}', { params: { path: { officeId } } }));
      expect(office.whatsappTemplates).toEqual({ booking_confirmed: SID });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      const { now } = await unwrap(api.client.GET('/api/v1/time'));
      const today = now.slice(0, 10);
      const availability = await unwrap(api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: today, to: today } } }));
      const slot = availability.days[0].slots.find((s) => s.remaining > 0)!;
      const booking = await unwrap(
        createApiClient({ baseUrl: api.baseUrl }).POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart: slot.start, applicant: { documentType: 'RUT', ...APPLICANT } } }),
      );
      await expect.poll(() => provider.requests.filter((r) => r.form.To === `whatsapp:${APPLICANT.phone}`).length, { timeout: 30_000 }).toBe(1);
      const sent = provider.requests.find((r) => r.form.To === `whatsapp:${APPLICANT.phone}`)!;
      expect(sent.form.ContentSid).toBe(SID);
      expect(JSON.parse(sent.form.ContentVariables!)).toMatchObject({ 4: booking.code, 5: 'https://turnos.example.cl/mi-reserva' });

      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Reservas' }).click();
      await page.getByLabel('Buscar por código o documento').fill(booking.code);
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      await page.getByTestId('staff-bookings').getByRole('button', { name: `Ver mensajes de la reserva ${booking.code}` }).click();
      const confirmation = page.getByTestId('booking-messages').getByRole('row', { name: /Confirmación de la reserva/ });
      // The provider has answered, but the outbox may not have written "sent" yet: the panel looks
      // again by itself while a message is queued.
      await confirmation.getByRole('cell', { name: 'WhatsApp', exact: true }).waitFor({ timeout: 20_000 });
      await confirmation.getByRole('cell', { name: 'Enviado' }).waitFor({ timeout: 20_000 });
      expect(unexpected(errors, 400)).toEqual([]);
    } finally {
      await close();
    }
  });
});
