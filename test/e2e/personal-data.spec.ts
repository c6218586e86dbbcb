import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type ApiClient, createApiClient } from '../../libs/api-client/src/index.js';
import { rutFromBody } from '../../libs/scheduling/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, startApiForBrowser, type TestPage } from '../support/browser.js';
import { leaks, needlesOf, type Person, readableUrl } from '../support/personal-data-leaks.js';
import { DEMO_OFFICE, FAKE_NOW } from './web-applicant-support.js';

/**
 * Issue #15 §4: two people go through booking, "Mi reserva", check-in at the kiosk and at the
 * front desk, the queue, the turn page and the survey (plus a walk-in, error answers on their data
 * and a display) with distinctive names, documents, emails and phones. None of it may appear, in
 * any form, in a line the API process wrote (at LOG_LEVEL=debug), in a payload of the `/display`
 * or `/turns` sockets (ours and the pages' own), in a URL a front end requested, or in what a
 * booking or tracking code alone gives access to (QR, calendar event, turn view).
 *
 * One scenario, in order: each step needs the previous one (the turn page follows the ticket the
 * kiosk issued for the booking made on the site).
 */

const ZORAIDA: Person = {
  fullName: 'Zoraida Quispe Huenchullán',
  documentNumber: rutFromBody(19_283_746).formatted,
  email: 'zoraida.q@example.cl',
  phone: '+56 9 8765 4321',
};
const WENCESLAO: Person = {
  fullName: 'Wenceslao Ibáñez Tupahue',
  documentNumber: 'PQX4417729',
  email: 'wenceslao.it@example.cl',
  phone: '+56 2 2918 3746',
};
const SURVEY_COMMENT = `Muy amables. Atte., ${ZORAIDA.fullName}, ${ZORAIDA.phone}`;
/** What a complaint may hold (issue #17): private matters, never to reach a log, a URL or a public answer. */
const COMPLAINT_SECRET = 'Diagnóstico reservado de Wenceslao: tratamiento oncológico en curso';

