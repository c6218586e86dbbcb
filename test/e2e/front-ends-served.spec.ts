import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';

/** The built front ends (npm run build), served by the API process, open in Chromium. */
describe('the front ends served by the API', () => {
  let api: BrowserApi;
  let browser: Browser;
  let officeId: string;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html') || !existsSync('dist/apps/kiosk-display/display.html')) {
      throw new Error('The front ends are not built: run `npm run build` first.');
    }
    [api, browser] = await Promise.all([startApiForBrowser(), launchBrowser()]);
    await api.loginAsAdmin();
    const { data } = await api.client.POST('/api/v1/offices', { body: { name: 'Oficina de prueba', timeZone: 'America/Santiago' } });
    officeId = data!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function open(path: string) {
    const opened = await newPage(browser);
    const { page } = opened;
    const response = await page.goto(`${api.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()['cache-control'], path).toBe('no-cache');
    expect(await page.locator('html').getAttribute('lang'), path).toBe('es');
    return opened;
  }

  it('serves the web app at / and at its client-side routes, in Spanish, the home page listing the offices from the API', async () => {
    const headings: Record<string, RegExp> = { '/': /^Turnero/, '/reservar': /^Reservar hora$/, '/turno/ABC123': /^Su turno$/ };
    for (const [path, heading] of Object.entries(headings)) {
      const { page, errors, close } = await open(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 5_000 });
      if (path === '/') {
        await page.getByRole('listitem').filter({ hasText: 'Oficina de prueba' }).waitFor({ timeout: 5_000 });
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
      }
      // /turno/ABC123 names no ticket: socket.io's refused handshake ends its polling session with a 400, which Chromium logs.
      expect(
        errors.filter((error) => !(path.startsWith('/turno/') && /status of 400 .*\/socket\.io\//.test(error))),
        path,
      ).toEqual([]);
      await close();
    }
  });

  it('serves the waiting-room screen, live over socket.io on the same origin', async () => {
    const { page, errors, close } = await open(`/display?office=${officeId}`);
    await page.locator('[data-status="connected"]').waitFor({ timeout: 5_000 });
    await page.getByText('Personas en espera: 0').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'display');
    expect(errors).toEqual([]);
    await close();
  });

  it('serves the kiosk, whose language choice (Haitian Creole) survives a reload', async () => {
    const { page, errors, close } = await open(`/kiosk?office=${officeId}`);
    await page.getByRole('heading', { level: 1, name: 'Obtenga su número', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Kreyòl ayisyen' }).click();
    await page.getByRole('heading', { name: 'Pran nimewo ou' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ht');
    await page.reload();
    await page.getByRole('heading', { name: 'Pran nimewo ou' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps /api answering JSON, with JSON 404s for unknown API paths and missing assets, and caches hashed assets', async () => {
    const health = await fetch(`${api.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    for (const path of ['/api/v1/nothing-here', '/api/nothing', '/assets/missing-abc123.js', '/display/assets/missing.js', '/missing.png']) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
    const html = await (await fetch(`${api.baseUrl}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const cached = await fetch(`${api.baseUrl}${asset}`);
    expect(cached.status).toBe(200);
    expect(cached.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
