import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../../apps/api/src/testing/oidc-provider.js';
import { freePort } from '../support/api-process.js';
import { BROWSER_ADMIN, type BrowserApi, launchBrowser, newPage, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { DEMO, STAFF_NOW } from './web-staff-support.js';

/** Turnero's registration at the organisation's (test) provider. */
const CLIENT = { clientId: 'turnero-staff-browser', clientSecret: 'staff-sso-secret-for-the-browser-spec' };
const LABEL = 'Cuenta del Servicio';

/**
 * Staff single sign-on in Chromium (issue #20), through the real redirect flow: the login page's
 * button → the API's login → a real OpenID provider (oidc-provider, standard claims) → the API's
 * callback → /staff/login?sso=1, whose page collects the session. Password login is off here, so
 * the password form is only the bootstrap admin's, behind "Acceso de administración".
 */
describe('the staff console: single sign-on', { timeout: 120_000 }, () => {
  let provider: TestOidcProvider;
  let api: BrowserApi;
  let browser: Browser;
  /**
   * Where the browser reaches Turnero: localhost, while the provider is at 127.0.0.1, so that the
   * redirects cross sites as with a real provider (the flow cookie must come back on the callback,
   * the hand-off cookie must be set by it and sent to the page's POST).
   */
  let site: string;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    // The provider must know the API's callback before the API starts, and the API the provider's issuer.
    const port = await freePort();
    site = `http://localhost:${port}`;
    const publicUrl = site;
    provider = await startOidcProvider({
      clients: [{ ...CLIENT, redirectUris: [`${publicUrl}/api/v1/auth/sso/callback`], tokenEndpointAuthMethod: 'client_secret_basic' }],
      accounts: {
        // The demo supervisor's directory entry: the username matches (case aside).
        'marta.rios': { preferred_username: 'Supervisora.Elqui', email: 'marta.rios@servicio.cl', email_verified: true },
        // Someone of the organisation without a Turnero account.
        'pedro.soto': { preferred_username: 'pedro.soto', email: 'pedro.soto@servicio.cl', email_verified: true },
      },
    });
    [api, browser] = await Promise.all([
      startApiForBrowser({
        fakeNow: STAFF_NOW,
        port,
        env: {
          SEED_DEMO: 'true',
          PUBLIC_URL: publicUrl,
          STAFF_OIDC_ISSUER: provider.issuer,
          STAFF_OIDC_CLIENT_ID: CLIENT.clientId,
          STAFF_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
          STAFF_OIDC_LABEL: LABEL,
          STAFF_PASSWORD_LOGIN: 'false',
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await provider?.close();
  });

  async function open() {
    const opened = await newPage(browser, { viewport: { width: 1366, height: 768 } });
    opened.page.setDefaultTimeout(10_000);
    return opened;
  }

  /** Errors of our pages (the provider's development pages are not ours), but for the 4xx a test provokes. */
  const ours = (errors: string[], ...statuses: number[]) =>
    errors.filter((e) => !e.includes(provider.issuer) && !e.includes('fonts.googleapis.com') && !statuses.some((status) => e.includes(`status of ${status} `)));

  /** From the login page through the provider's login form (oidc-provider's development page: an account id, any password). */
  async function signInAtProvider(page: Page, account: string, urls: string[]): Promise<void> {
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${site}/staff/login`);
    await page.getByRole('link', { name: `Ingresar con ${LABEL}` }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  it('a supervisor signs in with the organisation\'s account and lands on the console, no token in any URL', async () => {
    const { page, errors, close } = await open();
    try {
      const urls: string[] = [];
      await page.goto(`${site}/staff/login`);
      // Password login is off: no password form in sight, only the single sign-on button.
      await page.getByRole('link', { name: `Ingresar con ${LABEL}` }).waitFor();
      await expect.poll(() => page.getByLabel('Contraseña').isVisible()).toBe(false);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await signInAtProvider(page, 'marta.rios', urls);
      // Back through the callback and /staff/login?sso=1 to the supervisor's home, in the console's frame.
      await page.getByRole('navigation', { name: 'Secciones' }).waitFor();
      await expect.poll(() => new URL(page.url()).pathname).not.toBe('/staff/login');
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Trámites', exact: true }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      const token = await page.evaluate(() => JSON.parse((globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('turnero.staff.session') ?? '{}').accessToken as string | undefined);
      expect(token).toEqual(expect.any(String));
      for (const url of urls) {
        expect(url).not.toContain(token!);
        expect(url.toLowerCase()).not.toContain('supervisora.elqui');
        expect(url).not.toContain('marta.rios@');
      }
      // The hand-off cookie is HttpOnly: not readable by the page.
      expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain('turnero_staff_sso');
      expect(ours(errors)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('someone without a Turnero account is told so, and can try again', async () => {
    const { page, errors, close } = await open();
    try {
      await signInAtProvider(page, 'pedro.soto', []);
      await page.waitForURL((url) => url.pathname === '/staff/login' && url.searchParams.get('motivo') === 'unknown');
      await page
        .getByRole('alert')
        .filter({ hasText: 'Su cuenta institucional no tiene acceso a Turnero. Pida a un administrador que cree su cuenta con este correo o usuario.' })
        .waitFor();
      await page.getByRole('link', { name: `Ingresar con ${LABEL}` }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      // English, one click away.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('alert').filter({ hasText: 'Your organisation account has no access to Turnero.' }).waitFor();
      await page.getByRole('link', { name: `Log in with ${LABEL}` }).waitFor();
      expect(ours(errors)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('staff passwords are refused; the bootstrap admin logs in through "Acceso de administración"', async () => {
    const { page, errors, close } = await open();
    try {
      await page.goto(`${site}/staff/login`);
      await page.getByText('Acceso de administración').click();
      await page.getByLabel('Usuario').fill(DEMO.supervisor.username);
      await page.getByLabel('Contraseña').fill(DEMO.supervisor.password);
      await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'El ingreso con contraseña está desactivado. Ingrese con su cuenta institucional.' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.getByLabel('Usuario').fill(BROWSER_ADMIN.username);
      await page.getByLabel('Contraseña').fill(BROWSER_ADMIN.password);
      await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
      await page.getByRole('navigation', { name: 'Secciones' }).waitFor();
      expect(ours(errors, 403)).toEqual([]);
    } finally {
      await close();
    }
  });
});
