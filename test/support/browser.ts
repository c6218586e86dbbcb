import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { copyTemplate, dropDatabase } from '../../apps/api/src/testing/databases.js';
import { type ApiClient, createApiClient } from '../../libs/api-client/src/index.js';
import { type ApiProcess, freePort, startApiProcess } from './api-process.js';

/**
 * Browser tests (docs/frontend.md): the built front ends, served by the API started as its own
 * process on a copy of the migrated test database, driven by the machine's Chromium.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A waiting-room TV's browser keeps sound off until the screen is touched (the display shows how):
  // desktop Chromium's policy, said explicitly so that the tests of that hint never depend on what a
  // Chromium build or its headless mode defaults to (`user-gesture-required` would let Web Audio run).
  '--autoplay-policy=document-user-activation-required',
];

/** Debian's Chromium through playwright-core, with a fresh profile. Launch one per test file and reuse it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export const BROWSER_ADMIN = { username: 'admin', password: 'admin-password-for-browser-tests' };

export interface BrowserApi extends ApiProcess {
  databaseUrl: string;
  /** The typed client (libs/api-client) on this API; `loginAsAdmin()` gives it the admin's token. */
  client: ApiClient;
  loginAsAdmin(): Promise<void>;
  /** Stops the API and drops its database. */
  close(): Promise<void>;
}

/**
 * `node dist/apps/api/main.js` (run `npm run build` first: it builds the API and the front ends) on
 * a fresh copy of the migrated template database, no demo data, rate limits off. `fakeNow` pins the
 * clock's start (an ISO instant), e.g. inside opening hours. `port`: when the spec must know the
 * address before the API starts (an OpenID provider's redirect URL: `freePort()` first).
 */
export async function startApiForBrowser(options: { fakeNow?: string; env?: Record<string, string>; port?: number } = {}): Promise<BrowserApi> {
  const server = inject('postgresServerUrl');
  const database = await copyTemplate(server, inject('templateDatabase'));
  const port = options.port ?? (await freePort());
  let api: ApiProcess;
  try {
    api = await startApiProcess(
      ['node', 'dist/apps/api/main.js'],
      {
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        RATE_LIMIT_PER_MINUTE: '0',
        ADMIN_USERNAME: BROWSER_ADMIN.username,
        ADMIN_PASSWORD: BROWSER_ADMIN.password,
        FAKE_NOW: options.fakeNow,
        ...options.env,
      },
      port,
    );
  } catch (error) {
    await dropDatabase(server, database.name);
    throw error;
  }
  let token: string | null = null;
  const client = createApiClient({ baseUrl: api.baseUrl, token: () => token });
  return {
    ...api,
    databaseUrl: database.url,
    client,
    loginAsAdmin: async () => {
      const { data, error } = await client.POST('/api/v1/auth/login', { body: BROWSER_ADMIN });
      if (!data) throw new Error(`Admin login failed: ${JSON.stringify(error)}`);
      token = data.accessToken;
    },
    close: async () => {
      await api.stop();
      await dropDatabase(server, database.name);
    },
  };
}

export interface TestPage {
  page: Page;
  /** Everything the page reports as broken: console errors (CSP violations included) and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A page in a context of its own (fresh storage, Spanish browser locale, a laptop-sized window;
 * axe needs pages made this way), recording its errors.
 */
export async function newPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<TestPage> {
  const context = await browser.newContext({ locale: 'es-CL', viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    // A long-poll still in flight when socket.io upgrades to WebSocket or closes the session is
    // answered 400 ("Session ID unknown") and the browser logs it; the client carries on over the
    // other transport, so it is not a fault of the page (it showed up only under load).
    if (/\/socket\.io\/\?EIO=4&transport=polling&.*&sid=/.test(url) && message.text().includes('status of 400')) return;
    errors.push(`${message.text()} ${url}`.trim());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

export interface AccessibilityViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations of WCAG 2.1 A/AA on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact!, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}

const SCREENSHOTS = resolve('test-output/screenshots');

/** A full-page PNG in test-output/screenshots/<name>.png (git-ignored), for looking at after a run. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
