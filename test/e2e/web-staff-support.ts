import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ApiClient, createApiClient, type PublicService, unwrap } from '../../libs/api-client/src/index.js';
import { type BrowserApi, launchBrowser, newPage, screenshot, startApiForBrowser, type TestPage } from '../support/browser.js';

/** Shared by the staff console's browser tests (test/e2e/web-staff-*.spec.ts). */

/** A Tuesday inside the demo office's hours (Monday to Friday 08:30–14:00, America/Santiago). */
export const STAFF_NOW = '2026-12-01T09:00:00-03:00';

export const DEMO = {
  supervisor: { username: 'supervisora.elqui', password: 'demo-supervisora-2026' },
  agent1: { username: 'agente1.elqui', password: 'demo-agente1-2026' },
  agent2: { username: 'agente2.elqui', password: 'demo-agente2-2026' },
} as const;

export interface StaffWorld {
  api: BrowserApi;
  officeId: string;
  /** The demo office's services by code (R, P appointments; T, E, C walk-ins). */
  services: Record<string, PublicService>;
  /** No token: what the kiosk and applicants call. */
  kiosk: ApiClient;
  /** A client logged in as one of the demo accounts. */
  as(account: { username: string; password: string }): Promise<ApiClient>;
}

/** The API process with the demo data (SEED_DEMO) and the clock at STAFF_NOW; `env` adds to (or overrides) its environment. */
export async function startStaffWorld(env: Record<string, string> = {}): Promise<StaffWorld> {
  const api = await startApiForBrowser({ fakeNow: STAFF_NOW, env: { SEED_DEMO: 'true', ...env } });
  const kiosk = createApiClient({ baseUrl: api.baseUrl });
  const offices = await unwrap(kiosk.GET('/api/v1/offices'));
  const office = offices.find((o) => o.name.includes('Elqui'));
  if (!office) throw new Error(`The demo office is missing: ${offices.map((o) => o.name).join(', ')}`);
  const list = await unwrap(kiosk.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId: office.id } } }));
  return {
    api,
    officeId: office.id,
    services: Object.fromEntries(list.map((s) => [s.code, s])),
    kiosk,
    as: async ({ username, password }) => {
      const { accessToken } = await unwrap(kiosk.POST('/api/v1/auth/login', { body: { username, password } }));
      return createApiClient({ baseUrl: api.baseUrl, token: () => accessToken });
    },
  };
}

/** A ticket number as the console shows it (non-breaking hyphen). */
export const shown = (number: string) => number.replace(/-/g, '\u2011');

/** Logs in through the login page and waits for the console's navigation. */
export async function logIn(page: Page, baseUrl: string, account: { username: string; password: string }, path = '/staff/login'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Usuario').fill(account.username);
  await page.getByLabel('Contraseña').fill(account.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('navigation', { name: 'Secciones' }).waitFor();
}

/** A screenshot in test-output/screenshots, copied to docs/screenshots (committed, shown in the README). */
export async function documented(page: Page, name: string): Promise<void> {
  const path = await screenshot(page, name);
  mkdirSync('docs/screenshots', { recursive: true });
  copyFileSync(path, `docs/screenshots/${name}.png`);
}

/** What a staff console spec works with (staffConsoleSuite). */
export interface StaffSuite {
  /** The API with the demo data; set before the describe block's tests. */
  readonly world: StaffWorld;
  readonly browser: Browser;
  /** A page of its own context; a missing element fails within 10 s, naming the locator. */
  open(viewport?: { width: number; height: number }): Promise<TestPage>;
}

/**
 * Starts the API with the demo data and Chromium before the calling describe block's tests (its
 * own beforeAll hooks run after this one) and stops both after them. `env`: the API's, as startStaffWorld.
 */
export function staffConsoleSuite(options: { env?: Record<string, string> } = {}): StaffSuite {
  const started: { world?: StaffWorld; browser?: Browser } = {};
  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [started.world, started.browser] = await Promise.all([startStaffWorld(options.env), launchBrowser()]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.world?.api.close();
  });
  return {
    get world() {
      return started.world!;
    },
    get browser() {
      return started.browser!;
    },
    async open(viewport = { width: 1366, height: 768 }) {
      const opened = await newPage(started.browser!, { viewport });
      opened.page.setDefaultTimeout(10_000);
      return opened;
    },
  };
}

/** Page errors other than the API's expected refusals (Chromium logs every 4xx as a console error). */
export const unexpected = (errors: string[], ...statuses: number[]) =>
  errors.filter((error) => !statuses.some((status) => error.includes(`the server responded with a status of ${status}`)));
