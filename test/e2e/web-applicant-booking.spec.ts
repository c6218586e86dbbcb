import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { DESKTOP, demoOffice, FAKE_NOW, fillDay, PHONE, rut, tabTo } from './web-applicant-support.js';

/**
 * The applicants' booking site (issue #8) in Chromium against the API process with the demo data,
 * at FAKE_NOW: book, confirm, find under "Mi reserva", reschedule, cancel; a slot that fills up
 * meanwhile; keyboard only; a phone and a laptop; axe on every page.
 */
/** Chromium logs every 4xx answer; those a test provokes on purpose are not errors of the page. */
const unexpected = (errors: string[], ...statuses: number[]) => errors.filter((e) => !statuses.some((status) => e.includes(`status of ${status} `)));

describe('the booking site', { timeout: 60_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof demoOffice>>;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
    demo = await demoOffice(api);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function axe(page: import('playwright-core').Page, where: string) {
    expect(await seriousAccessibilityViolations(page), where).toEqual([]);
  }

  it('books a slot on a phone, then finds, reschedules and cancels it under "Mi reserva"', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-booking'));
    await page.goto(`${api.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: /Turnero/ }).waitFor();
    await page.getByRole('heading', { name: 'Gobernación Provincial de Elqui – Extranjería' }).waitFor();
    await axe(page, 'home (phone)');

    await page.getByRole('link', { name: 'Reservar hora en Gobernación Provincial de Elqui – Extranjería' }).click();
    await page.getByRole('heading', { name: 'Elija el trámite' }).waitFor();
    // Each procedure with the documents to bring; walk-in procedures are explained apart.
    await page.getByText('Certificado de antecedentes del país de origen, legalizado o apostillado').waitFor();
    await page.getByRole('heading', { name: 'Trámites sin reserva' }).waitFor();
    await axe(page, 'procedures');
    await page.getByRole('link', { name: 'Reservar hora para Residencia temporal' }).click();

    // The month calendar: today has room, weekends are closed, 8 December is a public holiday.
    await page.getByRole('grid', { name: /diciembre de 2026/ }).waitFor();
    await page.locator('[data-date="2026-12-02"][data-kind="available"]').waitFor();
    await page.locator('[data-date="2026-12-05"][data-kind="closed"]').waitFor();
    await page.locator('[data-date="2026-12-08"][data-kind="closed"]').waitFor();
    await page.getByText('Días sin atención este mes:').waitFor();
    await axe(page, 'calendar (phone)');
    await screenshot(page, 'web-calendar-phone');

    await page.getByRole('button', { name: /miércoles, 2 de diciembre de 2026: 50 cupos disponibles/ }).click();
    await page.getByRole('heading', { name: 'Horas del miércoles, 2 de diciembre de 2026' }).waitFor();
    await page.getByRole('button', { name: /^09:00 \d cupos?$/ }).click();

    // The form: a wrong check digit is caught while typing, then fixed.
    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    const document = page.getByRole('textbox', { name: 'RUT' });
    await document.fill('12.345.678-4');
    await page.getByText('El RUT no es válido: el dígito verificador').waitFor();
    await document.fill('12345678-5');
    await page.getByText('RUT válido').waitFor();
    await page.getByLabel('Nombre completo').fill('María José Pérez Soto');
    await page.getByLabel('Correo electrónico (opcional)').fill('maria@example.cl');
    await expect.poll(() => document.inputValue()).toBe('12.345.678-5'); // formatted on leaving the field
    await page.getByLabel('Necesito atención preferente').check();
    await axe(page, 'applicant form');
    await screenshot(page, 'web-form-phone');
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();

    // The confirmation: the code large, its QR, what to bring, where and when in the office's time.
    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    const code = (await page.getByTestId('booking-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    await page.waitForURL(`${api.baseUrl}/reserva/${code}`);
    const qr = page.getByRole('img', { name: `Código QR de la reserva ${code}` });
    await expect.poll(() => qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.getByText('miércoles, 2 de diciembre de 2026').waitFor();
    await page.getByText('09:00–09:15').waitFor();
    await page.getByText('Arturo Prat 350, La Serena, Región de Coquimbo').waitFor();
    await page.getByRole('heading', { name: 'Qué debe llevar' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Agregar a mi calendario' }).getAttribute('href')).toBe(`/api/v1/bookings/${code}/calendar.ics`);
    await axe(page, 'confirmation');
    await screenshot(page, 'web-confirmation-phone');

    // "Mi reserva": the code comes along; the document is typed (it never goes in a URL).
    await page.getByRole('link', { name: 'Cambiar o cancelar (Mi reserva)' }).click();
    await page.getByRole('heading', { name: 'Buscar mi reserva' }).waitFor();
    await expect.poll(() => page.getByLabel('Código de reserva').inputValue()).toBe(code);
    await axe(page, 'my booking: lookup');
    await page.getByLabel('RUT o número de documento').fill('12.345.678-0');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('No encontramos una reserva con ese código y documento.').waitFor();
    await page.getByLabel('RUT o número de documento').fill('12345678-5');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('heading', { name: `Reserva ${code}` }).waitFor();
    await page.getByText('Confirmada').waitFor();
    await axe(page, 'my booking: found');

    await page.getByRole('button', { name: 'Cambiar día u hora' }).click();
    await page.getByRole('heading', { name: 'Elegir otro día u hora' }).waitFor();
    await page.getByRole('button', { name: /jueves, 3 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('button', { name: /^10:00 \d cupos?$/ }).click();
    await page.getByRole('button', { name: 'Cambiar al jueves, 3 de diciembre de 2026 a las 10:00' }).click();
    await page.getByText('Listo: su hora cambió.').waitFor();
    await page.getByText('jueves, 3 de diciembre de 2026').waitFor();
    const moved = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: '12345678-5' } });
    expect(moved.data).toMatchObject({ status: 'confirmed', slotStart: '2026-12-03T10:00:00-03:00', preferential: true });

    await page.getByRole('button', { name: 'Cancelar reserva' }).click();
    await page.getByText('Va a cancelar su hora de Residencia temporal del jueves, 3 de diciembre de 2026 a las 10:00.').waitFor();
    await page.getByRole('button', { name: 'Sí, cancelar la reserva' }).click();
    await page.getByText('Su reserva fue cancelada.').waitFor();
    await page.getByText('Cancelada', { exact: true }).waitFor();
    const cancelled = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: '12345678-5' } });
    expect(cancelled.data?.status).toBe('cancelled');

    expect(unexpected(errors, 404)).toEqual([]);
    await close();
  });

  it('books with the keyboard alone on a laptop screen, past a day that is full', async () => {
    // Friday 11 December is fully booked (the day's cap of 30) before the applicant arrives.
    expect(await fillDay(api, demo.service('Permanencia definitiva').id, '2026-12-11', 20_000_000)).toBe(30);
    const { page, errors, close } = await newPage(browser, { viewport: DESKTOP });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-booking'));
    await page.goto(`${api.baseUrl}/`);
    await page.getByRole('heading', { name: 'Municipalidad de La Serena – Atención Ciudadana' }).waitFor();
    await axe(page, 'home (laptop)');
    await screenshot(page, 'web-home');

    await tabTo(page, /link "Reservar hora"/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Elija la oficina' }).waitFor();
    await tabTo(page, /link "Reservar hora en Gobernación Provincial de Elqui/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Elija el trámite' }).waitFor();
    await tabTo(page, /link "Reservar hora para Permanencia definitiva/);
    await page.keyboard.press('Enter');

    // One day of the grid is in the tab order: today, the first day with room.
    await page.locator('[data-date="2026-12-01"][data-kind="available"]').waitFor();
    await page.getByRole('button', { name: 'viernes, 11 de diciembre de 2026: Completo: no quedan cupos' }).waitFor();
    await page.locator('[data-date="2026-12-11"][data-kind="full"]').waitFor();
    await tabTo(page, /button ".*martes, 1 de diciembre de 2026/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown'); // Wednesday 9 December
    await page.keyboard.press('ArrowUp'); // back to Wednesday 2
    await expect.poll(() => page.locator(':focus').getAttribute('data-date')).toBe('2026-12-02');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Horas del miércoles, 2 de diciembre de 2026' }).waitFor();
    await screenshot(page, 'web-calendar-desktop');
    await axe(page, 'calendar (laptop)');
    await tabTo(page, /button "09:10/);
    await page.keyboard.press('Space');

    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    await tabTo(page, /radio "RUT" \[checked\]/);
    await page.keyboard.press('ArrowRight'); // the radio group: passport…
    await page.getByRole('textbox', { name: 'Número de pasaporte' }).waitFor();
    await page.keyboard.press('ArrowLeft'); // …and back to RUT
    await page.keyboard.press('Tab');
    await page.keyboard.type('11.111.111-1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Jean Baptiste Louis');
    await tabTo(page, /button "Confirmar reserva"/);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    await page.getByText('09:10–09:30').waitFor();
    await screenshot(page, 'web-confirmation');
    expect(errors).toEqual([]);
    await close();
  });

  it("keeps the applicant's data through a network failure and a rate limit, retrying with the same Idempotency-Key (in English)", async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-booking'));
    const service = demo.service('Permanencia definitiva');
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Choose the day and time' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: /Thursday, December 10, 2026: \d+ places left/ }).click();
    await page.getByRole('button', { name: /^11:10 \d places?$/ }).click();
    await page.getByRole('radio', { name: 'Passport' }).check();
    await page.getByRole('textbox', { name: 'Passport number' }).fill('AB1234567');
    await page.getByLabel('Full name').fill('Jean Baptiste');

    // The first attempt never reaches the server, the second is rate-limited, the third goes through.
    const keys: string[] = [];
    let attempt = 0;
    await page.route('**/api/v1/bookings', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      attempt += 1;
      if (attempt === 1) await route.abort('internetdisconnected');
      else if (attempt === 2) await route.fulfill({ status: 429, headers: { 'retry-after': '2' }, json: { statusCode: 429, error: 'RATE_LIMITED', message: 'Too many requests' } });
      else await route.continue();
    });
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.getByText('No connection.').waitFor();
    await page.getByRole('button', { name: 'Try again' }).click();
    // A rate limit is "very high demand" (#19): the wait is shown and the same request goes again by itself.
    await page.getByText('There is very high demand right now.').waitFor();
    await page.getByText(/^We will try again automatically in [1-3] s…$/).waitFor();
    await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor();
    expect(new Set(keys).size).toBe(1);
    expect(keys).toHaveLength(3);
    await page.getByText('Thursday, December 10, 2026').waitFor();
    expect(unexpected(errors, 429).filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await close();
  });

  it('offers the nearest free times when the chosen one fills up before the applicant confirms', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: DESKTOP });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-booking'));
    const service = demo.service('Residencia temporal');
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: /viernes, 4 de diciembre de 2026: 50 cupos disponibles/ }).click();
    await page.getByRole('button', { name: /^08:30 \d cupos?$/ }).click();
    await page.getByRole('textbox', { name: 'RUT' }).fill(rut(15_000_000));
    await page.getByLabel('Nombre completo').fill('Ana Rojas');

    // Meanwhile three other people take the slot's three seats.
    for (const body of [15_000_001, 15_000_002, 15_000_003]) {
      const { response } = await api.client.POST('/api/v1/bookings', {
        body: { serviceId: service.id, slotStart: '2026-12-04T08:30:00-03:00', applicant: { documentType: 'RUT', documentNumber: rut(body), fullName: 'Otra persona' } },
      });
      expect(response.status).toBe(201);
    }
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();
    await page.getByText('Esa hora se acaba de llenar.').waitFor();
    await page.getByRole('button', { name: 'Reservar el viernes, 4 de diciembre de 2026 a las 08:45 (3 cupos)' }).waitFor();
    await axe(page, 'slot full');
    await screenshot(page, 'web-slot-full');
    await page.getByRole('button', { name: 'Reservar el viernes, 4 de diciembre de 2026 a las 08:45 (3 cupos)' }).click();
    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    await page.getByText('08:45–09:00').waitFor();

    // The same person booking the same procedure again: told to use "Mi reserva".
    await page.getByRole('link', { name: 'Reservar hora', exact: true }).click();
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: /viernes, 4 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('button', { name: /^09:00 \d cupos?$/ }).click();
    await page.getByRole('textbox', { name: 'RUT' }).fill(rut(15_000_000));
    await page.getByLabel('Nombre completo').fill('Ana Rojas');
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();
    await page.getByText('Ya tiene una reserva para este trámite.').waitFor();
    await page.getByRole('link', { name: 'Ir a Mi reserva' }).waitFor();
    expect(unexpected(errors, 409)).toEqual([]);
    await close();
  });
});
