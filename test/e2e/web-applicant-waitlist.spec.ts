import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../apps/api/src/testing/smtp-receiver.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { demoOffice, FAKE_NOW, PHONE, rut } from './web-applicant-support.js';

/** Where the emails' links point; the test opens their path on the API it started. */
const PUBLIC_URL = 'https://turnos.example.cl';
/** Friday 11 December 2026: the day made full (Permanencia definitiva, a cap of 30 a day). */
const FULL_DAY = '2026-12-11';
const WAITING = { documentNumber: rut(16_543_210), fullName: 'Camila Espera Rojas', email: 'camila.espera@example.cl' };

/** A calendar date as the booking site writes it ("viernes, 11 de diciembre de 2026"). */
const longDate = (date: string | DateTime) => (typeof date === 'string' ? DateTime.fromISO(date) : date).setLocale('es-CL').toLocaleString(DateTime.DATE_HUGE);
/** The focused element's name and id (page source: the Node type check has no DOM). */
const FOCUSED_NAME = "document.activeElement?.getAttribute('name') ?? ''";
const FOCUSED_ID = "document.activeElement?.id ?? ''";
/** Chromium logs every 4xx answer; those a test provokes on purpose are not errors of the page. */
const unexpected = (errors: string[], ...statuses: number[]) => errors.filter((e) => !statuses.some((status) => e.includes(`status of ${status} `)));

/**
 * Issue #18 in the browser, on a phone: a full day offers the waitlist; a cancellation hands the
 * seat to the person waiting, who is told by email, follows the link, types the document and
 * confirms (the booking's confirmation follows). A family books together (a procedure taking groups
 * of 3): two companions, one already booked is named next to its field; "Mi reserva" lists the
 * three and cancels one. The API runs its outbox worker (NODE_ENV=development) against an SMTP
 * server in this process.
 */
