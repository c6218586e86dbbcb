import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../libs/api-client/src/index.js';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, staffConsoleSuite } from './web-staff-support.js';

/** The office's "Mensajes a las personas" settings in the staff console, in Chromium (issue #16). */
describe('the staff console: the office’s message settings', () => {
  const suite = staffConsoleSuite();
  const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name, exact: true }).click();

  it('a supervisor switches reminders off, sends them 48 h before, gives a contact phone; after a reload all is kept', async () => {
    const { page, errors, close } = await suite.open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor);
    await section(page, 'Horario y oficina');
    const messages = page.getByRole('group', { name: 'Mensajes a las personas' });
    // This server has no mail server or SMS provider: the page says so.
    await messages.getByTestId('message-channels').filter({ hasText: 'correo sin configurar (no se envía) · SMS sin configurar (no se envía)' }).waitFor();

    const reminder = messages.getByRole('checkbox', { name: /^Recordatorio/ });
    await expect.poll(() => reminder.isChecked()).toBe(true);
    await reminder.uncheck();
    await messages.getByLabel('Enviar el recordatorio').selectOption({ label: '48 horas antes' });
    await messages.getByLabel('Teléfono de contacto').fill('51 221 3400');
    await messages.getByLabel('Correo de contacto').fill('extranjeria.elqui@example.cl');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Cambios guardados.').waitFor();

    await page.reload();
    const again = page.getByRole('group', { name: 'Mensajes a las personas' });
    await again.getByLabel('Teléfono de contacto').waitFor();
    await expect.poll(() => again.getByLabel('Teléfono de contacto').inputValue()).toBe('+56512213400');
    await expect.poll(() => again.getByLabel('Correo de contacto').inputValue()).toBe('extranjeria.elqui@example.cl');
    await expect.poll(() => again.getByRole('checkbox', { name: /^Recordatorio/ }).isChecked()).toBe(false);
    await expect.poll(() => again.getByRole('checkbox', { name: /^Confirmación de la reserva/ }).isChecked()).toBe(true);
    await expect.poll(() => again.getByLabel('Enviar el recordatorio').locator('option:checked').textContent()).toBe('48 horas antes');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'staff-office-messages');

    const office = await unwrap(suite.world.kiosk.GET('/api/v1/offices/{officeId}', { params: { path: { officeId: suite.world.officeId } } }));
    expect(office).toMatchObject({ reminderLeadMinutes: 2880, contactPhone: '+56512213400', contactEmail: 'extranjeria.elqui@example.cl' });
    expect(office.messages).toEqual({ bookingConfirmed: true, bookingRescheduled: true, bookingCancelled: true, bookingCancelledByOffice: true, reminder: false, officeNotice: true, rating: true });

    // A phone that is not one: refused, the field marked, nothing changed.
    await again.getByLabel('Teléfono de contacto').fill('llamar a la oficina');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('alert').waitFor();
    await expect.poll(() => again.getByLabel('Teléfono de contacto').getAttribute('aria-invalid')).toBe('true');
    const unchanged = await unwrap(suite.world.kiosk.GET('/api/v1/offices/{officeId}', { params: { path: { officeId: suite.world.officeId } } }));
    expect(unchanged.contactPhone).toBe('+56512213400');
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    await close();
  }, 60_000);
});
