import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../apps/api/src/testing/smtp-receiver.js';
import { createApiClient, type CreateBooking, type Office, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { DEMO_OFFICE, demoOffice, FAKE_NOW, PHONE, rut } from './web-applicant-support.js';
import { DEMO, logIn, unexpected } from './web-staff-support.js';

/** Where the emails' links point; the test opens their path on the API it started. */
const PUBLIC_URL = 'https://turnos.example.cl';
const REASON = 'Emergencia sanitaria: oficina cerrada';
const NOTICE = 'Oficina cerrada mañana por emergencia sanitaria. Sus trámites por correo a extranjeria.elqui@example.cl';
/** A notice with markup in it (someone pasted HTML): shown as typed. */
const MARKUP = 'Traiga su <b>cédula</b> <img src=x onerror="document.title=1"> & su comprobante';
const FULL_HD = { width: 1920, height: 1080 };
/**
 * The screen gets a published or deleted notice at once from `notices.changed`; it also reads them
 * every 30 s. Waiting less than that proves the live path (generous for a loaded machine).
 */
const LIVE_MS = 15_000;

/** A calendar date as the booking site writes it ("miércoles, 2 de diciembre de 2026"). */
const longDate = (date: string) => DateTime.fromISO(date).setLocale('es-CL').toLocaleString(DateTime.DATE_HUGE);

/** The people booked tomorrow: one with an email address, one reachable only by a call. */
const WITH_EMAIL = { documentNumber: rut(17_654_321), fullName: 'Rosa Emergencia Tapia', email: 'rosa.emergencia@example.cl' };
const PHONE_ONLY = { documentNumber: rut(18_765_432), fullName: 'Pedro Llamada Soto', phone: '+56 9 8765 4321' };

/**
 * Issue #16's browser scenario (the Iquique case): a supervisor closes tomorrow for an emergency and
 * publishes a notice; the notice shows on the booking site, the kiosk and the waiting-room screen;
 * the applicant booked tomorrow with an email address gets the cancellation with a link to book
 * again, follows it and books another day. The API runs its outbox worker (NODE_ENV=development)
 * against an SMTP server in this process.
 */
describe('an office closed tomorrow for an emergency, with a notice', { timeout: 120_000 }, () => {
  let receiver: SmtpReceiver;
  let api: BrowserApi;
  let browser: Browser;
  let office: Office;
  let service: PublicService;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    receiver = await startSmtpReceiver();
    [api, browser] = await Promise.all([
      startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true', NODE_ENV: 'development', SMTP_URL: receiver.url, PUBLIC_URL } }),
      launchBrowser(),
    ]);
    const demo = await demoOffice(api);
    office = demo.office;
    service = demo.service('Residencia temporal');
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await receiver?.close();
  });

  /** The office's tomorrow by the server's clock (FAKE_NOW: a Tuesday, so tomorrow is a working Wednesday). */
  async function serverDays() {
    const { now } = await unwrap(api.client.GET('/api/v1/time'));
    const today = DateTime.fromISO(now, { zone: office.timeZone });
    return { now: today, tomorrow: today.plus({ days: 1 }).toISODate()!, afterTomorrow: today.plus({ days: 2 }).toISODate()! };
  }

  async function bookTomorrow(tomorrow: string) {
    const availability = await unwrap(api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: tomorrow, to: tomorrow } } }));
    const [first, second] = availability.days[0].slots.filter((slot) => slot.remaining > 0);
    const book = (slotStart: string, applicant: Omit<CreateBooking['applicant'], 'documentType'>) =>
      unwrap(api.client.POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart, applicant: { documentType: 'RUT', ...applicant } } }));
    return Promise.all([book(first.start, WITH_EMAIL), book(second.start, PHONE_ONLY)]);
  }

  const cancellationsTo = (address: string) => receiver.messages.filter((mail) => mail.to.includes(address) && mail.subject.startsWith('Su hora fue cancelada por la oficina'));

  it('the notice shows on the booking site, kiosk and screen; the booked applicant is told, follows the link and books another day', async () => {
    const { now, tomorrow, afterTomorrow } = await serverDays();
    const booked = await bookTomorrow(tomorrow);

    // The waiting-room screen is on before anything happens: the notice must reach it live.
    const screen = await newPage(browser, { viewport: FULL_HD });
    onTestFailed(() => void screenshot(screen.page, 'failed-office-notice-display'));
    await screen.page.goto(`${api.baseUrl}/display?office=${office.id}`);
    await screen.page.getByRole('heading', { level: 1, name: DEMO_OFFICE }).waitFor();

    // The supervisor closes tomorrow in the staff console: both bookings are cancelled.
    const staff = await newPage(browser);
    onTestFailed(() => void screenshot(staff.page, 'failed-office-notice-staff'));
    await logIn(staff.page, api.baseUrl, DEMO.supervisor);
    await staff.page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Cierres', exact: true }).click();
    await staff.page.getByLabel('Fecha').fill(tomorrow);
    await staff.page.getByLabel('Motivo').fill(REASON);
    await staff.page.getByRole('button', { name: 'Registrar cierre' }).click();
    await staff.page.getByText(/Se anularon 2 reservas/).waitFor();
    const affected = staff.page.getByTestId('affected-bookings');
    await affected.getByRole('rowheader', { name: WITH_EMAIL.fullName }).waitFor();
    await affected.getByRole('rowheader', { name: PHONE_ONLY.fullName }).waitFor();

    // …and, from there, publishes the notice: from now until tomorrow ends, in the office's time.
    await staff.page.getByRole('link', { name: 'Publicar un aviso' }).click();
    await staff.page.getByRole('heading', { level: 1, name: 'Avisos' }).waitFor();
    await staff.page.getByLabel('Aviso', { exact: true }).fill(NOTICE);
    await staff.page.getByLabel('Desde').fill(now.toFormat("yyyy-LL-dd'T'HH:mm"));
    await staff.page.getByLabel('Hasta').fill(`${afterTomorrow}T00:00`);
    await staff.page.getByRole('button', { name: 'Publicar aviso' }).click();
    await staff.page.getByText(/^Aviso publicado/).waitFor();

    // The screen shows it in its band below the calls, live.
    await screen.page.getByTestId('display-notices').getByText(NOTICE).waitFor({ timeout: LIVE_MS });
    // A band of its own below the calls and the waiting count: it never covers a call.
    const below = async () => {
      const [calls, footer, band] = await Promise.all(['.display-current', '.display-footer', '.display-notices'].map((css) => screen.page.locator(css).boundingBox()));
      return !!calls && !!footer && !!band && band.y >= calls.y + calls.height && band.y >= footer.y + footer.height && band.y + band.height <= FULL_HD.height;
    };
    await expect.poll(below).toBe(true);
    expect(await seriousAccessibilityViolations(screen.page), 'screen').toEqual([]);
    await screenshot(screen.page, 'office-notice-display');

    // The kiosk's start screen.
    const kiosk = await newPage(browser, { viewport: FULL_HD });
    await kiosk.page.goto(`${api.baseUrl}/kiosk?office=${office.id}`);
    await kiosk.page.getByTestId('kiosk-notices').getByText(NOTICE).waitFor();
    await kiosk.page.getByTestId('kiosk-notices').getByText('Aviso de la oficina').waitFor();
    expect(await seriousAccessibilityViolations(kiosk.page), 'kiosk').toEqual([]);
    await screenshot(kiosk.page, 'office-notice-kiosk');

    // The booking site: on the office's card, as plain text, with its period in the office's zone.
    const applicant = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(applicant.page, 'failed-office-notice-applicant'));
    await applicant.page.goto(`${api.baseUrl}/`);
    const card = applicant.page.getByRole('listitem').filter({ has: applicant.page.getByRole('heading', { name: DEMO_OFFICE }) });
    await card.getByRole('status').getByText(NOTICE).waitFor();
    const until = longDate(tomorrow);
    await card.getByRole('status').getByText(`hasta el ${until} a las 24:00`, { exact: false }).waitFor();

    // The applicant with an email address is told: the office's reason and a link to book again.
    await expect.poll(() => cancellationsTo(WITH_EMAIL.email).length, { timeout: 30_000, interval: 250 }).toBe(1);
    const mail = await simpleParser(cancellationsTo(WITH_EMAIL.email)[0].raw);
    expect(mail.subject).toContain(booked[0].code);
    expect(mail.text).toContain(REASON);
    const link = /https?:\/\/\S+\/reservar\?\S+/.exec(mail.text ?? '')?.[0];
    expect(link).toBe(`${PUBLIC_URL}/reservar?oficina=${office.id}&tramite=${service.id}`);
    // The one without an address is the office's to call (listed above); no email reached anyone else.
    expect(receiver.messages.filter((m) => m.subject.startsWith('Su hora fue cancelada por la oficina')).map((m) => m.to)).toEqual([[WITH_EMAIL.email]]);

    // Following the link: the same office and procedure, the notice above the calendar, tomorrow closed.
    const rebook = new URL(link!);
    await applicant.page.goto(`${api.baseUrl}${rebook.pathname}${rebook.search}`);
    await applicant.page.getByRole('heading', { name: 'Elija el día y la hora' }).waitFor();
    await applicant.page.getByRole('status').getByText(NOTICE).waitFor();
    await applicant.page.locator(`[data-date="${tomorrow}"][data-kind="closed"]`).waitFor();
    expect(await seriousAccessibilityViolations(applicant.page), 'booking site').toEqual([]);
    await screenshot(applicant.page, 'office-notice-booking');

    // Another day: the day after tomorrow, its first time with room.
    const nextDay = longDate(afterTomorrow);
    await applicant.page.getByRole('button', { name: new RegExp(`^${nextDay}: \\d+ cupos? disponibles?`) }).click();
    await applicant.page.getByRole('button', { name: /^09:00 \d+ cupos?$/ }).click();
    await applicant.page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    await applicant.page.getByRole('textbox', { name: 'RUT' }).fill(WITH_EMAIL.documentNumber);
    await applicant.page.getByLabel('Nombre completo').fill(WITH_EMAIL.fullName);
    await applicant.page.getByLabel('Correo electrónico (opcional)').fill(WITH_EMAIL.email);
    await applicant.page.getByRole('button', { name: 'Confirmar reserva' }).click();
    await applicant.page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    const codeShown = applicant.page.getByTestId('booking-code');
    await expect.poll(async () => (await codeShown.textContent())?.trim()).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    const code = (await codeShown.textContent())!.trim();
    expect(code).not.toBe(booked[0].code);

    const found = await unwrap(api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: WITH_EMAIL.documentNumber } }));
    expect(found).toMatchObject({ status: 'confirmed', serviceId: service.id, officeId: office.id, localDate: afterTomorrow });
    expect(found.slotStart).toBe(DateTime.fromISO(`${afterTomorrow}T09:00`, { zone: office.timeZone }).toISO({ suppressMilliseconds: true }));

    // "Mi reserva" shows the office's notice with the booking.
    await applicant.page.getByRole('link', { name: 'Cambiar o cancelar (Mi reserva)' }).click();
    await applicant.page.getByLabel('RUT o número de documento').fill(WITH_EMAIL.documentNumber);
    await applicant.page.getByRole('button', { name: 'Buscar' }).click();
    await applicant.page.getByRole('heading', { name: `Reserva ${code}` }).waitFor();
    await applicant.page.getByRole('status').getByText(NOTICE).waitFor();

    // Staff's text is text: markup in a notice is shown as typed, never run.
    const { accessToken } = await unwrap(api.client.POST('/api/v1/auth/login', { body: DEMO.supervisor }));
    const supervisor = createApiClient({ baseUrl: api.baseUrl, token: () => accessToken });
    const endOfTomorrow = DateTime.fromISO(afterTomorrow, { zone: office.timeZone }).startOf('day');
    const markup = await supervisor.POST('/api/v1/offices/{officeId}/notices', {
      params: { path: { officeId: office.id } },
      body: { message: MARKUP, from: now.toISO({ suppressMilliseconds: true })!, to: endOfTomorrow.toISO({ suppressMilliseconds: true })! },
    });
    expect(markup.response.status, JSON.stringify(markup.error)).toBe(201);
    await screen.page.getByTestId('display-notices').getByText(MARKUP, { exact: true }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => screen.page.getByTestId('display-notices').locator('b, img').count()).toBe(0);

    // Deleted, the notices leave the screen without a reload.
    const inForce = () => unwrap(api.client.GET('/api/v1/offices/{officeId}/notices', { params: { path: { officeId: office.id } } }));
    await expect.poll(async () => (await inForce()).map((notice) => notice.message).sort()).toEqual([NOTICE, MARKUP].sort());
    for (const notice of await inForce()) {
      const removed = await supervisor.DELETE('/api/v1/notices/{noticeId}', { params: { path: { noticeId: notice.id } } });
      expect(removed.response.status).toBe(204);
    }
    await screen.page.getByTestId('display-notices').waitFor({ state: 'detached', timeout: LIVE_MS });

    for (const opened of [screen, staff, kiosk, applicant]) {
      expect(unexpected(opened.errors)).toEqual([]);
      await opened.close();
    }
  });
});
