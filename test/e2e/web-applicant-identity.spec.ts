import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { claveUnicaAccount, startOidcProvider, type TestOidcProvider } from '../../apps/api/src/testing/oidc-provider.js';
import { freePort } from '../support/api-process.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { demoOffice, FAKE_NOW, PHONE, rut } from './web-applicant-support.js';

/**
 * Issue #20 on the booking site, on a phone, through the real redirect flow: Chromium follows the
 * API's login to a real OpenID provider (oidc-provider with ClaveÚnica's claims, apps/api/src/testing),
 * signs in on its page and comes back. Book verified without typing a document, find it in "Mis
 * trámites", sign out (with the provider's logout offered); a procedure that requires a verified
 * identity shows the way in and then books; a cancelled sign-in is explained. axe on every new state.
 */

const CLIENT = { clientId: 'turnero-browser-tests', clientSecret: 'a-client-secret-for-browser-tests' };
const ANA = { account: 'ana', run: '12.345.678-5', nombres: ['Ana María'], apellidos: ['Rojas', 'Fuentes'], fullName: 'Ana María Rojas Fuentes' };
const BRUNO = { account: 'bruno', run: '9.876.543-3', nombres: ['Bruno'], apellidos: ['Soto'], fullName: 'Bruno Soto' };
const CARLA = { account: 'carla', run: '15.555.555-6', nombres: ['Carla'], apellidos: ['Díaz'], fullName: 'Carla Díaz' };
const DIEGO = { account: 'diego', run: '11.111.111-1', nombres: ['Diego'], apellidos: ['Muñoz'], fullName: 'Diego Muñoz' };
const ELENA = { account: 'elena', run: rut(17_777_777), nombres: ['Elena'], apellidos: ['Vidal'], fullName: 'Elena Vidal' };

