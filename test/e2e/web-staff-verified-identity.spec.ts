import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claveUnicaAccount, type CookieJar, signInThroughProvider, startOidcProvider, type TestOidcProvider } from '../../apps/api/src/testing/oidc-provider.js';
import { type ApiClient, createApiClient, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { freePort } from '../support/api-process.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { rut } from './web-applicant-support.js';
import { DEMO, logIn, STAFF_NOW, staffConsoleSuite, unexpected } from './web-staff-support.js';

/** The API's registration at the test ClaveÚnica. */
const CLIENT = { clientId: 'turnero-staff-verified', clientSecret: 'claveunica-secret-for-the-staff-browser-spec' };
/** Who signs in with ClaveÚnica, and the name the API makes of her claims. */
const VERIFIED = { run: '15.482.937-7', nombres: ['Valentina', 'Isabel'], apellidos: ['Araya', 'Cortés'] };
const VERIFIED_NAME = 'Valentina Isabel Araya Cortés';
/** Someone who types their document, as before issue #20. */
const TYPED = { documentType: 'RUT' as const, documentNumber: rut(17_654_321), fullName: 'Rodrigo Tipeado Muñoz' };

/**
 * What the staff console shows of verified identity (issue #20): a supervisor requires ClaveÚnica
 * for a procedure; a booking made signed in (through a real OpenID provider with ClaveÚnica's
 * claims, the API's own redirect flow) is "Identidad verificada" at the front desk's check-in,
 * which then needs no document check, and in "Reservas"; a typed one is not; a request filed
 * signed in says so on its file. Each test makes its own bookings and requests.
 */
describe('the staff console: verified identity', { timeout: 120_000 }, () => {
  let provider: TestOidcProvider;
  let api: BrowserApi;
  let browser: Browser;
  let officeId: string;
  let services: Record<string, PublicService>;
  let kiosk: ApiClient;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    // The provider must know the API's callback before the API starts, and the API the provider's issuer.
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      clients: [{ ...CLIENT, redirectUris: [`${publicUrl}/api/v1/auth/claveunica/callback`] }],
      accounts: { valentina: claveUnicaAccount(VERIFIED) },
    });
    [api, browser] = await Promise.all([
      startApiForBrowser({
        fakeNow: STAFF_NOW,
        port,
        env: { SEED_DEMO: 'true', PUBLIC_URL: publicUrl, CLAVEUNICA_ISSUER: provider.issuer, CLAVEUNICA_CLIENT_ID: CLIENT.clientId, CLAVEUNICA_CLIENT_SECRET: CLIENT.clientSecret },
      }),
      launchBrowser(),
    ]);
    kiosk = createApiClient({ baseUrl: api.baseUrl });
    const offices = await unwrap(kiosk.GET('/api/v1/offices'));
    officeId = offices.find((o) => o.name.includes('Elqui'))!.id;
    const list = await unwrap(kiosk.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } }));
    services = Object.fromEntries(list.map((s) => [s.code, s]));
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await provider?.close();
  });

  async function open(viewport = { width: 1366, height: 768 }) {
    const opened = await newPage(browser, { viewport });
    opened.page.setDefaultTimeout(10_000);
    return opened;
  }
  const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name, exact: true }).click();

  async function supervisor(): Promise<ApiClient> {
    const { accessToken } = await unwrap(kiosk.POST('/api/v1/auth/login', { body: DEMO.supervisor }));
    return createApiClient({ baseUrl: api.baseUrl, token: () => accessToken });
  }

  /** Signs in at the provider through the API's login and callback, as a browser would; the jar holds the session cookie. */
  async function signedIn(): Promise<CookieJar> {
    const { callback, location, jar } = await signInThroughProvider(`${api.baseUrl}/api/v1/auth/claveunica/login?returnTo=/mis-tramites`, 'valentina', { apiOrigin: api.baseUrl });
    expect(callback.status).toBe(302);
    expect(location).toBe('/mis-tramites');
    return jar;
  }
  const cookieOf = (jar: CookieJar, path: string) => jar.headerFor(new URL(path, api.baseUrl))!;

  /** Today's first time with room for `seats` people on the service. */
  async function slotToday(service: PublicService, seats: number): Promise<string> {
    const { now } = await unwrap(kiosk.GET('/api/v1/time'));
    const today = now.slice(0, 10); // STAFF_NOW is at -03:00, the office's offset
    const availability = await unwrap(kiosk.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: service.id }, query: { from: today, to: today } } }));
    return availability.days[0].slots.find((s) => s.remaining >= seats)!.start;
  }

  it('a supervisor requires ClaveÚnica for a procedure: saved, shown in the list, and an anonymous booking is refused', async () => {
    const service = services.P;
    const { page, errors, close } = await open();
    try {
      await logIn(page, api.baseUrl, DEMO.supervisor);
      await section(page, 'Trámites');
      const row = page.getByRole('row', { name: new RegExp(service.name) });
      await row.getByRole('cell', { name: 'No exige', exact: true }).waitFor();

      await page.getByRole('button', { name: `Editar ${service.name}` }).click();
      await page.getByRole('heading', { name: `Editar «${service.name}»` }).waitFor();
      const requirement = page.getByRole('checkbox', { name: /^Exigir identidad verificada \(ClaveÚnica\)/ });
      await expect.poll(() => requirement.isChecked()).toBe(false);
      // The hint says what it does; ClaveÚnica is configured here, so no "not configured yet".
      await page.getByText('Se rechazan las reservas sin identidad verificada').waitFor();
      await expect.poll(() => page.getByText('ClaveÚnica aún no está configurada').count()).toBe(0);
      await requirement.check();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Guardar cambios' }).click();
      await page.getByText(`Se guardó «${service.name}».`).waitFor();
      await row.getByRole('cell', { name: 'Exige ClaveÚnica', exact: true }).waitFor();

      // Persisted: the list read again, the form opened again, and the public catalogue.
      await page.reload();
      await row.getByRole('cell', { name: 'Exige ClaveÚnica', exact: true }).waitFor();
      await page.getByRole('button', { name: `Editar ${service.name}` }).click();
      await expect.poll(() => page.getByRole('checkbox', { name: /^Exigir identidad verificada/ }).isChecked()).toBe(true);
      const catalogue = await unwrap(kiosk.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } }));
      expect(catalogue.find((s) => s.id === service.id)?.requiresVerifiedIdentity).toBe(true);

      // What the requirement does: a typed document is refused.
      const anonymous = await kiosk.POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart: await slotToday(service, 1), applicant: TYPED } });
      expect(anonymous.response.status).toBe(403);
      expect(anonymous.error).toMatchObject({ error: 'VERIFIED_IDENTITY_REQUIRED' });

      await screenshot(page, 'staff-service-verified-identity');
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a verified booking is "Identidad verificada" at the check-in (no document check) and in Reservas; a typed one on the same procedure is not', async () => {
    const service = services.R;
    const slotStart = await slotToday(service, 2);
    // A typed booking first, then the procedure requires ClaveÚnica, then a booking signed in.
    const typed = await unwrap(kiosk.POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart, applicant: TYPED } }));
    expect(typed.identityVerified).toBe(false);
    await unwrap((await supervisor()).PATCH('/api/v1/services/{serviceId}', { params: { path: { serviceId: service.id } }, body: { requiresVerifiedIdentity: true } }));
    const jar = await signedIn();
    const verified = await unwrap(
      kiosk.POST('/api/v1/bookings', { body: { serviceId: service.id, slotStart, applicant: {} }, headers: { cookie: cookieOf(jar, '/api/v1/bookings') } }),
    );
    expect(verified.identityVerified).toBe(true);

    const { page, errors, close } = await open();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    try {
      await logIn(page, api.baseUrl, DEMO.agent1, '/staff/front-desk');
      await page.getByRole('heading', { name: 'Recepción', level: 1 }).waitFor();
      const slip = page.getByTestId('ticket-slip');
      const vouched = page.getByTestId('identity-verified');

      await page.getByLabel('Código de reserva').fill(verified.code);
      await page.getByRole('button', { name: 'Registrar llegada', exact: true }).click();
      await slip.getByText('Residencia temporal').waitFor();
      await vouched.getByText('Identidad verificada', { exact: true }).waitFor();
      await expect.poll(() => vouched.textContent()).toContain('Identidad verificada con ClaveÚnica: no es necesario revisar el documento.');
      // Staff's note, not the applicant's printed slip.
      await expect.poll(() => slip.getByText(/Identidad verificada/).count()).toBe(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-front-desk-verified');

      // The typed booking on the same (now requiring) procedure checks in as before: nothing said.
      const issued = slip.locator('.staff-slip-number');
      const before = await issued.textContent();
      await page.getByLabel('Código de reserva').fill(typed.code);
      await page.getByRole('button', { name: 'Registrar llegada', exact: true }).click();
      await expect.poll(() => issued.textContent()).not.toBe(before);
      await expect.poll(() => vouched.count()).toBe(0);

      await section(page, 'Reservas');
      await page.getByRole('heading', { level: 1, name: 'Reservas' }).waitFor();
      const list = page.getByTestId('staff-bookings');
      const verifiedRow = list.getByRole('row', { name: new RegExp(verified.code) });
      await verifiedRow.getByRole('rowheader', { name: VERIFIED_NAME }).waitFor();
      await verifiedRow.getByRole('cell', { name: /Identidad verificada/ }).waitFor();
      await verifiedRow.getByRole('cell', { name: /Llegó/ }).waitFor();
      const typedRow = list.getByRole('row', { name: new RegExp(typed.code) });
      await typedRow.getByRole('rowheader', { name: TYPED.fullName }).waitFor();
      await expect.poll(() => typedRow.getByText('Identidad verificada').count()).toBe(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-bookings-verified');

      for (const url of urls) expect(decodeURIComponent(url)).not.toMatch(/Valentina|Araya|15482937|15\.482\.937/);
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a request filed signed in says "Identidad verificada" on its file; one filed without does not', async () => {
    const topics = await unwrap(kiosk.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId } } }));
    const jar = await signedIn();
    const body = { officeId, kind: 'request' as const, topicId: topics[0].id, contact: { email: 'valentina.araya@example.cl' } };
    const signedInFiling = await unwrap(
      kiosk.POST('/api/v1/requests', { body: { ...body, description: 'Consulta hecha con ClaveÚnica.' }, headers: { cookie: cookieOf(jar, '/api/v1/requests') } }),
    );
    const anonymousFiling = await unwrap(kiosk.POST('/api/v1/requests', { body: { ...body, description: 'Consulta hecha sin ClaveÚnica.' } }));
    const agent = await unwrap(kiosk.POST('/api/v1/auth/login', { body: DEMO.agent1 }));
    const staff = createApiClient({ baseUrl: api.baseUrl, token: () => agent.accessToken });
    const idOf = async (code: string) =>
      (await unwrap(staff.GET('/api/v1/offices/{officeId}/requests', { params: { path: { officeId }, query: { q: code } } }))).items[0].id;

    const { page, errors, close } = await open();
    try {
      await logIn(page, api.baseUrl, DEMO.agent1, `/staff/requests/${await idOf(signedInFiling.code)}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(signedInFiling.code) }).waitFor();
      const contact = page.getByRole('region', { name: 'Contacto' });
      await contact.getByTestId('request-identity-verified').getByText('Identidad verificada', { exact: true }).waitFor();
      await contact.getByText(VERIFIED_NAME).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.goto(`${api.baseUrl}/staff/requests/${await idOf(anonymousFiling.code)}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(anonymousFiling.code) }).waitFor();
      await page.getByRole('region', { name: 'Contacto' }).getByText('valentina.araya@example.cl').waitFor();
      await expect.poll(() => page.getByTestId('request-identity-verified').count()).toBe(0);
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});