describe('personal data stays out of logs, sockets and URLs', { timeout: 90_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;
  let agent: ApiClient;
  let officeId: string;
  let services: Map<string, string>;
  const pages: TestPage[] = [];
  const urls: string[] = [];
  const requestBodies: string[] = [];
  const socketPayloads: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html') || !existsSync('dist/apps/kiosk-display/kiosk.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true', LOG_LEVEL: 'debug' } }), launchBrowser()]);
    const { data: offices } = await api.client.GET('/api/v1/offices');
    officeId = offices!.find((office) => office.name === DEMO_OFFICE)!.id;
    const { data: list } = await api.client.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } });
    services = new Map(list!.map((service) => [service.code, service.id]));
    let token = '';
    agent = createApiClient({ baseUrl: api.baseUrl, token: () => token });
    const { data: login } = await agent.POST('/api/v1/auth/login', { body: { username: 'agente1.elqui', password: 'demo-agente1-2026' } });
    token = login!.accessToken;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const opened of pages) await opened.close();
    await browser?.close();
    await api?.close();
  });

  /** A page whose every request URL, request body, WebSocket URL and frame is recorded. */
  async function recordedPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const opened = await newPage(browser, { viewport });
    pages.push(opened);
    const { page } = opened;
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => {
      urls.push(request.url());
      const body = request.postData();
      if (body) requestBodies.push(body);
    });
    // socket.io starts on long-polling: its answers are socket payloads too.
    page.on('response', (response) => {
      if (!response.url().includes('/socket.io/')) return;
      void response.text().then(
        (text) => socketPayloads.push(`page ${response.url()}: ${text}`),
        () => undefined,
      );
    });
    page.on('websocket', (socket) => {
      urls.push(socket.url());
      socket.on('framereceived', ({ payload }) => socketPayloads.push(`page ${socket.url()}: ${String(payload)}`));
      socket.on('framesent', ({ payload }) => socketPayloads.push(`page ${socket.url()} (sent): ${String(payload)}`));
    });
    return page;
  }

  /** A socket.io client of our own on a namespace, recording every event it receives. */
  async function listen(namespace: '/display' | '/turns', auth: Record<string, string>): Promise<Socket> {
    const socket = io(`${api.baseUrl}${namespace}`, { auth, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    socket.onAny((event: string, ...args: unknown[]) => socketPayloads.push(`${namespace} ${event}: ${JSON.stringify(args)}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('through booking, "Mi reserva", check-ins, the queue, the turn page, the survey and a complaint', async () => {
    onTestFailed(async () => {
      for (const [i, opened] of pages.entries()) await screenshot(opened.page, `failed-personal-data-${i}`).catch(() => undefined);
    });
    await listen('/display', { officeId });
    const display = await recordedPage();
    await display.goto(`${api.baseUrl}/display?office=${officeId}`);

    // The booking site: Zoraida books today at 09:15 with all her data.
    const site = await recordedPage();
    await site.goto(`${api.baseUrl}/`);
    await site.getByRole('link', { name: `Reservar hora en ${DEMO_OFFICE}` }).click();
    await site.getByRole('link', { name: 'Reservar hora para Residencia temporal' }).click();
    await site.getByRole('button', { name: /martes, 1 de diciembre de 2026: \d+ cupos? disponibles?/ }).click();
    await site.getByRole('button', { name: /^09:15 \d cupos?$/ }).click();
    await site.getByRole('textbox', { name: 'RUT' }).fill(ZORAIDA.documentNumber);
    await site.getByLabel('Nombre completo').fill(ZORAIDA.fullName);
    await site.getByLabel('Correo electrónico (opcional)').fill(ZORAIDA.email);
    await site.getByLabel('Teléfono (opcional)').fill(ZORAIDA.phone);
    await site.getByRole('button', { name: 'Confirmar reserva' }).click();
    await site.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    await expect.poll(() => site.getByTestId('booking-code').textContent(), { timeout: 10_000 }).toMatch(/^\s*[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}\s*$/);
    const code = (await site.getByTestId('booking-code').textContent())!.trim();

    // "Mi reserva": found by its code and her document, typed as people do (no dots, lower-case k).
    await site.getByRole('link', { name: 'Cambiar o cancelar (Mi reserva)' }).click();
    await site.getByLabel('RUT o número de documento').fill(ZORAIDA.documentNumber.replace(/\./g, '').toLowerCase());
    await site.getByRole('button', { name: 'Buscar' }).click();
    await site.getByRole('heading', { name: `Reserva ${code}` }).waitFor();

    // Wenceslao books with his passport; answers that quote nobody's data: a duplicate, a bad RUT, a wrong lookup.
    const applicant = (person: Person, documentType: 'RUT' | 'PASSPORT') => ({ documentType, documentNumber: person.documentNumber, fullName: person.fullName, email: person.email, phone: person.phone });
    const slot = '2026-12-01T09:15:00-03:00';
    const booked = await api.client.POST('/api/v1/bookings', { body: { serviceId: services.get('R')!, slotStart: slot, applicant: applicant(WENCESLAO, 'PASSPORT') } });
    expect(booked.response.status).toBe(201);
    const again = await api.client.POST('/api/v1/bookings', { body: { serviceId: services.get('R')!, slotStart: '2026-12-01T09:30:00-03:00', applicant: applicant(ZORAIDA, 'RUT') } });
    expect(again.error).toMatchObject({ error: 'DUPLICATE_BOOKING' });
    const badRut = await api.client.POST('/api/v1/bookings', {
      body: { serviceId: services.get('R')!, slotStart: slot, applicant: { ...applicant(ZORAIDA, 'RUT'), documentNumber: ZORAIDA.documentNumber.replace(/.$/, (dv) => (dv === '1' ? '2' : '1')) } },
    });
    expect(badRut.error).toMatchObject({ error: 'INVALID_RUT' });
    const wrongLookup = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: WENCESLAO.documentNumber } });
    expect(wrongLookup.response.status).toBe(404);
    // Another booking of hers, moved and cancelled with her document.
    const other = await api.client.POST('/api/v1/bookings', { body: { serviceId: services.get('P')!, slotStart: '2026-12-02T09:30:00-03:00', applicant: applicant(ZORAIDA, 'RUT') } });
    expect(other.response.status, JSON.stringify(other.error)).toBe(201);
    const otherCode = { path: { code: other.data!.code } };
    const moved = await api.client.POST('/api/v1/bookings/{code}/reschedule', { params: otherCode, body: { documentNumber: ZORAIDA.documentNumber, slotStart: '2026-12-03T09:50:00-03:00' } });
    expect(moved.response.status).toBe(200);
    const cancelled = await api.client.POST('/api/v1/bookings/{code}/cancel', { params: otherCode, body: { documentNumber: ZORAIDA.documentNumber } });
    expect(cancelled.response.status).toBe(200);
    // A client that cuts its JSON short, or sends a field too many: 400s, with the data in the body.
    const json = JSON.stringify({ serviceId: services.get('R')!, slotStart: slot, applicant: applicant(ZORAIDA, 'RUT') });
    const post = (body: string) => fetch(`${api.baseUrl}/api/v1/bookings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect((await post(json.slice(0, -2))).status).toBe(400);
    expect((await post(json.replace(/\}$/, `,"notes":${JSON.stringify(ZORAIDA.fullName)}}`))).status).toBe(400);
    expect((await post(json.replace('"RUT"', '"DNI"'))).status).toBe(400);

    // The kiosk: Zoraida checks in with her code on the on-screen keyboard.
    const kiosk = await recordedPage({ width: 1920, height: 1080 });
    await kiosk.goto(`${api.baseUrl}/kiosk?office=${officeId}`);
    await kiosk.locator('main[data-screen="start"]').waitFor();
    await kiosk.getByRole('button', { name: /Tengo una reserva/ }).click();
    for (const symbol of code.replaceAll('-', '')) await kiosk.getByRole('button', { name: symbol, exact: true }).click();
    const checkIn = kiosk.waitForResponse((response) => response.url().endsWith('/check-ins'));
    await kiosk.getByRole('button', { name: 'Continuar' }).click();
    const ticket = (await (await checkIn).json()) as { id: string; number: string; trackingCode: string };
    await kiosk.getByRole('heading', { name: 'Su número es' }).waitFor();

    // The front desk: Wenceslao is checked in by his passport number.
    const desk = await recordedPage();
    await desk.goto(`${api.baseUrl}/staff/login`);
    await desk.getByLabel('Usuario').fill('agente2.elqui');
    await desk.getByLabel('Contraseña').fill('demo-agente2-2026');
    await desk.getByRole('button', { name: 'Ingresar' }).click();
    await desk.getByRole('navigation', { name: 'Secciones' }).waitFor();
    await desk.goto(`${api.baseUrl}/staff/front-desk`);
    await desk.getByRole('heading', { name: 'Recepción', level: 1 }).waitFor();
    await desk.getByLabel('Número de documento').fill(WENCESLAO.documentNumber);
    await desk.getByRole('button', { name: 'Registrar llegada por documento' }).click();
    await desk.getByTestId('ticket-slip').getByText('Residencia temporal').waitFor();
    // Zoraida's RUT at the desk too, after the kiosk: refused as already checked in.
    await desk.getByLabel('Número de documento').fill(ZORAIDA.documentNumber);
    await desk.getByRole('button', { name: 'Registrar llegada por documento' }).click();
    await desk.getByRole('alert').filter({ hasText: 'ya registró su llegada' }).waitFor();

    // A walk-in from the kiosk's endpoint, then Zoraida follows her turn on her phone and over /turns.
    expect((await api.client.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId } }, body: { serviceId: services.get('T')! } })).response.status).toBe(201);
    await listen('/turns', { trackingCode: ticket.trackingCode });
    const phone = await recordedPage({ width: 390, height: 844 });
    await phone.goto(`${api.baseUrl}/turno/${ticket.trackingCode}`);
    await phone.locator('[data-status="connected"][data-turn-status="waiting"]').waitFor();

    // Module 1 calls until it is Zoraida's turn, serves her and completes.
    const { data: counters } = await agent.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId } } });
    const counterId = counters!.find((counter) => counter.name === 'Módulo 1')!.id;
    expect((await agent.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId } }, body: {} })).response.status).toBe(200);
    for (let calls = 0; ; calls++) {
      expect(calls).toBeLessThan(5);
      const { data: called } = await agent.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId } } });
      expect(called).toBeDefined();
      if (called!.id === ticket.id) break;
      await agent.POST('/api/v1/tickets/{ticketId}/start', { params: { path: { ticketId: called!.id } } });
      await agent.POST('/api/v1/tickets/{ticketId}/complete', { params: { path: { ticketId: called!.id } } });
    }
    await phone.getByRole('alert').filter({ hasText: 'Diríjase a Módulo 1' }).waitFor();
    await agent.POST('/api/v1/tickets/{ticketId}/start', { params: { path: { ticketId: ticket.id } } });
    await agent.POST('/api/v1/tickets/{ticketId}/complete', { params: { path: { ticketId: ticket.id } } });

    // The survey, with a comment in which she signs with her name and phone.
    await phone.getByText('Su atención terminó.').waitFor();
    await phone.getByRole('radio', { name: '5 Muy buena' }).check();
    await phone.getByLabel('Comentario (opcional)').fill(SURVEY_COMMENT);
    await phone.getByRole('button', { name: 'Enviar opinión' }).click();
    await phone.getByText('¡Gracias por su opinión!').waitFor();
    await expect.poll(() => socketPayloads.some((p) => p.startsWith('/turns turn.changed') && p.includes('"canAnswerSurvey":false')), { timeout: 10_000 }).toBe(true);

    // The supervisor reads the comment (it is stored: the data went through the API).
    const { data: supervisorLogin } = await api.client.POST('/api/v1/auth/login', { body: { username: 'supervisora.elqui', password: 'demo-supervisora-2026' } });
    const supervisor = createApiClient({ baseUrl: api.baseUrl, token: () => supervisorLogin!.accessToken });
    const { data: comments } = await supervisor.GET('/api/v1/offices/{officeId}/survey-comments', { params: { path: { officeId }, query: { from: '2026-12-01', to: '2026-12-01' } } });
    expect(JSON.stringify(comments)).toContain(ZORAIDA.fullName);

    await expect.poll(() => socketPayloads.some((p) => p.startsWith('/display ticket.called') && p.includes(`"number":"${ticket.number}"`)), { timeout: 10_000 }).toBe(true);
    // What anyone holding a code may read (API.md: no personal data there either).
    const publicAnswers = await Promise.all(
      [`/api/v1/bookings/${code}/qr.svg`, `/api/v1/bookings/${code}/calendar.ics`, `/api/v1/turns/${ticket.trackingCode}`].map(async (path) => {
        const response = await fetch(`${api.baseUrl}${path}`);
        expect(response.status, path).toBe(200);
        return { where: `GET ${path}`, text: await response.text() };
      }),
    );
    expect(publicAnswers[2].text).toContain(ticket.number);

    // A complaint (issue #17): Wenceslao files it with his contact and a private matter, follows it by
    // code and email (in bodies), and an agent works it; the public status by code stays bare.
    const { data: topics } = await api.client.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId } } });
    const contact = { fullName: WENCESLAO.fullName, email: WENCESLAO.email, phone: WENCESLAO.phone, documentNumber: WENCESLAO.documentNumber, smsConsent: true };
    const filed = await api.client.POST('/api/v1/requests', { body: { officeId, kind: 'complaint', topicId: topics![0].id, description: COMPLAINT_SECRET, contact } });
    expect(filed.response.status, JSON.stringify(filed.error)).toBe(201);
    const requestCode = filed.data!.code;
    const { data: inbox } = await agent.GET('/api/v1/offices/{officeId}/requests', { params: { path: { officeId }, query: { q: requestCode } } });
    const requestId = inbox!.items[0].id;
    expect((await agent.GET('/api/v1/requests/by-id/{requestId}', { params: { path: { requestId } } })).data?.description).toBe(COMPLAINT_SECRET);
    expect((await agent.POST('/api/v1/requests/by-id/{requestId}/ask', { params: { path: { requestId } }, body: { text: `¿Puede enviar el certificado, ${WENCESLAO.fullName}?` } })).response.status).toBe(200);
    const replied = await api.client.POST('/api/v1/requests/reply', { body: { code: requestCode, contact: WENCESLAO.email, text: `Adjunto certificado. ${WENCESLAO.phone}` } });
    expect(replied.response.status, JSON.stringify(replied.error)).toBe(200);
    const lookedUp = await api.client.POST('/api/v1/requests/lookup', { body: { code: requestCode, contact: WENCESLAO.email } });
    expect(JSON.stringify(lookedUp.data)).toContain(COMPLAINT_SECRET);
    const status = await fetch(`${api.baseUrl}/api/v1/requests/${requestCode}`);
    expect(status.status).toBe(200);
    publicAnswers.push({ where: `GET /api/v1/requests/${requestCode}`, text: await status.text() });
    const open311 = await fetch(`${api.baseUrl}/open311/v2/requests/${requestCode}.json`);
    expect(open311.status).toBe(200);
    publicAnswers.push({ where: `GET /open311/v2/requests/${requestCode}.json`, text: await open311.text() });
    // Every line the API wrote, up to its exit (the clients leave first: the drain waits for open connections).
    for (const socket of sockets) socket.close();
    for (const opened of pages) await opened.close();
    const stopping = Date.now();
    await api.stop();
    expect(Date.now() - stopping).toBeLessThan(15_000);
    const output = api.output();

    // The recordings saw the traffic: request lines in the log, the sockets' events, the pages' calls.
    expect(output).toContain('/api/v1/bookings/lookup');
    expect(output).toContain('/api/v1/requests/lookup');
    expect(output).toMatch(/"level":20/); // debug lines were written too
    expect(socketPayloads.some((p) => p.startsWith('/turns turn.snapshot'))).toBe(true);
    expect(socketPayloads.some((p) => p.startsWith('page ') && p.includes('/display'))).toBe(true);
    expect(urls.some((url) => url.endsWith('/api/v1/bookings/lookup'))).toBe(true);
    expect(urls.some((url) => url.includes(`/turno/${ticket.trackingCode}`))).toBe(true);
    // …and the people's data really went through (in request bodies, where it belongs).
    const needles = [...needlesOf(ZORAIDA), ...needlesOf(WENCESLAO), COMPLAINT_SECRET.toLowerCase(), 'oncológico', 'oncologico'];
    expect(leaks([{ where: 'request bodies', text: requestBodies.join('\n') }], needlesOf(ZORAIDA))).not.toEqual([]);
    expect(leaks([{ where: 'request bodies', text: requestBodies.join('\n') }], [WENCESLAO.documentNumber.toLowerCase()])).not.toEqual([]);

    expect([
      ...leaks([{ where: 'API log', text: output }], needles),
      ...leaks(socketPayloads.map((text, i) => ({ where: `socket payload ${i}`, text })), needles),
      ...leaks(urls.map((url) => ({ where: 'URL', text: readableUrl(url) })), needles),
      ...leaks(publicAnswers, needles),
    ]).toEqual([]);
  });
});
