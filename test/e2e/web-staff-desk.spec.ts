import { describe, expect, it } from 'vitest';
import { toApiError, unwrap } from '../../libs/api-client/src/index.js';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, documented, logIn, shown, staffConsoleSuite, unexpected } from './web-staff-support.js';

const DESK_PC = { width: 1366, height: 768 };

/** The staff console (issue #8) in Chromium: the counter desk, live between two agents, the front desk and the board. */
describe('the staff console: desk, front desk and board', () => {
  const suite = staffConsoleSuite();

  /** A page of its own context; a missing element fails within 10 s, naming the locator. */
  const open = (viewport = DESK_PC) => suite.open(viewport);

  const issueWalkIn = (code: string, preferential = false) =>
    unwrap(suite.world.kiosk.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: suite.world.officeId } }, body: { serviceId: suite.world.services[code].id, preferential } }));

  it('an agent logs in, opens a counter and serves a kiosk ticket; a second agent sees the queue change without reloading', async () => {
    const one = await open();
    const two = await open();

    // Login page: Spanish, accessible; a wrong password is explained.
    await one.page.goto(`${suite.world.api.baseUrl}/staff/desk`);
    await one.page.getByRole('heading', { name: 'Ingreso del personal' }).waitFor();
    expect(await seriousAccessibilityViolations(one.page)).toEqual([]);
    await screenshot(one.page, 'staff-login');
    await one.page.getByLabel('Usuario').fill(DEMO.agent1.username);
    await one.page.getByLabel('Contraseña').fill('not-the-password');
    await one.page.getByRole('button', { name: 'Ingresar' }).click();
    await one.page.getByRole('alert').filter({ hasText: 'Usuario o contraseña incorrectos.' }).waitFor();
    await one.page.getByLabel('Contraseña').fill(DEMO.agent1.password);
    await one.page.getByRole('button', { name: 'Ingresar' }).click();
    // Back where the agent was going, with the agent's sections only.
    await one.page.getByRole('heading', { name: 'Abrir un módulo' }).waitFor();
    await one.page.waitForURL(`${suite.world.api.baseUrl}/staff/desk`);
    const nav = one.page.getByRole('navigation', { name: 'Secciones' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Mi módulo', 'Recepción', 'Reservas', 'Lista de espera', 'Solicitudes']);
    // The token lives in this tab's sessionStorage, never in the address.
    await expect.poll(() => one.page.evaluate<string[]>('Object.keys(sessionStorage)')).toContain('turnero.staff.session');
    expect(one.page.url()).not.toMatch(/token|eyJ/);

    await one.page.getByRole('radio', { name: /^Módulo 3/ }).check();
    // The counter's services are ticked with the radio (derived in the same render, no effect after paint).
    await expect.poll(() => one.page.getByRole('checkbox', { name: /Prórroga de turismo/ }).isChecked()).toBe(true);
    await one.page.getByRole('button', { name: 'Abrir Módulo 3' }).click();
    await one.page.getByRole('heading', { name: 'Mi módulo: Módulo 3' }).waitFor();
    await one.page.locator('[data-status="connected"]').waitFor();

    await logIn(two.page, suite.world.api.baseUrl, DEMO.agent2, '/staff/desk');
    await two.page.getByRole('radio', { name: /^Módulo 4/ }).check();
    await two.page.getByRole('button', { name: 'Abrir Módulo 4' }).click();
    await two.page.locator('[data-status="connected"]').waitFor();
    await two.page.getByText('No hay nadie en espera.').waitFor();

    // The kiosk issues a walk-in: both consoles show it live.
    const ticket = await issueWalkIn('T');
    for (const { page } of [one, two]) await page.getByTestId('waiting-table').getByText(shown(ticket.number)).waitFor();
    await one.page.getByTestId('waiting-count').filter({ hasText: /^1$/ }).waitFor();

    await one.page.getByRole('button', { name: 'Llamar siguiente' }).click();
    await one.page.getByText(`Llamó al número ${shown(ticket.number)}.`).waitFor();
    await expect.poll(() => one.page.locator('.staff-current-number').textContent()).toBe(shown(ticket.number));
    // Agent two: the line empties and the call appears, without a reload.
    await two.page.getByText('No hay nadie en espera.').waitFor();
    await two.page.getByTestId('called-table').getByRole('row', { name: new RegExp(`Módulo 3`) }).waitFor();

    await one.page.getByRole('button', { name: 'Comenzar atención' }).click();
    await one.page.getByText('En atención', { exact: true }).first().waitFor();
    await one.page.getByRole('button', { name: 'Terminar atención' }).click();
    await one.page.getByText(`Número ${shown(ticket.number)} atendido.`).waitFor();
    await two.page.getByText('Ningún número llamado en este momento.').waitFor();

    // Nobody waiting: the call-next 204 in plain words.
    await one.page.getByRole('button', { name: 'Llamar siguiente' }).click();
    await one.page.getByText('Nadie en espera para los trámites de su módulo.').waitFor();

    // A busy counter cannot be closed: COUNTER_BUSY explained.
    const next = await issueWalkIn('E');
    await two.page.getByRole('button', { name: 'Llamar siguiente' }).click();
    await two.page.getByText(`Llamó al número ${shown(next.number)}.`).waitFor();
    await two.page.getByRole('button', { name: 'Cerrar módulo' }).click();
    await two.page.getByRole('alert').filter({ hasText: 'todavía tiene un número llamado' }).waitFor();
    // Transfer to another service: back in the line, in agent one's list.
    await two.page.getByRole('button', { name: 'Transferir…' }).click();
    await two.page.getByLabel('Transferir a').selectOption({ label: 'Certificado de permanencia definitiva' });
    await two.page.getByRole('button', { name: 'Confirmar transferencia' }).click();
    await two.page.getByText(/transferido a «Certificado de permanencia definitiva»/).waitFor();
    await one.page.getByTestId('waiting-table').getByText(shown(next.number)).waitFor();

    expect(unexpected(one.errors, 401)).toEqual([]);
    expect(unexpected(two.errors, 409)).toEqual([]);
    await two.close();

    // Keyboard only: the focus follows the work (call → start → complete → call next), Enter does it.
    const page = one.page;
    await page.reload();
    await page.locator('[data-status="connected"]').waitFor();
    // Strings evaluated in the page (this file is type-checked as Node code, without the DOM's types).
    const focused = () => page.evaluate<string>("document.activeElement?.textContent ?? ''");
    const focusOn = (text: string) => page.waitForFunction(`document.activeElement?.textContent === ${JSON.stringify(text)}`, undefined, { timeout: 5_000 });
    let tabs = 0;
    while ((await focused()) !== 'Llamar siguiente' && tabs < 40) {
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    expect(await focused()).toBe('Llamar siguiente');
    await page.keyboard.press('Enter');
    await page.getByText(`Llamó al número ${shown(next.number)}.`).waitFor();
    await focusOn('Comenzar atención');
    await page.keyboard.press('Enter');
    await page.getByText(`Atención del número ${shown(next.number)} comenzada.`).waitFor();
    await focusOn('Terminar atención');
    await page.keyboard.press('Enter');
    await page.getByText(`Número ${shown(next.number)} atendido.`).waitFor();
    await focusOn('Llamar siguiente');

    // A desk with a line, for the accessibility check and the screenshot.
    await issueWalkIn('T');
    const preferential = await issueWalkIn('C', true);
    await issueWalkIn('E');
    await issueWalkIn('T');
    await page.getByTestId('waiting-count').filter({ hasText: '4' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`Llamó al número ${shown(preferential.number)}.`).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await documented(page, 'staff-desk');
    expect(unexpected(one.errors, 401)).toEqual([]);
    await one.close();
  }, 60_000);

  it('a stale token sends the user back to the login page with a message; repeated failures explain the lock', async () => {
    const { page, errors, close } = await open();
    await page.goto(`${suite.world.api.baseUrl}/staff/login`);
    await page.evaluate("sessionStorage.setItem('turnero.staff.session', JSON.stringify({ accessToken: 'expired.or.forged', expiresAt: Date.now() + 3600000 }))");
    await page.goto(`${suite.world.api.baseUrl}/staff/board`);
    await page.getByText('Su sesión ya no es válida').waitFor();
    await page.waitForURL(`${suite.world.api.baseUrl}/staff/login`);
    await expect.poll(() => page.evaluate("sessionStorage.getItem('turnero.staff.session')")).toBeNull();

    for (let i = 0; i < 5; i += 1) {
      const { response } = await suite.world.kiosk.POST('/api/v1/auth/login', { body: { username: 'cuenta.bloqueada', password: 'wrong-password-123' } });
      expect([401, 429]).toContain(response.status);
    }
    await page.getByLabel('Usuario').fill('cuenta.bloqueada');
    await page.getByLabel('Contraseña').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').filter({ hasText: 'el ingreso queda bloqueado durante 15 minutos' }).waitFor();
    expect(unexpected(errors, 401, 429)).toEqual([]);
    await close();
  }, 45_000);

  it('the front desk checks a booking in by its scanned code and issues a preferential walk-in', async () => {
    const { page, errors, close } = await open();
    // A booking for today at the first slot still open, made as an applicant would.
    const service = suite.world.services.R;
    const availability = await unwrap(suite.world.kiosk.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: '2026-12-01', to: '2026-12-01' } } }));
    const slot = availability.days[0].slots.find((s) => s.remaining > 0)!;
    const booking = await unwrap(
      suite.world.kiosk.POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart: slot.start, applicant: { documentType: 'RUT', documentNumber: '12.345.678-5', fullName: 'Ana Rojas' } } }),
    );

    await logIn(page, suite.world.api.baseUrl, DEMO.agent1, '/staff/front-desk');
    await page.getByRole('heading', { name: 'Recepción', level: 1 }).waitFor();
    // A QR scanner types the code and presses Enter into the focused field.
    await page.waitForFunction("document.activeElement?.getAttribute('name') === 'code'", undefined, { timeout: 5_000 });
    await page.keyboard.type(booking.code.toLowerCase());
    await page.keyboard.press('Enter');
    const slip = page.getByTestId('ticket-slip');
    await slip.getByText('Residencia temporal').waitFor();
    await expect.poll(() => slip.locator('.staff-slip-number').textContent()).toMatch(/^R\u2011\d{3}$/);
    await expect.poll(() => page.getByLabel('Código de reserva').inputValue()).toBe('');
    // The same booking again: ALREADY_CHECKED_IN in plain words.
    await page.getByLabel('Código de reserva').fill(booking.code);
    await page.getByRole('button', { name: 'Registrar llegada', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'ya registró su llegada' }).waitFor();

    await page.getByRole('radio', { name: /Cambio de empleador/ }).check();
    await page.getByRole('checkbox', { name: /Atención preferente/ }).check();
    await page.getByRole('button', { name: 'Emitir número' }).click();
    await slip.getByText('Cambio de empleador').waitFor();
    await slip.getByText('Sin cita · Preferencial').waitFor();
    await expect.poll(() => slip.getByTestId('slip-estimate').textContent()).toMatch(/min|breve/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'staff-front-desk');
    expect(unexpected(errors, 409)).toEqual([]);
    await close();
  }, 45_000);

  it("a supervisor lowers today's walk-in cap on the board, and the kiosk's walk-in endpoint refuses at once", async () => {
    const { page, errors, close } = await open();
    // This test's own walk-ins for the service (whatever other tests issued), so the cap has something to stop at.
    const service = suite.world.services.T;
    await issueWalkIn('T');
    await issueWalkIn('T');
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor);
    // Supervisors land on the board and see the office's sections.
    await page.getByRole('heading', { name: 'Tablero del día' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    await expect.poll(() => nav.getByRole('link').allTextContents()).toEqual(['Mi módulo', 'Recepción', 'Reservas', 'Lista de espera', 'Solicitudes', 'Tablero del día', 'Informes', 'Trámites', 'Módulos', 'Horario y oficina', 'Cierres', 'Avisos', 'Cuentas']);
    await page.locator('[data-status="connected"]').waitFor();

    const supervisor = await suite.world.as(DEMO.supervisor);
    const before = (await unwrap(supervisor.GET('/api/v1/offices/{officeId}/walk-in-caps/today', { params: { path: { officeId: suite.world.officeId } } }))).find((c) => c.serviceId === service.id)!;
    expect(before.issued).toBeGreaterThanOrEqual(2);
    const row = page.locator(`tr[data-service-id="${service.id}"]`);
    await row.getByRole('cell', { name: '30', exact: true }).waitFor();

    await row.getByLabel(`Nuevo tope de hoy para ${service.name} (vacío: sin tope)`).fill(String(before.issued));
    await row.getByRole('button', { name: 'Guardar tope' }).click();
    await row.getByText('Tope guardado.').waitFor();
    await row.getByText('cambiado hoy').waitFor();

    const refused = await suite.world.kiosk.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: suite.world.officeId } }, body: { serviceId: service.id } });
    expect(refused.response.status).toBe(409);
    expect(toApiError(refused.error, refused.response.status).code).toBe('WALK_IN_CAP_REACHED');
    // The kiosk (apps/kiosk-display) says so to the person at the machine.
    const kiosk = await open({ width: 1080, height: 1920 });
    await kiosk.page.goto(`${suite.world.api.baseUrl}/kiosk?office=${suite.world.officeId}`);
    await kiosk.page.getByRole('button', { name: /No tengo reserva/ }).click();
    await kiosk.page.getByRole('button', { name: service.name }).click();
    await kiosk.page.getByRole('button', { name: /No, atención normal/ }).click();
    await kiosk.page.getByText('Se acabaron los números de hoy para este trámite').waitFor();
    await kiosk.close();

    // The refusals count as unmet demand (a refusal changes no queue: the board polls the caps).
    await page.reload();
    await row.locator('td').nth(3).filter({ hasText: /^2$/ }).waitFor();
    await page.locator('[data-status="connected"]').waitFor();

    // A walk-in elsewhere (the front desk) moves the board without a reload.
    const queue = () => unwrap(supervisor.GET('/api/v1/offices/{officeId}/queue', { params: { path: { officeId: suite.world.officeId } } }));
    const waitingBefore = (await queue()).waiting.length;
    await page.getByTestId('kpi-waiting').filter({ hasText: new RegExp(`^${waitingBefore}$`) }).waitFor();
    await unwrap(supervisor.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: suite.world.officeId } }, body: { serviceId: suite.world.services.E.id } }));
    await page.getByTestId('kpi-waiting').filter({ hasText: new RegExp(`^${waitingBefore + 1}$`) }).waitFor();

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await documented(page, 'staff-board');
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
