import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../libs/api-client/src/index.js';
import { DEMO, logIn, STAFF_NOW, staffConsoleSuite } from './web-staff-support.js';

/**
 * The front ends show the office's day and time by the API's clock (FAKE_NOW: Tuesday 1 December
 * 2026, 09:00 in La Serena, America/Santiago), not the browser's: every page here runs in a browser
 * whose clock reads another day, month and year, in another time zone (docs/frontend.md "The office's clock").
 */
const BROWSER_ZONE = 'Asia/Tokyo';
/** 15 January 2027, 22:47 in Tokyo: another day, month and year, and 10:47 on the 15th in Santiago. */
const BROWSER_NOW = '2027-01-15T22:47:00+09:00';

describe("the office's clock in every front end, whatever the browser's", () => {
  const suite = staffConsoleSuite();

  /** A page in a context of its own, in Tokyo, its clock (running) at BROWSER_NOW. */
  async function openElsewhere(viewport = { width: 1366, height: 768 }): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
    const context = await suite.browser.newContext({ locale: 'es-CL', timezoneId: BROWSER_ZONE, viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.clock.install({ time: new Date(BROWSER_NOW) });
    // The browser really is elsewhere: its own idea of today is not the office's.
    await page.goto(`${suite.world.api.baseUrl}/staff/login`);
    expect(await page.evaluate('new Date().toString()')).toMatch(/Jan 15 2027 22:4\d:\d\d GMT\+0900/);
    return { page, errors, context };
  }

  it("the waiting-room display's clock shows the office's time", async () => {
    const { page, errors, context } = await openElsewhere({ width: 1920, height: 1080 });
    await page.goto(`${suite.world.api.baseUrl}/display?office=${suite.world.officeId}`);
    await page.locator('[data-status="connected"]').waitFor();
    // 09:00 and a few minutes at most (the API's clock runs from FAKE_NOW); the browser would say 10:47 (Santiago) or 22:47 (Tokyo).
    const clock = page.locator('.display-clock time');
    await clock.filter({ hasText: /^09:0\d$/ }).waitFor();
    const apiNow = Date.parse((await unwrap(suite.world.kiosk.GET('/api/v1/time'))).now);
    expect(apiNow - Date.parse(STAFF_NOW)).toBeLessThan(10 * 60_000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the booking calendar opens on the office's month with the office's today marked", async () => {
    const { page, errors, context } = await openElsewhere({ width: 390, height: 844 });
    const service = suite.world.services.R;
    await page.goto(`${suite.world.api.baseUrl}/reservar?oficina=${suite.world.officeId}&tramite=${service.id}`);
    await page.getByRole('grid', { name: /diciembre de 2026/ }).waitFor();
    await page.locator('.day-today[data-date="2026-12-01"]').waitFor();
    await expect.poll(() => page.locator('.day-today').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the board counts waits, the reports, closures and public account take the office's today and year", async () => {
    // A walk-in issued now, and a closure tomorrow (the office's), so the pages have something dated to show.
    await unwrap(suite.world.kiosk.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: suite.world.officeId } }, body: { serviceId: suite.world.services.E.id } }));
    const supervisor = await suite.world.as(DEMO.supervisor);
    await unwrap(
      supervisor.POST('/api/v1/offices/{officeId}/closures', { params: { path: { officeId: suite.world.officeId } }, body: { date: '2026-12-02', reason: 'Cierre visto desde Tokio' } }),
    );

    const { page, errors, context } = await openElsewhere();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/board');
    await page.getByRole('heading', { name: 'Tablero del día' }).waitFor();
    // Minutes since the ticket by the API's clock (by the browser's it would be weeks).
    await page.getByTestId('kpi-longest-wait').filter({ hasText: /^[0-5] min$/ }).waitFor();

    await page.goto(`${suite.world.api.baseUrl}/staff/reports`);
    await page.getByRole('heading', { name: 'Informes', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Desde').inputValue()).toBe('2026-12-01');
    await expect.poll(() => page.getByLabel('Hasta').inputValue()).toBe('2026-12-01');

    await page.getByRole('link', { name: 'Cuenta pública del año' }).click();
    await page.getByRole('heading', { name: 'Cuenta pública 2026', level: 1 }).waitFor();

    // Closures from the office's today on: tomorrow's is listed (from the browser's today it would not be).
    await page.goto(`${suite.world.api.baseUrl}/staff/closures`);
    await page.getByRole('row', { name: /Cierre visto desde Tokio/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 45_000);
});