describe('ClaveÚnica on the booking site', { timeout: 120_000 }, () => {
  let provider: TestOidcProvider;
  let api: BrowserApi;
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof demoOffice>>;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    // The API's address is the provider's registered redirect: chosen before either starts.
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      clients: [{ ...CLIENT, redirectUris: [`${origin}/api/v1/auth/claveunica/callback`], postLogoutRedirectUris: [`${origin}/`] }],
      accounts: Object.fromEntries([ANA, BRUNO, CARLA, DIEGO, ELENA].map((person) => [person.account, claveUnicaAccount(person)])),
    });
    [api, browser] = await Promise.all([
      startApiForBrowser({
        fakeNow: FAKE_NOW,
        port,
        env: {
          SEED_DEMO: 'true',
          PUBLIC_URL: origin,
          CLAVEUNICA_ISSUER: provider.issuer,
          CLAVEUNICA_CLIENT_ID: CLIENT.clientId,
          CLAVEUNICA_CLIENT_SECRET: CLIENT.clientSecret,
          CLAVEUNICA_REDIRECT_URL: `${origin}/api/v1/auth/claveunica/callback`,
        },
      }),
      launchBrowser(),
    ]);
    demo = await demoOffice(api);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await provider?.close();
  });

  async function axe(page: Page, where: string) {
    expect(await seriousAccessibilityViolations(page), where).toEqual([]);
  }

  /** Errors of our pages (the provider's development pages are not ours), but for 4xx a test provokes. */
  const ours = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !e.includes(provider.issuer) && !e.includes('fonts.googleapis.com') && !statuses.some((status) => e.includes(`status of ${status} `)));

    /** The text of the focused element (page source: the Node type check has no DOM). */
  const focusedText = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.textContent : ''");

  /** On the provider's login page (oidc-provider's development form): the account id, any password. */
  async function signInAtProvider(page: Page, account: string) {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL((url) => url.origin === api.baseUrl);
  }

  /** The booking page of a demo procedure, at 09:xx on Wednesday 2 December 2026, up to "Sus datos". */
  async function chooseTime(page: Page, service: string, time: RegExp) {
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${demo.service(service).id}`);
    await page.getByRole('button', { name: /miércoles, 2 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('button', { name: time }).click();
    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
  }

  it('signs in from the booking form, books verified without a document, finds it in Mis trámites, signs out', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity'));
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    // Anonymous: the form asks for the document, and offers ClaveÚnica instead.
    await chooseTime(page, 'Residencia temporal', /^10:00 \d+ cupos?$/);
    await page.locator('header[data-identity="signed-out"]').waitFor();
    await page.getByRole('textbox', { name: 'RUT' }).waitFor();
    const offer = page.getByRole('complementary', { name: '¿Tiene ClaveÚnica?' });
    await offer.getByText('no necesitará escribir su RUT').waitFor();
    await axe(page, 'booking form with the ClaveÚnica offer');
    await screenshot(page, 'web-identity-offer-phone');

    await offer.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).click();
    await signInAtProvider(page, ANA.account);

    // Back on the form with the same time: the person is signed in, their identity shown, no document field.
    await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
    await page.getByText('miércoles, 2 de diciembre de 2026, 10:00').waitFor();
    const session = page.getByRole('region', { name: 'Su sesión' });
    await session.getByText(`Ingresó como ${ANA.fullName}`).waitFor();
    const verified = page.getByTestId('verified-identity');
    await verified.getByRole('heading', { name: 'Identidad verificada con ClaveÚnica' }).waitFor();
    await verified.getByText(ANA.fullName).waitFor();
    await verified.getByText(ANA.run).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'RUT' }).count()).toBe(0);
    await expect.poll(() => page.getByLabel('Nombre completo').count()).toBe(0);
    // The time came back in the URL and was dropped from it once read.
    await expect.poll(() => new URL(page.url()).searchParams.has('hora')).toBe(false);
    await axe(page, 'booking form signed in');
    await screenshot(page, 'web-identity-form-phone');

    await page.getByLabel('Correo electrónico (opcional)').fill('ana.rojas@example.cl');
    const booked = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/v1/bookings'));
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();
    // The POST carries no document: the API takes it from the session.
    expect((await booked).postDataJSON()).toMatchObject({ applicant: { fullName: ANA.fullName, email: 'ana.rojas@example.cl' } });
    expect((await booked).postDataJSON().applicant).not.toHaveProperty('documentNumber');
    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    await page.getByText('Verificada con ClaveÚnica').waitFor();
    const code = (await page.getByTestId('booking-code').textContent())!.trim();
    const stored = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: ANA.run } });
    expect(stored.data).toMatchObject({ status: 'confirmed', identityVerified: true, slotStart: '2026-12-02T10:00:00-03:00' });

    // "Mis trámites": the booking with its verified mark, and a request filed signed in.
    await page.goto(`${api.baseUrl}/solicitudes`);
    await page.getByRole('heading', { level: 1, name: 'Solicitudes y reclamos' }).waitFor();
    await page.getByTestId('verified-identity').getByText(ANA.run).waitFor();
    await expect.poll(() => page.getByLabel('RUT (opcional)').count()).toBe(0);
    await expect.poll(() => page.getByRole('link', { name: 'Ingresar con ClaveÚnica' }).count()).toBe(0);
    await page.getByLabel('Oficina').selectOption({ label: demo.office.name });
    await page.getByRole('radio', { name: 'Sugerencia', exact: true }).check();
    const topic = page.getByLabel('Tema');
    await topic.locator('option', { hasText: 'Licencias de conducir' }).waitFor({ state: 'attached' });
    await topic.selectOption({ label: 'Licencias de conducir' });
    await page.getByLabel('Describa su solicitud').fill('Sería útil poder reservar también los sábados en la mañana.');
    await axe(page, 'request form signed in');
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    await page.getByRole('heading', { level: 1, name: 'Solicitud recibida' }).waitFor();
    const requestCode = (await page.getByTestId('request-code').textContent())!.trim();

    await session.getByRole('link', { name: 'Mis trámites' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mis trámites' }).waitFor();
    const myBooking = page.getByTestId(`my-booking-${code}`);
    await myBooking.getByText('miércoles, 2 de diciembre de 2026, 10:00').waitFor();
    await myBooking.getByText('Verificada con ClaveÚnica').waitFor();
    const myRequest = page.getByTestId(`my-request-${requestCode}`);
    await myRequest.getByText('Enviada con identidad verificada').waitFor();
    await myRequest.getByText('Recibida').waitFor();
    await axe(page, 'Mis trámites');
    await screenshot(page, 'web-identity-my-procedures-phone');

    // Its actions, reusing "Mi reserva", without typing the code or the document.
    await myBooking.getByRole('link', { name: `Ver, cambiar o cancelar la reserva ${code} de Residencia temporal` }).click();
    await page.getByRole('heading', { name: `Reserva ${code}` }).waitFor();
    await page.getByRole('button', { name: 'Cambiar día u hora' }).click();
    await page.getByRole('button', { name: /jueves, 3 de diciembre de 2026: \d+ cupos disponibles/ }).click();
    await page.getByRole('button', { name: /^11:00 \d+ cupos?$/ }).click();
    await page.getByRole('button', { name: 'Cambiar al jueves, 3 de diciembre de 2026 a las 11:00' }).click();
    await page.getByText('Listo: su hora cambió.').waitFor();
    await page.getByRole('link', { name: 'Volver a Mis trámites' }).click();
    await page.getByTestId(`my-booking-${code}`).getByText('jueves, 3 de diciembre de 2026, 11:00').waitFor();

    // English is there too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'My procedures' }).waitFor();
    await page.getByRole('region', { name: 'Your session' }).getByText(`Signed in as ${ANA.fullName}`).waitFor();
    await page.getByRole('button', { name: 'Español' }).click();

    // Salir: the session ends here, the provider's logout is offered.
    await session.getByRole('button', { name: 'Salir' }).click();
    const signedOut = page.getByRole('status').filter({ hasText: 'Cerró su sesión en Turnero.' });
    await signedOut.waitFor();
    await expect.poll(() => focusedText(page)).toContain('Cerró su sesión en Turnero.');
    const providerLogout = signedOut.getByRole('link', { name: 'Cerrar también su sesión de ClaveÚnica' });
    await expect.poll(() => providerLogout.getAttribute('href')).toMatch(new RegExp(`^${provider.issuer}/session/end`));
    await page.locator('header[data-identity="signed-out"]').waitFor();
    await expect.poll(() => session.count()).toBe(0);
    // Mis trámites now explains and offers the way in; the API agrees nobody is signed in.
    await page.getByRole('heading', { name: 'Sus reservas y solicitudes en un solo lugar' }).waitFor();
    await page.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId(`my-booking-${code}`).count()).toBe(0);
    await axe(page, 'signed out');
    await screenshot(page, 'web-identity-signed-out-phone');
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me).toEqual({ claveUnica: { enabled: true }, applicant: null });

    // No name, RUT or token in any URL the page asked for.
    for (const url of requested) {
      expect(url).not.toContain('12345678');
      expect(url).not.toContain('12.345.678');
      expect(decodeURIComponent(url)).not.toContain('Rojas');
    }
    expect(ours(errors)).toEqual([]);
    await close();
  });

  it('shows an anonymous person the sign-in path for a procedure that requires it, then books once signed in', async () => {
    await api.loginAsAdmin();
    const service = demo.service('Permanencia definitiva');
    const updated = await api.client.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body: { requiresVerifiedIdentity: true } });
    expect(updated.response.status).toBe(200);
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity-required'));

    // The procedure's card says so; the form's place explains and offers ClaveÚnica.
    await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}`);
    await page.getByRole('listitem').filter({ hasText: 'Permanencia definitiva' }).getByText('Exige ingresar con ClaveÚnica').waitFor();
    await chooseTime(page, 'Permanencia definitiva', /^09:30 \d+ cupos?$/);
    const required = page.getByTestId('verified-identity-required');
    await required.getByText('Este trámite exige identidad verificada.').waitFor();
    await required.getByText('Ingrese con ClaveÚnica para reservar.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Confirmar reserva' }).count()).toBe(0);
    await axe(page, 'verified identity required');
    await screenshot(page, 'web-identity-required-phone');

    // The API refuses the same booking anonymously, with its code.
    const slotStart = '2026-12-02T09:30:00-03:00';
    const refused = await api.client.POST('/api/v1/bookings', {
      body: { serviceId: service.id, slotStart, applicant: { documentType: 'RUT', documentNumber: BRUNO.run, fullName: BRUNO.fullName } },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ error: 'VERIFIED_IDENTITY_REQUIRED' });

    await required.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).click();
    await signInAtProvider(page, BRUNO.account);
    await page.getByTestId('verified-identity').getByText(BRUNO.fullName).waitFor();
    await page.getByText('miércoles, 2 de diciembre de 2026, 09:30').waitFor();
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();
    await page.getByRole('heading', { name: 'Reserva confirmada' }).waitFor();
    const code = (await page.getByTestId('booking-code').textContent())!.trim();
    const stored = await api.client.POST('/api/v1/bookings/lookup', { body: { code, documentNumber: BRUNO.run } });
    expect(stored.data).toMatchObject({ status: 'confirmed', identityVerified: true, slotStart, serviceName: 'Permanencia definitiva' });
    expect(ours(errors)).toEqual([]);
    await close();
  });

  it('explains a sign-in cancelled at the provider, with the focus on the message and the way to try again', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity-cancelled'));
    // Signed out, "Mi reserva" and "Mis trámites" offer the way in.
    await page.goto(`${api.baseUrl}/mi-reserva`);
    await page.getByRole('complementary', { name: '¿Tiene ClaveÚnica?' }).getByText('sin escribir códigos').waitFor();
    await page.goto(`${api.baseUrl}/mis-tramites`);
    await page.getByRole('heading', { name: 'Sus reservas y solicitudes en un solo lugar' }).waitFor();
    await axe(page, 'Mis trámites signed out');

    await page.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await page.waitForURL((url) => url.origin === api.baseUrl && url.pathname === '/mis-tramites');
    expect(new URL(page.url()).searchParams.get('motivo')).toBe('cancelled');
    const failure = page.getByRole('alert').filter({ hasText: 'No pudimos completar su ingreso con ClaveÚnica.' });
    await failure.getByText('El ingreso se canceló antes de terminar.').waitFor();
    await expect.poll(() => focusedText(page)).toContain('No pudimos completar su ingreso con ClaveÚnica.');
    // Trying again comes back to Mis trámites, not to the failure.
    await expect.poll(() => failure.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).getAttribute('href')).toBe(
      `/api/v1/auth/claveunica/login?returnTo=${encodeURIComponent('/mis-tramites')}`,
    );
    await page.locator('header[data-identity="signed-out"]').waitFor();
    await axe(page, 'sign-in failed');

    // Each reason the API gives has its own words.
    await page.goto(`${api.baseUrl}/mis-tramites?ingreso=fallido&motivo=unavailable`);
    await page.getByRole('alert').getByText('ClaveÚnica no responde en este momento.').waitFor();

    // Signing in with CARLA from there lands on her (empty) Mis trámites.
    await page.getByRole('alert').getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).click();
    await signInAtProvider(page, CARLA.account);
    await page.getByRole('region', { name: 'Su sesión' }).getByText(`Ingresó como ${CARLA.fullName}`).waitFor();
    await page.getByText('No tiene reservas con su RUT.').waitFor();
    await page.getByText('No tiene solicitudes con su RUT.').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(ours(errors)).toEqual([]);
    await close();
  });

  it('says so when the session ended while the form was open, and asks for the document again', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity-ended'));
    await chooseTime(page, 'Residencia temporal', /^11:30 \d+ cupos?$/);
    await page.getByRole('complementary', { name: '¿Tiene ClaveÚnica?' }).getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).click();
    await signInAtProvider(page, DIEGO.account);
    await page.getByTestId('verified-identity').getByText(DIEGO.run).waitFor();

    // The session cookie goes (as at its end): the API no longer knows the person, the page is told.
    await page.context().clearCookies({ name: 'turnero_applicant' });
    await page.getByRole('button', { name: 'Confirmar reserva' }).click();
    const ended = page.getByRole('alert').filter({ hasText: 'Su sesión con ClaveÚnica terminó.' });
    await ended.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).waitFor();
    await page.locator('header[data-identity="signed-out"]').waitFor();
    await page.getByRole('textbox', { name: 'RUT' }).waitFor();
    await expect.poll(() => page.getByTestId('verified-identity').count()).toBe(0);
    await axe(page, 'session ended on the form');
    expect(ours(errors, 400)).toEqual([]);
    await close();
  });

  it('joins the waitlist of a procedure that requires it only signed in: the sign-in first, then the verified identity instead of the document', async () => {
    await api.loginAsAdmin();
    const service = demo.service('Permanencia definitiva');
    const requirement = async (requiresVerifiedIdentity: boolean) => {
      const { response } = await api.client.PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body: { requiresVerifiedIdentity } });
      expect(response.status).toBe(200);
    };
    // Thursday 10 December made full by anonymous bookings (the requirement off meanwhile), then required.
    const day = '2026-12-10';
    await requirement(false);
    const { data } = await api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: day, to: day } } });
    const seats = data!.days[0].slots.flatMap((slot) => Array.from({ length: slot.remaining }, () => slot.start));
    for (const [i, slotStart] of seats.entries()) {
      const { response } = await api.client.POST('/api/v1/bookings', {
        body: { serviceId: service.id, slotStart, applicant: { documentType: 'RUT', documentNumber: rut(22_000_000 + i), fullName: 'Persona de prueba' } },
      });
      expect(response.status).toBe(201);
    }
    await requirement(true);

    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-identity-waitlist'));
    const joins: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/waitlist') joins.push(request.postData() ?? '');
    });
    const openJoinForm = async () => {
      await page.goto(`${api.baseUrl}/reservar?oficina=${demo.office.id}&tramite=${service.id}`);
      await page.getByRole('button', { name: 'jueves, 10 de diciembre de 2026: Completo: no quedan cupos' }).click();
      await page.getByRole('button', { name: 'Avísenme si se libera una hora' }).click();
      await page.getByRole('heading', { name: 'Lista de espera' }).waitFor();
    };

    // Anonymous: the sign-in explained instead of the form.
    await openJoinForm();
    const required = page.getByTestId('verified-identity-required');
    await required.getByText('Ingrese con ClaveÚnica para anotarse en la lista de espera.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Anotarme en la lista de espera' }).count()).toBe(0);
    await axe(page, 'waitlist: verified identity required');
    await required.getByRole('link', { name: 'Ingresar con ClaveÚnica', exact: true }).click();
    await signInAtProvider(page, ELENA.account);

    // Signed in: the verified name and RUT, read-only; no document field; the POST carries no document.
    await openJoinForm();
    const verified = page.getByTestId('verified-identity');
    await verified.getByText(ELENA.fullName).waitFor();
    await verified.getByText(ELENA.run).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'RUT' }).count()).toBe(0);
    await page.getByLabel('Correo electrónico').fill('elena.vidal@example.cl');
    await axe(page, 'waitlist form signed in');
    await screenshot(page, 'web-identity-waitlist-phone');
    await page.getByRole('button', { name: 'Anotarme en la lista de espera' }).click();
    await page.getByRole('heading', { name: 'Quedó en la lista de espera' }).waitFor();
    const code = (await page.getByTestId('waitlist-code').textContent())!.trim();
    expect(joins).toHaveLength(1);
    expect(JSON.parse(joins[0]!).applicant).toEqual({ email: 'elena.vidal@example.cl' });
    const entry = await api.client.POST('/api/v1/waitlist/lookup', { body: { code, documentNumber: ELENA.run } });
    expect(entry.data).toMatchObject({ status: 'waiting' });
    expect(ours(errors)).toEqual([]);
    await close();
  });
});
