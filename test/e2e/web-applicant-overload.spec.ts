import { existsSync } from 'node:fs';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { demoOffice, FAKE_NOW, PHONE, rut } from './web-applicant-support.js';

/**
 * The booking site at opening time (issue #19 §3): the API sheds the first booking requests with
 * 503 OVERLOADED and Retry-After (LOAD_SHED_DRILL, exactly the answer of a real overload). The
 * applicant sees "Hay mucha demanda" with a countdown, keeps what they typed, and the site sends the
 * same request again by itself until it is booked: once, whatever the number of tries. Each test
 * has a route of its own in the drill, so neither depends on the other.
 */
const SHED = 2;
/** Long enough to press "Dejar de reintentar" before the retry on a busy machine. */
const RETRY_AFTER_S = 4;
const DOCUMENT = rut(21_212_121);

/** Chromium logs every 4xx/5xx answer; those a test provokes on purpose are not errors of the page. */
const unexpected = (errors: string[], ...statuses: number[]) => errors.filter((e) => !statuses.some((status) => e.includes(`status of ${status} `)));

describe('the booking site under "mucha demanda"', { timeout: 120_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof demoOffice>>;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([
      startApiForBrowser({
        fakeNow: FAKE_NOW,
        env: {
          SEED_DEMO: 'true',
          LOAD_SHED_DRILL: `POST /api/v1/bookings=${SHED},POST /api/v1/requests=1`,
          LOAD_SHED_RETRY_AFTER_S: String(RETRY_AFTER_S),
          // The drill alone sheds: a busy test machine must not shed the page's other requests.
          LOAD_SHED: 'false',
        },
      }),
      launchBrowser(),
    ]);
    demo = await demoOffice(api);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('keeps the form, shows the wait, retries with the same key and body, and books once', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-overload'));
    const posts: { key: string | undefined; body: string | null }[] = [];
    const answers: number[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/bookings') posts.push({ key: request.headers()['idempotency-key'], body: request.postData() });
    });
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/v1/bookings') answers.push(response.status());
    });

    const service = demo.service('Residencia temporal');
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: /miércoles, 2 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('heading', { name: 'Horas del miércoles, 2 de diciembre de 2026' }).waitFor();
    await page.getByRole('button', { name: /^09:00 \d+ cupos?$/ }).click();
    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    await page.getByRole('textbox', { name: 'RUT' }).fill(DOCUMENT);
    await page.getByLabel('Nombre completo').fill('Rosa Demanda Alta');
    await page.getByLabel('Correo electrónico (opcional)').fill('rosa@example.cl');
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();

    // Shed: the wait is told politely, counted down, and nothing typed is lost.
    const notice = page.locator('[data-overload="waiting"]');
    await notice.getByText('Hay mucha demanda en este momento.').waitFor();
    await notice.getByText(/^Reintentaremos automáticamente en [1-6] s…$/).waitFor();
    await notice.getByRole('button', { name: 'Reintentar ahora' }).waitFor();
    await notice.getByRole('button', { name: 'Dejar de reintentar' }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'RUT' }).inputValue()).toBe(DOCUMENT);
    await expect.poll(() => page.getByLabel('Nombre completo').inputValue()).toBe('Rosa Demanda Alta');
    await expect.poll(() => page.getByLabel('Correo electrónico (opcional)').inputValue()).toBe('rosa@example.cl');
    expect(await seriousAccessibilityViolations(page), 'the "mucha demanda" notice').toEqual([]);
    await screenshot(page, 'web-overload-notice-phone');
    // Never an error page or an error notice meanwhile.
    await expect.poll(() => page.locator('.notice-error').count()).toBe(0);

    // Then the confirmation, without a click: the same request went through once the API had room.
    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor({ timeout: 60_000 });
    const code = (await page.getByTestId('booking-code').textContent())!.trim();
    await page.waitForURL(`${api.baseUrl}/reserva/${code}`);

    await expect.poll(() => answers).toEqual([...Array<number>(SHED).fill(503), 201]);
    expect(posts).toHaveLength(SHED + 1);
    expect(new Set(posts.map((post) => post.key)).size).toBe(1);
    expect(posts[0]!.key).toMatch(/.{16,}/);
    expect(new Set(posts.map((post) => post.body)).size).toBe(1);

    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ code: string; status: string }>(`SELECT code, status FROM bookings WHERE full_name = 'Rosa Demanda Alta'`);
      expect(rows).toEqual([{ code, status: 'confirmed' }]);
    } finally {
      await db.end();
    }

    expect(unexpected(errors, 503)).toEqual([]);
    await close();
  });

  it('stops retrying when asked, keeps the form, and files once when sent again', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-overload'));
    const posts: { key: string | undefined; body: string | null }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/requests') posts.push({ key: request.headers()['idempotency-key'], body: request.postData() });
    });
    const description = 'Pedí hora a la apertura y la página decía que había mucha demanda.';

    await page.goto(`${api.baseUrl}/solicitudes`);
    await page.getByLabel('Oficina').selectOption({ label: demo.office.name });
    await page.getByRole('radio', { name: 'Reclamo', exact: true }).check();
    const topic = page.getByLabel('Tema');
    await topic.locator('option', { hasText: 'Licencias de conducir' }).waitFor({ state: 'attached' });
    await topic.selectOption({ label: 'Licencias de conducir' });
    await page.getByLabel('Describa su solicitud').fill(description);
    await page.getByLabel('Nombre (opcional)').fill('Persona Con Paciencia');
    await page.getByLabel('Correo electrónico').fill('paciencia@example.cl');
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();

    const waiting = page.locator('[data-overload="waiting"]');
    await waiting.getByText('Hay mucha demanda en este momento.').waitFor();
    await waiting.getByRole('button', { name: 'Dejar de reintentar' }).click();
    const stopped = page.locator('[data-overload="stopped"]');
    await stopped.getByText('Dejamos de reintentar automáticamente. Sus datos se mantienen. Cuando quiera, vuelva a enviar: no se registrará dos veces.').waitFor();
    // The pressed button is gone: the focus is on the notice that says what to do next.
    await expect.poll(() => page.locator('[data-overload="stopped"]:focus').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Describa su solicitud').inputValue()).toBe(description);
    await expect.poll(() => page.getByLabel('Correo electrónico').inputValue()).toBe('paciencia@example.cl');
    expect(await seriousAccessibilityViolations(page), 'the stopped notice').toEqual([]);

    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    await page.getByRole('heading', { level: 1, name: 'Solicitud recibida' }).waitFor();
    await expect.poll(() => posts.length).toBe(2);
    expect(new Set(posts.map((post) => post.key)).size).toBe(1);
    expect(new Set(posts.map((post) => post.body)).size).toBe(1);

    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM requests WHERE description = $1', [description]);
      expect(rows).toEqual([{ count: '1' }]);
    } finally {
      await db.end();
    }

    expect(unexpected(errors, 503)).toEqual([]);
    await close();
  });

  it("shows the calendar's wait instead of an error when its read is shed, then the days by themselves", async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-overload'));
    // The drill names exact paths and the service's id is not known when the API starts: this one
    // read is answered here, exactly as the API's shedding answers (as the booking spec does for a 429).
    let reads = 0;
    await page.route('**/api/v1/services/*/availability?*', async (route) => {
      reads += 1;
      if (reads === 1)
        await route.fulfill({ status: 503, headers: { 'retry-after': '2' }, json: { statusCode: 503, error: 'OVERLOADED', message: 'The server is overloaded; please retry' } });
      else await route.continue();
    });
    const service = demo.service('Permanencia definitiva');
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    const notice = page.locator('.calendar [data-overload="waiting"]');
    await notice.getByText('Hay mucha demanda en este momento.').waitFor();
    await notice.getByText(/^Reintentaremos automáticamente en [1-3] s…$/).waitFor();
    await page.locator('[data-date="2026-12-02"][data-kind="available"]').waitFor();
    await expect.poll(() => page.locator('[data-overload="waiting"], .notice-error').count()).toBe(0);
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(unexpected(errors, 503)).toEqual([]);
    await close();
  });
});
