import { unwrap } from '@turnero/api-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rutFromBody } from '../../libs/scheduling/src/index.js';
import { launchBrowser, newPage, screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, shown, startStaffWorld, type StaffWorld } from './web-staff-support.js';

/** Browser tests on a loaded machine. */
const BROWSER_TEST_MS = 60_000;

/**
 * Issue #18 in Chromium: a family booked together checks in at the kiosk with the holder's code;
 * with one ticket per person the kiosk shows the group and its numbers, the waiting-room screen
 * "Grupo de 3" beside the call, and the desk the party at its counter. No name anywhere public.
 */
describe('group check-in on the kiosk, the display and the desk', () => {
  let world: StaffWorld;
  let browser: Browser;

  beforeAll(async () => {
    [world, browser] = await Promise.all([startStaffWorld(), launchBrowser()]);
    await world.api.loginAsAdmin();
    const admin = world.api.client;
    await unwrap(admin.PATCH('/api/v1/offices/{officeId}', { params: { path: { officeId: world.officeId } }, body: { groupTickets: 'per_person' } }));
    await unwrap(admin.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: world.services.R.id } }, body: { maxGroupSize: 4 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.api.close();
  });

  it('checks a group of three in by the holder’s code, then shows it on the display and at the desk', async () => {
    const booking = await unwrap(
      world.kiosk.POST('/api/v1/bookings', {
        body: {
          serviceId: world.services.R.id,
          slotStart: '2026-12-01T09:15:00-03:00',
          applicant: { documentType: 'RUT', documentNumber: rutFromBody(16_100_001).formatted, fullName: 'Titular de Prueba', email: 'titular@example.test' },
          companions: [
            { documentType: 'RUT', documentNumber: rutFromBody(16_100_002).formatted, fullName: 'Acompañante Uno' },
            { documentType: 'RUT', documentNumber: rutFromBody(16_100_003).formatted, fullName: 'Acompañante Dos' },
          ],
        },
      }),
    );

    // The kiosk, as a scanner types the QR's code.
    const kiosk = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
    kiosk.page.setDefaultTimeout(8_000);
    await kiosk.page.addInitScript(() => {
      (globalThis as unknown as { print: () => void }).print = () => undefined;
    });
    await kiosk.page.goto(`${world.api.baseUrl}/kiosk?office=${world.officeId}`);
    // Ready: the office is loaded and the kiosk listens to the keyboard (a scanner), as kiosk.spec waits.
    await kiosk.page.locator('main[data-screen="start"]').waitFor();
    await kiosk.page.getByRole('heading', { name: 'Obtenga su número' }).waitFor();
    const answer = kiosk.page.waitForResponse((response) => response.url().endsWith('/check-ins'));
    await kiosk.page.keyboard.type(booking.code);
    await kiosk.page.keyboard.press('Enter');
    const ticket = (await (await answer).json()) as { id: string; number: string; partySize: number; groupNumbers: string[] };
    expect(ticket.partySize).toBe(3);
    expect(ticket.groupNumbers).toHaveLength(3);
    await kiosk.page.getByRole('heading', { name: 'Su número es' }).waitFor();
    const group = kiosk.page.locator('.kiosk-ticket-step .kiosk-ticket-group');
    await expect.poll(() => group.getAttribute('data-party-size')).toBe('3');
    await expect.poll(() => group.textContent()).toContain('Grupo de 3 personas');
    await expect.poll(() => group.textContent()).toContain(`Números del grupo: ${ticket.groupNumbers.map(shown).join(', ')}`);
    await expect.poll(() => group.textContent()).toContain('Los llamaremos juntos a un mismo módulo.');
    expect(await seriousAccessibilityViolations(kiosk.page)).toEqual([]);
    await screenshot(kiosk.page, 'kiosk-group-ticket-1080p');
    expect(kiosk.errors).toEqual([]);
    await kiosk.close();

    // The waiting-room screen, then the group called by one of its tickets (the out-of-order call,
    // so whatever else the demo's queue holds does not come first).
    const display = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
    display.page.setDefaultTimeout(8_000);
    await display.page.goto(`${world.api.baseUrl}/display?office=${world.officeId}`);
    await display.page.locator('[data-status="connected"]').waitFor();
    const supervisor = await world.as(DEMO.supervisor);
    const counters = await unwrap(supervisor.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId: world.officeId } } }));
    const counter = counters.find((c) => c.active && c.serviceIds.includes(world.services.R.id))!;
    await unwrap(supervisor.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId: counter.id } }, body: {} }));
    const called = await unwrap(supervisor.POST('/api/v1/counters/{counterId}/call/{ticketId}', { params: { path: { counterId: counter.id, ticketId: ticket.id } } }));
    expect(called).toMatchObject({ partySize: 3, groupNumbers: ticket.groupNumbers, counterId: counter.id });

    const current = display.page.locator('.display-current-call');
    await expect.poll(() => current.getAttribute('data-number'), { timeout: 8_000 }).toBe(ticket.groupNumbers[0]);
    const line = current.locator('.display-current-group');
    await expect.poll(() => line.getAttribute('data-party-size')).toBe('3');
    await expect.poll(() => line.textContent()).toBe(`Grupo de 3 · ${ticket.groupNumbers.map(shown).join(' · ')}`);
    await expect.poll(() => display.page.locator('main').textContent()).not.toMatch(/Titular|Acompañante/);
    await screenshot(display.page, 'display-group-call');
    expect(display.errors).toEqual([]);
    await display.close();

    // The desk of the counter that called them shows the party.
    const desk = await newPage(browser);
    desk.page.setDefaultTimeout(8_000);
    await logIn(desk.page, world.api.baseUrl, DEMO.supervisor, '/staff/desk');
    await desk.page.getByRole('radio', { name: new RegExp(`^${counter.name}`) }).check();
    await desk.page.getByRole('button', { name: new RegExp(`^(Atender en|Abrir) ${counter.name}$`) }).click();
    await desk.page.getByRole('heading', { name: `Mi módulo: ${counter.name}` }).waitFor();
    const facts = desk.page.locator('.staff-current-group');
    await expect.poll(() => facts.getAttribute('data-party-size')).toBe('3');
    await expect.poll(() => facts.textContent()).toContain('3 personas');
    await expect.poll(() => facts.textContent()).toContain(`Números: ${ticket.groupNumbers.map(shown).join(', ')}`);
    expect(await seriousAccessibilityViolations(desk.page)).toEqual([]);
    await screenshot(desk.page, 'staff-desk-group');
    // Starting any of them starts the group.
    await desk.page.getByRole('button', { name: 'Comenzar atención' }).click();
    await desk.page.locator('[data-ticket-status="serving"]').waitFor();
    const queue = await unwrap(supervisor.GET('/api/v1/offices/{officeId}/queue', { params: { path: { officeId: world.officeId } } }));
    expect(queue.called.filter((t) => ticket.groupNumbers.includes(t.number)).map((t) => t.status)).toEqual(['serving', 'serving', 'serving']);
    expect(desk.errors).toEqual([]);
    await desk.close();
  }, BROWSER_TEST_MS);
});
