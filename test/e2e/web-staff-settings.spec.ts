import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../libs/api-client/src/index.js';
import { BROWSER_ADMIN, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, staffConsoleSuite } from './web-staff-support.js';

/** The supervisor's and admin's configuration pages of the staff console, each used once in Chromium. */
describe('the staff console: configuration, closures, accounts and offices', () => {
  const suite = staffConsoleSuite();

  async function open(viewport = { width: 1366, height: 768 }) {
    return suite.open(viewport);
  }
  const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name, exact: true }).click();

  it('a supervisor changes a service, a counter, the hours, closes a day (seeing whom to call) and manages accounts', async () => {
    const { page, errors, close } = await open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor);
    const supervisor = await suite.world.as(DEMO.supervisor);

    // Services: today's walk-in cap of a service, configured.
    await section(page, 'Trámites');
    await page.getByRole('button', { name: 'Editar Prórroga de turismo' }).click();
    await page.getByRole('heading', { name: 'Editar «Prórroga de turismo»' }).waitFor();
    await page.getByLabel('Tope diario sin cita').fill('40');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Se guardó «Prórroga de turismo».').waitFor();
    await page.getByRole('row', { name: /Prórroga de turismo/ }).getByRole('cell', { name: '40', exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Counters: a new one with two services.
    await section(page, 'Módulos');
    await page.getByRole('button', { name: 'Nuevo módulo' }).click();
    await page.getByLabel('Nombre').fill('Módulo 6');
    await page.getByRole('checkbox', { name: /^Prórroga de turismo/ }).check();
    await page.getByRole('checkbox', { name: /^Cambio de empleador/ }).check();
    await page.getByRole('button', { name: 'Crear módulo' }).click();
    await page.getByRole('row', { name: /Módulo 6 Prórroga de turismo, Cambio de empleador/ }).waitFor();

    // Hours and settings: Saturdays 09:00–13:00, a 20-minute waiting standard.
    await section(page, 'Horario y oficina');
    await page.getByLabel('Estándar de espera (min)').fill('20');
    await page.getByRole('button', { name: 'Agregar tramo al Sábado' }).click();
    await page.getByLabel('Sábado, tramo 1: desde').fill('09:00');
    await page.getByLabel('Sábado, tramo 1: hasta').fill('13:00');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Cambios guardados.').waitFor();
    const office = await unwrap(suite.world.kiosk.GET('/api/v1/offices/{officeId}', { params: { path: { officeId: suite.world.officeId } } }));
    expect(office.waitTargetMinutes).toBe(20);
    expect((office.openingHours as Record<string, unknown>)['6']).toEqual([{ start: '09:00', end: '13:00' }]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Closures: tomorrow's booking is cancelled, and its applicant listed for a call — on the page, never in the address.
    const service = suite.world.services.R;
    const availability = await unwrap(suite.world.kiosk.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: '2026-12-02', to: '2026-12-02' } } }));
    const slot = availability.days[0].slots[0];
    await unwrap(
      suite.world.kiosk.POST('/api/v1/bookings', {
        body: { serviceId: service.id, slotStart: slot.start, applicant: { documentType: 'PASSPORT', documentNumber: 'XK1234567', fullName: 'Jean Baptiste', phone: '+56 9 1234 5678' } },
      }),
    );
    await section(page, 'Cierres');
    await page.getByLabel('Fecha').fill('2026-12-02');
    await page.getByLabel('Motivo').fill('Corte de luz programado');
    await page.getByRole('button', { name: 'Registrar cierre' }).click();
    await page.getByText(/Se anuló 1 reserva/).waitFor();
    const affected = page.getByTestId('affected-bookings');
    await affected.getByRole('rowheader', { name: 'Jean Baptiste' }).waitFor();
    await affected.getByRole('link', { name: '+56 9 1234 5678' }).waitFor();
    // A phone without SMS consent: the system could not tell them, the office calls.
    await affected.getByRole('cell', { name: 'Sin contacto: llamar' }).waitFor();
    await page.getByTestId('to-call').first().getByText('1 persona por llamar').waitFor();
    await page.waitForURL(`${suite.world.api.baseUrl}/staff/closures`);
    await page.getByRole('row', { name: /Corte de luz programado/ }).getByRole('button', { name: 'Ver reservas anuladas' }).click();
    await page.getByTestId('affected-bookings').nth(1).getByRole('rowheader', { name: 'Jean Baptiste' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'staff-closures');

    // Accounts: a new agent, who can log in until deactivated.
    await section(page, 'Cuentas');
    await page.getByRole('button', { name: 'Nueva cuenta' }).click();
    await page.getByLabel('Usuario').fill('agente3.elqui');
    await page.getByLabel('Contraseña').fill('clave-de-prueba-2026');
    await page.getByLabel('Correo de trabajo (opcional)').fill('Agente3.Elqui@example.cl');
    await page.getByRole('button', { name: 'Crear cuenta' }).click();
    await page.getByText('Se guardó «agente3.elqui».').waitFor();
    await expect
      .poll(async () => (await unwrap(supervisor.GET('/api/v1/staff'))).find((a) => a.username === 'agente3.elqui')?.email)
      .toBe('agente3.elqui@example.cl');
    expect((await suite.world.kiosk.POST('/api/v1/auth/login', { body: { username: 'agente3.elqui', password: 'clave-de-prueba-2026' } })).response.status).toBe(200);
    await page.getByRole('button', { name: 'Editar agente3.elqui' }).click();
    await page.getByRole('checkbox', { name: /Cuenta activa/ }).uncheck();
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('row', { name: /agente3\.elqui agente Inactivo/ }).waitFor();
    expect((await suite.world.kiosk.POST('/api/v1/auth/login', { body: { username: 'agente3.elqui', password: 'clave-de-prueba-2026' } })).response.status).toBe(401);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Supervisors see only their office's accounts, and never the admin's section.
    const accounts = await unwrap(supervisor.GET('/api/v1/staff'));
    expect(accounts.every((a) => a.officeId === suite.world.officeId)).toBe(true);
    await page.goto(`${suite.world.api.baseUrl}/staff/offices`);
    await page.getByRole('alert').filter({ hasText: 'Su perfil no tiene acceso a esta sección.' }).waitFor();
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('an admin creates an office and works on it; the console reads in English on a tablet', async () => {
    const { page, errors, close } = await open({ width: 820, height: 1180 });
    await logIn(page, suite.world.api.baseUrl, BROWSER_ADMIN);
    await section(page, 'Oficinas');
    await page.getByRole('button', { name: 'Nueva oficina' }).click();
    await page.getByLabel('Nombre', { exact: true }).fill('Municipalidad de Vicuña – Atención');
    await page.getByLabel('Dirección').fill('San Martín 275, Vicuña');
    await page.getByRole('button', { name: 'Crear oficina' }).click();
    await page.getByText('Se guardó «Municipalidad de Vicuña – Atención».').waitFor();
    await page.getByRole('button', { name: 'Trabajar en Municipalidad de Vicuña – Atención' }).click();
    await expect.poll(() => page.getByLabel('Oficina', { exact: true }).locator('option:checked').textContent()).toBe('Municipalidad de Vicuña – Atención');
    await section(page, 'Mi módulo');
    await page.getByText('Esta oficina no tiene módulos activos.').waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My counter' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Office', { exact: true }).selectOption({ label: 'Gobernación Provincial de Elqui – Extranjería' });
    await page.getByRole('heading', { name: 'Open a counter' }).waitFor();
    await page.getByRole('radio', { name: /^Módulo 5/ }).check();
    await page.getByRole('button', { name: 'Open Módulo 5' }).click();
    await page.getByRole('button', { name: 'Call next' }).waitFor();
    await page.locator('[data-status="connected"]').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'staff-desk-tablet-en');
    await page.getByRole('button', { name: 'Español' }).click();
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
