import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH } from '../../apps/kiosk-display/src/kiosk/booking-code.js';
import { createApiClient } from '../../libs/api-client/src/index.js';
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH, rutFromBody } from '../../libs/scheduling/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';

/** A weekday inside the demo office's hours (Mon–Fri 08:30–14:00, America/Santiago). */
const FAKE_NOW = '2026-12-01T09:00:00-03:00';
const FULL_HD = { width: 1920, height: 1080 };
/** Browser tests on a loaded machine. */
const BROWSER_TEST_MS = 45_000;

/** Counts window.print() instead of opening the print dialog. */
const RECORD_PRINTS = () => {
  const page = globalThis as unknown as { __prints: number; print: () => void };
  page.__prints = 0;
  page.print = () => {
    page.__prints++;
  };
};
const prints = (page: Page) => page.evaluate(() => (globalThis as unknown as { __prints: number }).__prints);

/** The self-service kiosk (`/kiosk?office=…`) in real Chromium, against the API process with the demo data. */
describe('the self-service kiosk', () => {
  let api: BrowserApi;
  let browser: Browser;
  let officeId: string;
  let services: Map<string, string>;
  let rut = 15_000_000;

  /** A booking of "Residencia temporal" today at `time` (office time), made as an applicant does; its code. */
  async function book(time: string): Promise<string> {
    const { data, error } = await api.client.POST('/api/v1/bookings', {
      body: {
        serviceId: services.get('R')!,
        slotStart: `2026-12-01T${time}:00-03:00`,
        applicant: { documentType: 'RUT', documentNumber: rutFromBody(++rut).formatted, fullName: 'Persona de Prueba' },
      },
    });
    if (!data) throw new Error(`Booking failed: ${JSON.stringify(error)}`);
    return data.code;
  }

  beforeAll(async () => {
    if (!existsSync('dist/apps/kiosk-display/kiosk.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
    const { data: offices } = await api.client.GET('/api/v1/offices');
    officeId = offices!.find((office) => office.name.includes('Extranjería'))!.id;
    const { data: serviceList } = await api.client.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } });
    services = new Map(serviceList!.map((service) => [service.code, service.id]));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function openKiosk() {
    const opened = await newPage(browser, { viewport: FULL_HD });
    // A step that never comes fails on its own line, well before the test's timeout.
    opened.page.setDefaultTimeout(8_000);
    await opened.page.addInitScript(RECORD_PRINTS);
    await opened.page.goto(`${api.baseUrl}/kiosk?office=${officeId}`);
    // Ready: the office is loaded and the kiosk listens to the keyboard (a scanner) too.
    await opened.page.locator('main[data-screen="start"]').waitFor();
    await opened.page.getByRole('heading', { name: 'Obtenga su número' }).waitFor();
    return opened;
  }

  it('takes booking codes in the alphabet the API issues them in', () => {
    expect(CODE_ALPHABET).toBe(BOOKING_CODE_ALPHABET);
    expect(CODE_LENGTH).toBe(BOOKING_CODE_LENGTH);
  });

  it('checks a booking in by its code on the on-screen keyboard and prints its ticket, with a QR to follow the turn', async () => {
    const code = await book('09:15');
    const { page, errors, close } = await openKiosk();
    await page.getByText('Gobernación Provincial de Elqui – Extranjería').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'kiosk-1080p');

    await page.getByRole('button', { name: /Tengo una reserva/ }).click();
    await page.getByRole('heading', { name: 'Ingrese su código de reserva' }).waitFor();
    for (const symbol of code.replaceAll('-', '')) await page.getByRole('button', { name: symbol, exact: true }).click();
    await expect.poll(() => page.locator('output.kiosk-code').getAttribute('data-code')).toBe(code);
    await expect.poll(() => page.getByRole('button', { name: 'A', exact: true }).isDisabled()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'kiosk-code-1080p');

    const answer = page.waitForResponse((response) => response.url().endsWith('/check-ins'));
    await page.getByRole('button', { name: 'Continuar' }).click();
    const ticket = (await (await answer).json()) as { number: string; trackingCode: string };
    expect((await answer).status()).toBe(201);
    await page.getByRole('heading', { name: 'Su número es' }).waitFor();
    await expect.poll(() => page.locator('[data-ticket-number]').getAttribute('data-ticket-number')).toBe(ticket.number);
    expect(ticket.number).toMatch(/^R-\d{3}$/);
    await page.locator('.kiosk-ticket-step').getByText('Residencia temporal').waitFor();
    await page.locator('.kiosk-ticket-step').getByText('Con reserva de las 09:15').waitFor();
    await page.getByText(/Volverá al inicio en (20|19|18) s/).waitFor();

    // The QR holds the turn page's address, drawn in the browser.
    const qr = page.getByRole('img', { name: 'Código QR para seguir su turno desde el teléfono' });
    const expectedSvg = await QRCode.toString(`${api.baseUrl}/turno/${ticket.trackingCode}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    await expect.poll(() => qr.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(expectedSvg)}`);
    await expect.poll(() => prints(page)).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'kiosk-ticket-1080p');

    // On paper: the slip alone, 80 mm wide.
    await page.emulateMedia({ media: 'print' });
    await page.locator('.kiosk-slip').waitFor({ state: 'visible' });
    await page.locator('.kiosk-ticket-step').waitFor({ state: 'hidden' });
    await page.locator('.kiosk-header').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.kiosk-slip-number').textContent()).toBe(ticket.number.replace('-', '\u2011'));
    await screenshot(page, 'kiosk-slip-print');
    // As printed: one 80 mm page as long as the slip.
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const pages = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map(([, width, height]) => ({ width: Number(width), height: Number(height) }));
    const mm = (points: number) => (points / 72) * 25.4;
    expect(pages).toHaveLength(1);
    expect(mm(pages[0].width)).toBeCloseTo(80, 0);
    expect(mm(pages[0].height)).toBeGreaterThan(80);
    expect(mm(pages[0].height)).toBeLessThan(200);
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'Terminar' }).click();
    await page.getByRole('heading', { name: 'Obtenga su número' }).waitFor();
    expect(errors).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);

  it('checks in from a scanner (the QR’s code, then Enter) and explains what went wrong in the chosen language', async () => {
    const [code, early] = [await book('09:15'), await book('11:00')];
    const { page, errors, close } = await openKiosk();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Su número es' }).waitFor();
    await page.getByRole('button', { name: 'Terminar' }).click();

    // The same code again, in Haitian Creole.
    await page.getByRole('button', { name: 'Kreyòl ayisyen' }).click();
    await page.getByRole('heading', { name: 'Pran nimewo ou' }).waitFor();
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Randevou sa a deja anrejistre' }).waitFor();
    await page.getByText('Ou deja gen nimewo w: tann yo rele w sou ekran an.', { exact: false }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Retounen nan kòmansman' }).click();
    // Back at the start, in Spanish again.
    await page.getByRole('heading', { name: 'Obtenga su número' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('es');

    await page.keyboard.type(early);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Aún es temprano para registrar su llegada' }).waitFor();
    await page.getByText('Su hora es el martes, 1 de diciembre de 2026 a las 11:00. Puede registrar su llegada desde las 10:30.').waitFor();
    await page.getByRole('button', { name: 'Volver al inicio' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Intentar de nuevo' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Volver al inicio' }).click();

    // Another QR (a turn page's address) holds no booking code.
    await page.keyboard.type('https://turnero.example/turno/AbCdEfGhIjKlMnOpQrStUv');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'El código no es válido' }).waitFor();
    await page.getByRole('button', { name: 'Intentar de nuevo' }).click();
    await page.getByRole('heading', { name: 'Ingrese su código de reserva' }).waitFor();
    await page.getByRole('button', { name: 'Volver' }).click();

    await page.getByRole('button', { name: /Tengo una reserva/ }).click();
    for (const symbol of 'ZZZZZZZZZ') await page.getByRole('button', { name: symbol, exact: true }).click();
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByRole('alert').filter({ hasText: 'No encontramos esa reserva' }).waitFor();
    await page.getByRole('button', { name: 'Intentar de nuevo' }).click();
    await page.getByRole('heading', { name: 'Ingrese su código de reserva' }).waitFor();
    await expect.poll(() => page.locator('output.kiosk-code').getAttribute('data-code')).toBe('');
    expect(errors.filter((error) => !/status of 40[49]/.test(error))).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);

  it('gives a walk-in number, preferential when asked, explains when the day’s numbers are gone, and starts over by itself', async () => {
    const { page, errors, close } = await openKiosk();
    await page.clock.install();
    await page.getByRole('button', { name: /No tengo reserva/ }).click();
    await page.getByRole('heading', { name: 'Elija su trámite' }).waitFor();
    // Walk-in procedures only: the appointment-only ones are not offered.
    await page.getByRole('button', { name: 'Prórroga de turismo' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Residencia temporal' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Prórroga de turismo' }).click();
    await page.getByRole('heading', { name: '¿Necesita atención preferente?' }).waitFor();
    await page.getByText(/Por ley, tienen atención preferente las personas mayores/).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sí, atención preferente' }).click();
    await page.getByRole('heading', { name: 'Su número es' }).waitFor();
    await expect.poll(() => page.locator('[data-ticket-number]').getAttribute('data-ticket-number')).toMatch(/^T-\d{3}$/);
    await page.locator('.kiosk-ticket-step').getByText('Atención preferente').waitFor();
    await page.locator('.kiosk-ticket-step').getByText('Le llamaremos por la pantalla').waitFor();
    // Twenty seconds later the kiosk is back at the start.
    await page.clock.runFor(21_000);
    await page.getByRole('heading', { name: 'Obtenga su número' }).waitFor();

    const supervisor = createApiClient({ baseUrl: api.baseUrl, token: () => supervisorToken });
    let supervisorToken: string | null = null;
    const { data: login } = await supervisor.POST('/api/v1/auth/login', { body: { username: 'supervisora.elqui', password: 'demo-supervisora-2026' } });
    supervisorToken = login!.accessToken;
    const { response } = await supervisor.PUT('/api/v1/services/{serviceId}/walk-in-cap/today', { params: { path: { serviceId: services.get('C')! } }, body: { cap: 0 } });
    expect(response.status).toBe(200);

    await page.getByRole('button', { name: /No tengo reserva/ }).click();
    await page.getByRole('button', { name: 'Certificado de permanencia definitiva' }).click();
    await page.getByRole('button', { name: 'No, atención normal' }).click();
    await page.getByRole('alert').filter({ hasText: 'Se acabaron los números de hoy para este trámite' }).waitFor();
    await page.getByText('Puede reservar una hora en línea, o volver otro día, temprano.').waitFor();
    await page.getByText(/Volverá al inicio en \d+ s/).waitFor();
    await page.clock.runFor(21_000);
    await page.getByRole('heading', { name: 'Obtenga su número' }).waitFor();
    expect(errors.filter((error) => !/status of 409/.test(error))).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);

  it('takes a rating at the exit from the ticket’s QR, once, and only after the visit', async () => {
    const agent = createApiClient({ baseUrl: api.baseUrl, token: () => agentToken });
    let agentToken: string | null = null;
    const { data: login } = await agent.POST('/api/v1/auth/login', { body: { username: 'agente2.elqui', password: 'demo-agente2-2026' } });
    agentToken = login!.accessToken;
    const { data: ticket } = await agent.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId } }, body: { serviceId: services.get('E')! } });
    const { data: counters } = await agent.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId } } });
    const counter = counters!.find((c) => c.serviceIds.includes(services.get('E')!) && !c.open)!;
    expect((await agent.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId: counter.id } }, body: { serviceIds: [services.get('E')!] } })).response.status).toBe(200);
    const scan = async (page: Page) => {
      await page.keyboard.type(`${api.baseUrl}/turno/${ticket!.trackingCode}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: '¿Cómo fue su atención?' }).waitFor();
    };

    const { page, errors, close } = await openKiosk();
    // Still waiting: there is nothing to rate yet.
    await scan(page);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /Muy buena/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Aún no puede evaluar esta atención' }).waitFor();
    await page.getByRole('button', { name: 'Volver al inicio' }).click();

    // Served: the counter calls (and serves) until it is this ticket's turn.
    for (;;) {
      const { data: called } = await agent.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId: counter.id } } });
      expect(called).toBeDefined();
      await agent.POST('/api/v1/tickets/{ticketId}/start', { params: { path: { ticketId: called!.id } } });
      await agent.POST('/api/v1/tickets/{ticketId}/complete', { params: { path: { ticketId: called!.id } } });
      if (called!.id === ticket!.id) break;
    }
    await scan(page);
    await page.getByRole('button', { name: '4 – Buena' }).click();
    await page.getByRole('heading', { name: '¡Gracias por su opinión!' }).waitFor();
    await page.getByRole('button', { name: 'Volver al inicio' }).click();

    // Once per ticket.
    await scan(page);
    await page.getByRole('button', { name: /Muy mala/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Este número ya fue evaluado' }).waitFor();
    const again = await api.client.POST('/api/v1/turns/{trackingCode}/survey', { params: { path: { trackingCode: ticket!.trackingCode! } }, body: { rating: 1 } });
    expect(again.response.status).toBe(409);
    expect(errors.filter((error) => !/status of 409/.test(error))).toEqual([]);
    await close();
    await agent.POST('/api/v1/counters/{counterId}/close', { params: { path: { counterId: counter.id } } });
  }, BROWSER_TEST_MS);

  it('says clearly when the office is missing or unknown', async () => {
    const { page, errors, close } = await newPage(browser);
    await page.goto(`${api.baseUrl}/kiosk?office=00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').filter({ hasText: 'Esta oficina no existe' }).waitFor({ timeout: 5_000 });
    await page.goto(`${api.baseUrl}/kiosk`);
    await page.getByRole('alert').filter({ hasText: 'Falta la oficina' }).waitFor();
    expect(errors).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);
});