/** Without ClaveÚnica configured, a supervisor may still prepare the requirement: the form says what that means until it is. */
describe('the staff console: the ClaveÚnica requirement before ClaveÚnica is configured', { timeout: 120_000 }, () => {
  const suite = staffConsoleSuite();

  it('the service form offers the requirement for procedures with bookings, and says ClaveÚnica is not configured yet', async () => {
    const { page, errors, close } = await suite.open();
    try {
      await logIn(page, suite.world.api.baseUrl, DEMO.supervisor);
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Trámites', exact: true }).click();
      // Walk-ins take no bookings: nothing to require there.
      const walkIn = page.getByRole('row', { name: /Prórroga de turismo/ }).getByTestId('service-verified-identity');
      await expect.poll(() => walkIn.textContent()).toBe('—');
      await expect.poll(() => page.getByRole('row', { name: /Residencia temporal/ }).getByTestId('service-verified-identity').textContent()).toBe('No exige');
      await page.getByRole('button', { name: 'Editar Prórroga de turismo' }).click();
      await page.getByRole('heading', { name: 'Editar «Prórroga de turismo»' }).waitFor();
      await expect.poll(() => page.getByRole('checkbox', { name: /^Exigir identidad verificada/ }).count()).toBe(0);
      await page.getByRole('button', { name: 'Cancelar' }).click();

      await page.getByRole('button', { name: 'Editar Residencia temporal' }).click();
      const requirement = page.getByRole('checkbox', { name: /^Exigir identidad verificada \(ClaveÚnica\)/ });
      await requirement.waitFor();
      await page.getByText('ClaveÚnica aún no está configurada en este sitio').waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});