describe('the waitlist and group bookings on the booking site', { timeout: 120_000 }, () => {
  let receiver: SmtpReceiver;
  let api: BrowserApi;
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof demoOffice>>;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    receiver = await startSmtpReceiver();
    [api, browser] = await Promise.all([
      startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true', NODE_ENV: 'development', SMTP_URL: receiver.url, PUBLIC_URL } }),
      launchBrowser(),
    ]);
    demo = await demoOffice(api);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await receiver?.close();
  });

  async function axe(page: Page, where: string) {
    expect(await seriousAccessibilityViolations(page), where).toEqual([]);
  }

  /** Books every seat of the day (as fillDay does) and keeps each booking's code and document. */
  async function fillDayKeepingCodes(serviceId: string, date: string, firstRut: number) {
    const { data } = await api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId }, query: { from: date, to: date } } });
    const seats = data!.days[0].slots.flatMap((slot) => Array.from({ length: slot.remaining }, () => slot.start));
    const answers = await Promise.all(
      seats.map(async (slotStart, i) => {
        const documentNumber = rut(firstRut + i);
        const { data: booking } = await api.client.POST('/api/v1/bookings', {
          body: { serviceId, slotStart, applicant: { documentType: 'RUT', documentNumber, fullName: 'Persona de prueba' } },
        });
        return booking ? { code: booking.code, documentNumber, slotStart } : null;
      }),
    );
    return answers.filter((answer) => answer !== null);
  }

  /** POST /waitlist/lookup, as the person would (code and document). */
  async function lookupEntry(code: string, documentNumber: string) {
    const { data, response } = await api.client.POST('/api/v1/waitlist/lookup', { body: { code, documentNumber } });
    expect(response.status).toBe(200);
    return data!;
  }

  it('joins the waitlist from a full day, is offered the seat a cancellation frees, follows the email and confirms it', async () => {
    const service = demo.service('Permanencia definitiva');
    const booked = await fillDayKeepingCodes(service.id, FULL_DAY, 21_000_000);
    expect(booked).toHaveLength(30);

    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-waitlist'));
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    // The full day can be chosen: it says so and offers the waitlist.
    await page.getByRole('button', { name: 'viernes, 11 de diciembre de 2026: Completo: no quedan cupos' }).click();
    await page.getByText('Este día está completo.').waitFor();
    await axe(page, 'full day with the waitlist offer');
    await page.getByRole('button', { name: 'Avísenme si se libera una hora' }).click();

    // The form proposes that day; without an email or a phone it says how it would tell the person.
    await page.getByRole('heading', { name: 'Lista de espera' }).waitFor();
    await expect.poll(() => page.getByLabel('Desde el día').inputValue()).toBe(FULL_DAY);
    await expect.poll(() => page.getByLabel('Hasta el día').inputValue()).toBe(FULL_DAY);
    // Typed as people do, without dots: leaving the field writes it the standard way, as the booking form does.
    await page.getByRole('textbox', { name: 'RUT' }).fill(WAITING.documentNumber.replaceAll('.', ''));
    await page.getByLabel('Nombre completo').fill(WAITING.fullName);
    await expect.poll(() => page.getByRole('textbox', { name: 'RUT' }).inputValue()).toBe(WAITING.documentNumber);
    await page.getByRole('button', { name: 'Anotarme en la lista de espera' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Revise estos datos:' });
    await summary.getByRole('link', { name: 'Escriba un correo o un teléfono para poder avisarle.' }).click();
    await expect.poll(() => page.evaluate<string>(FOCUSED_NAME)).toBe('email');
    await page.keyboard.type(WAITING.email);
    await axe(page, 'waitlist form');
    await screenshot(page, 'web-waitlist-join-phone');
    await page.getByRole('button', { name: 'Anotarme en la lista de espera' }).click();

    await page.getByRole('heading', { name: 'Quedó en la lista de espera' }).waitFor();
    await page.getByText('Es la primera persona en la lista de este trámite.').waitFor();
    const code = (await page.getByTestId('waitlist-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
    await expect.poll(async () => (await lookupEntry(code, WAITING.documentNumber)).status).toBe('waiting');

    // Someone booked that day cancels: the seat goes to the person waiting, who is told by email.
    const leaving = booked[7];
    const { response } = await api.client.POST('/api/v1/bookings/{code}/cancel', { params: { path: { code: leaving.code } }, body: { documentNumber: leaving.documentNumber } });
    expect(response.status).toBe(200);
    const offers = () => receiver.messages.filter((mail) => mail.to.includes(WAITING.email) && mail.subject.startsWith('Se liberó una hora'));
    await expect.poll(() => offers().length, { timeout: 30_000, interval: 250 }).toBe(1);
    const mail = await simpleParser(offers()[0].raw);
    const link = /https?:\/\/\S+\/lista-espera\/[A-Z0-9-]+/.exec(mail.text ?? '')?.[0];
    expect(link).toBe(`${PUBLIC_URL}/lista-espera/${code}`);
    expect(mail.text).not.toContain(WAITING.documentNumber);

    // The link: the code is in it, the document is typed; the seat, and until when it is held.
    const entry = await lookupEntry(code, WAITING.documentNumber);
    expect(entry.status).toBe('offered');
    expect(entry.offer!.slotStart).toBe(leaving.slotStart);
    const heldUntil = DateTime.fromISO(entry.offer!.expiresAt).setZone(demo.office.timeZone);
    const slot = DateTime.fromISO(entry.offer!.slotStart).setZone(demo.office.timeZone);
    await page.goto(`${api.baseUrl}${new URL(link!).pathname}`);
    await page.getByRole('heading', { name: 'Ver mi lugar en la lista de espera' }).waitFor();
    await expect.poll(() => page.getByLabel('Código de lista de espera').inputValue()).toBe(code);
    await axe(page, 'waitlist lookup');
    await page.getByLabel('RUT o número de documento').fill(WAITING.documentNumber);
    await page.getByRole('button', { name: 'Ver', exact: true }).click();
    await page.getByRole('heading', { name: `Lista de espera ${code}` }).waitFor();
    await page.getByRole('heading', { name: 'Se liberó una hora para usted' }).waitFor();
    await page.getByText(`${longDate(FULL_DAY)}, a las ${slot.toFormat('HH:mm')}`).waitFor();
    await page.getByText(`Se la guardamos hasta las ${heldUntil.toFormat('HH:mm')} del ${longDate(heldUntil)} (hora de la oficina).`).waitFor();
    await axe(page, 'waitlist offer');
    await screenshot(page, 'web-waitlist-offer-phone');

    await page.getByRole('button', { name: 'Confirmar hora' }).click();
    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    const bookingCode = (await page.getByTestId('booking-code').textContent())!.trim();
    await page.getByText(longDate(FULL_DAY)).waitFor();
    await page.getByText(`${slot.toFormat('HH:mm')}–`).waitFor();
    const booking = await api.client.POST('/api/v1/bookings/lookup', { body: { code: bookingCode, documentNumber: WAITING.documentNumber } });
    expect(booking.data).toMatchObject({ status: 'confirmed', localDate: FULL_DAY, slotStart: leaving.slotStart });
    await expect.poll(() => lookupEntry(code, WAITING.documentNumber)).toMatchObject({ status: 'booked', bookingCode, offer: null });

    expect(unexpected(errors)).toEqual([]);
    await close();
  });

  it('an offer taken back meanwhile is said so (OFFER_EXPIRED); leaving the list; letting a time pass hands it on (in English, on a phone)', async () => {
    const service = demo.service('Permanencia definitiva');
    const day = '2026-12-14';
    const booked = await fillDayKeepingCodes(service.id, day, 22_000_000);
    expect(booked).toHaveLength(30);
    const first = { documentNumber: rut(16_000_001), fullName: 'Jean Primero', email: 'jean.primero@example.cl' };
    const second = { documentNumber: rut(16_000_002), fullName: 'Marie Segunda', email: 'marie.segunda@example.cl' };
    const third = { documentNumber: rut(16_000_003), fullName: 'Louis Tercero', phone: '+56 9 1111 2222' };
    const codes: string[] = [];
    for (const person of [first, second, third]) {
      const { data, response } = await api.client.POST('/api/v1/waitlist', { body: { serviceId: service.id, from: day, to: day, applicant: { documentType: 'RUT', ...person } } });
      expect(response.status).toBe(201);
      codes.push(data!.code);
    }
    const { response } = await api.client.POST('/api/v1/bookings/{code}/cancel', { params: { path: { code: booked[0].code } }, body: { documentNumber: booked[0].documentNumber } });
    expect(response.status).toBe(200);
    await expect.poll(async () => (await lookupEntry(codes[0], first.documentNumber)).status).toBe('offered');

    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-waitlist'));
    const open = async (code: string, documentNumber: string) => {
      await page.goto(`${api.baseUrl}/lista-espera/${code}`);
      await page.getByRole('heading', { name: 'See my place on the waiting list' }).waitFor();
      await page.getByLabel('RUT or document number').fill(documentNumber);
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.getByRole('heading', { name: `Waiting list ${code}` }).waitFor();
    };
    await page.goto(`${api.baseUrl}/`);
    await page.getByRole('button', { name: 'English' }).click();
    await open(codes[0], first.documentNumber);
    await page.getByRole('heading', { name: 'A time became free for you' }).waitFor();
    await page.getByText(/We hold it for you until \d\d:\d\d on Tuesday, December 1, 2026 \(office time\)/).waitFor();
    await axe(page, 'waitlist offer (English)');

    // Meanwhile the person lets it go from another phone: confirming here is refused, and the page shows the entry as it is now.
    const declined = await api.client.POST('/api/v1/waitlist/{code}/decline', { params: { path: { code: codes[0] } }, body: { documentNumber: first.documentNumber } });
    expect(declined.response.status).toBe(200);
    await page.getByRole('button', { name: 'Confirm this time' }).click();
    await page.getByText('The time we held for you is no longer available.').waitFor();
    await page.getByText('Waiting for a time').waitFor();
    await page.getByText('You let 1 offered time pass. If you let another pass, you leave the list.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Confirm this time' }).count()).toBe(0);
    await axe(page, 'offer expired (English)');

    await page.getByRole('button', { name: 'Leave the list' }).click();
    await page.getByText('Leave the waiting list? We will no longer tell you when a time becomes free.').waitFor();
    await page.getByRole('button', { name: 'Yes, leave the list' }).click();
    await page.getByText('You left the waiting list.').waitFor();
    await page.getByText('You left the list', { exact: true }).waitFor();
    await expect.poll(async () => (await lookupEntry(codes[0], first.documentNumber)).status).toBe('left');

    // The seat went on to the second person, who lets it pass with "It does not suit me": on to the third.
    await expect.poll(async () => (await lookupEntry(codes[1], second.documentNumber)).status).toBe('offered');
    await page.getByRole('button', { name: 'Look up another code' }).click();
    await open(codes[1], second.documentNumber);
    await page.getByRole('button', { name: 'It does not suit me' }).click();
    await page.getByText('Done: we will offer that time to someone else. You stay on the list.').waitFor();
    await page.getByText('You let 1 offered time pass. If you let another pass, you leave the list.').waitFor();
    await expect.poll(async () => (await lookupEntry(codes[1], second.documentNumber)).misses).toBe(1);
    await expect.poll(async () => (await lookupEntry(codes[2], third.documentNumber)).status).toBe('offered');

    // Still on the list, the second person cannot join again: told so, with the way to the entry, the data kept.
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    await page.getByRole('button', { name: 'Monday, December 14, 2026: Full: no places left' }).click();
    await page.getByRole('button', { name: 'Tell me if a time becomes free' }).click();
    await page.getByRole('textbox', { name: 'RUT' }).fill(second.documentNumber);
    await page.getByLabel('Full name').fill(second.fullName);
    await page.getByLabel('Email address').fill(second.email);
    await page.getByRole('button', { name: 'Join the waiting list' }).click();
    await page.getByText('You are already on the waiting list for this procedure.').waitFor();
    await page.getByRole('alert').getByRole('link', { name: 'See my place on the waiting list' }).waitFor();
    await expect.poll(() => page.getByLabel('Full name').inputValue()).toBe(second.fullName);
    await axe(page, 'already waiting (English)');

    expect(unexpected(errors, 409)).toEqual([]);
    await close();
  });

  it('books a family of three with two companions, and "Mi reserva" cancels one of them', async () => {
    const service = demo.service('Residencia temporal');
    await api.loginAsAdmin();
    const patched = await api.client.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body: { maxGroupSize: 3 } });
    expect(patched.response.status).toBe(200);
    // One of the companions already has a booking for the procedure (another day).
    const already = rut(19_876_543);
    const { response: first } = await api.client.POST('/api/v1/bookings', {
      body: { serviceId: service.id, slotStart: '2026-12-09T09:00:00-03:00', applicant: { documentType: 'RUT', documentNumber: already, fullName: 'Tomás Ya Reservado' } },
    });
    expect(first.status).toBe(201);

    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-waitlist'));
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
    // Two people first: only times with room for both can be chosen.
    await page.getByLabel('¿Cuántas personas vienen a hacer el trámite?').selectOption({ label: '2 personas' });
    await page.getByRole('button', { name: /jueves, 10 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('heading', { name: 'Horas del jueves, 10 de diciembre de 2026' }).waitFor();
    await page.getByRole('button', { name: /^09:30 3 cupos$/ }).click();

    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    await page.getByRole('textbox', { name: 'RUT', exact: true }).first().fill(rut(14_141_414));
    await page.getByLabel('Nombre completo').first().fill('Rosa Familia Pérez');
    await page.getByLabel('Correo electrónico (opcional)').fill('rosa.familia@example.cl');
    const companion = (n: number) => page.getByRole('group', { name: `Acompañante ${n}` });
    await companion(1).getByRole('textbox', { name: 'RUT' }).fill(rut(14_141_415));
    await companion(1).getByLabel('Nombre completo').fill('Pablo Familia Pérez');
    // A third person: one more row, then the procedure's limit is said instead of the button.
    await page.getByRole('button', { name: 'Agregar acompañante' }).click();
    await expect.poll(() => page.evaluate<string>(FOCUSED_ID)).toMatch(/companions-1-documentNumber$/);
    await page.keyboard.type(already);
    await companion(2).getByLabel('Nombre completo').fill('Tomás Ya Reservado');
    await page.getByText('Este trámite admite hasta 3 personas por reserva.').waitFor();
    await axe(page, 'form with companions');
    await screenshot(page, 'web-group-form-phone');
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();

    // The companion who already has a booking is named next to their field; the data stays.
    await companion(2).getByText('Esta persona ya tiene una hora reservada para este trámite.').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Revise estos datos:' }).waitFor();
    await expect.poll(() => companion(1).getByLabel('Nombre completo').inputValue()).toBe('Pablo Familia Pérez');
    await companion(2).getByRole('textbox', { name: 'RUT' }).fill(rut(14_141_416));
    await companion(2).getByLabel('Nombre completo').fill('Inés Familia Pérez');
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();

    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    const code = (await page.getByTestId('booking-code').textContent())!.trim();
    const members = page.getByTestId('booking-members').getByRole('listitem');
    await expect.poll(() => members.allTextContents()).toEqual(['Rosa Familia Pérez (titular)', 'Pablo Familia Pérez', 'Inés Familia Pérez']);

    // "Mi reserva": the three people; Pablo alone is cancelled, the others keep the time.
    await page.getByRole('link', { name: 'Cambiar o cancelar (Mi reserva)' }).click();
    await page.getByLabel('RUT o número de documento').fill(rut(14_141_414));
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('heading', { name: `Reserva ${code}` }).waitFor();
    await expect.poll(() => members.count()).toBe(3);
    await axe(page, 'my booking with members');
    await page.getByRole('button', { name: 'Anular solo a Pablo Familia Pérez' }).click();
    await page.getByRole('heading', { name: '¿Anular la hora de Pablo Familia Pérez?' }).waitFor();
    await page.getByRole('button', { name: 'Sí, anular a Pablo Familia Pérez' }).click();
    await page.getByText('Listo: anulamos la hora de Pablo Familia Pérez.').waitFor();
    await expect.poll(() => members.allTextContents()).toEqual(['Rosa Familia Pérez (titular)', 'Pablo Familia Pérez — Cancelada', 'Inés Familia Pérez']);
    await expect.poll(() => page.getByRole('button', { name: /^Anular solo a/ }).allTextContents()).toEqual(['Anular solo a Inés Familia Pérez']);
    await screenshot(page, 'web-group-my-booking-phone');

    const after = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: rut(14_141_414) } });
    const body = after.data!;
    expect(body).toMatchObject({ status: 'confirmed', partySize: 2 });
    expect(body.members.filter((member) => member.status === 'confirmed').map((member) => member.fullName)).toEqual(['Rosa Familia Pérez', 'Inés Familia Pérez']);
    // Two seats of the slot's three are taken: one is free again.
    const { data: day } = await api.client.GET('/api/v1/services/{serviceId}/availability', {
      params: { path: { serviceId: service.id }, query: { from: '2026-12-10', to: '2026-12-10' } },
    });
    expect(day!.days[0].slots.find((s) => s.start === '2026-12-10T09:30:00-03:00')?.remaining).toBe(1);

    // The two left move together: a time with one seat left cannot be chosen.
    for (const body of [14_141_417, 14_141_418]) {
      const { response: taken } = await api.client.POST('/api/v1/bookings', {
        body: { serviceId: service.id, slotStart: '2026-12-10T08:30:00-03:00', applicant: { documentType: 'RUT', documentNumber: rut(body), fullName: 'Otra persona' } },
      });
      expect(taken.status).toBe(201);
    }
    await page.getByRole('button', { name: 'Cambiar día u hora' }).click();
    await page.getByText('La nueva hora es para las 2 personas de la reserva: solo puede elegir horas con cupo para todas.').waitFor();
    await page.getByRole('button', { name: /jueves, 10 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /^08:30 1 cupo$/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: /^08:45 3 cupos$/ }).click();
    await page.getByRole('button', { name: 'Cambiar al jueves, 10 de diciembre de 2026 a las 08:45' }).click();
    await page.getByText('Listo: su hora cambió.').waitFor();
    const moved = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: rut(14_141_414) } });
    expect(moved.data).toMatchObject({ status: 'confirmed', slotStart: '2026-12-10T08:45:00-03:00', partySize: 2 });

    expect(unexpected(errors, 409)).toEqual([]);
    await close();
  });
});
