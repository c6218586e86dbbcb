import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../../libs/api-client/src/index.js';
import { type ApiProcess, freePort, startApiProcess } from '../support/api-process.js';
import { BROWSER_ADMIN, type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';

/** A weekday inside the demo office's hours (Mon–Fri 08:30–14:00, America/Santiago). */
const FAKE_NOW = '2026-12-01T09:00:00-03:00';
/** Instances started later start their clock later too, so calls made on them come after the first's. */
const LATER_NOW = '2026-12-01T09:10:00-03:00';
const FULL_HD = { width: 1920, height: 1080 };
/** Browser tests on a loaded machine; the restart test also starts two API processes. */
const BROWSER_TEST_MS = 45_000;
const RESTART_TEST_MS = 90_000;

/**
 * Replaces the browser's speech synthesis with a recorder that ends each utterance at once, so the
 * test hears what the screen says (window.__spoken) without a voice.
 */
const RECORD_SPEECH = () => {
  const spoken: string[] = [];
  (globalThis as unknown as { __spoken: string[] }).__spoken = spoken;
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    getVoices: () => [],
    cancel: () => undefined,
    speak: (utterance: { text: string; onend: ((event: unknown) => void) | null }) => {
      spoken.push(utterance.text);
      setTimeout(() => utterance.onend?.({ type: 'end' }), 5);
    },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  Object.defineProperty(globalThis, 'speechSynthesis', { value: synth, configurable: true });
};

const spoken = (page: Page) => page.evaluate(() => (globalThis as unknown as { __spoken: string[] }).__spoken.slice());
const announcements = async (page: Page) => Number(await page.locator('main').getAttribute('data-announcements'));
/** The numbers on the screen, top to bottom: the big one, then the previous calls. */
// The nodes' type says what is used: this project's Node typecheck has no DOM lib (and @types/react's empty Element).
const numbersOnScreen = (page: Page) =>
  page.locator('[data-number]').evaluateAll((nodes: { getAttribute(name: string): string | null }[]) => nodes.map((node) => node.getAttribute('data-number')));

/** A staff member's typed client. */
async function staffClient(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  let token: string | null = null;
  const client = createApiClient({ baseUrl, token: () => token });
  const { data, error } = await client.POST('/api/v1/auth/login', { body: { username, password } });
  if (!data) throw new Error(`Login of ${username} failed: ${JSON.stringify(error)}`);
  token = data.accessToken;
  return client;
}

/** The waiting-room screen (`/display?office=…`), live, in real Chromium against the API process. */
describe('the waiting-room screen', () => {
  let api: BrowserApi;
  let browser: Browser;
  let agent: ApiClient;
  let officeId: string;
  let counters: Map<string, string>;
  let services: Map<string, string>;
  const extraProcesses: ApiProcess[] = [];

  /** The same API again, on the same database (another port unless given). */
  async function startAnotherInstance(port?: number): Promise<ApiProcess> {
    const instancePort = port ?? (await freePort());
    const env = {
      DATABASE_URL: api.databaseUrl,
      PORT: String(instancePort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      ADMIN_USERNAME: BROWSER_ADMIN.username,
      ADMIN_PASSWORD: BROWSER_ADMIN.password,
      FAKE_NOW: LATER_NOW,
    };
    const instance = await startApiProcess(['node', 'dist/apps/api/main.js'], env, instancePort);
    extraProcesses.push(instance);
    return instance;
  }

  async function issueWalkIn(serviceCode: string, baseUrl = api.baseUrl): Promise<string> {
    const { data, error } = await createApiClient({ baseUrl }).POST('/api/v1/offices/{officeId}/tickets', {
      params: { path: { officeId } },
      body: { serviceId: services.get(serviceCode)! },
    });
    if (!data) throw new Error(`Walk-in failed: ${JSON.stringify(error)}`);
    return data.number;
  }

  beforeAll(async () => {
    if (!existsSync('dist/apps/kiosk-display/display.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
    const { data: offices } = await api.client.GET('/api/v1/offices');
    officeId = offices!.find((office) => office.name.includes('Extranjería'))!.id;
    agent = await staffClient(api.baseUrl, 'agente1.elqui', 'demo-agente1-2026');
    const [{ data: counterList }, { data: serviceList }] = await Promise.all([
      agent.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId } } }),
      agent.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } }),
    ]);
    counters = new Map(counterList!.map((counter) => [counter.name, counter.id]));
    services = new Map(serviceList!.map((service) => [service.code, service.id]));
  });
  afterAll(async () => {
    await browser?.close();
    for (const instance of extraProcesses) await instance.stop();
    await api?.close();
  });

  async function openScreen(office = officeId, viewport = FULL_HD) {
    const opened = await newPage(browser, { viewport });
    await opened.page.addInitScript(RECORD_SPEECH);
    await opened.page.goto(`${api.baseUrl}/display?office=${office}`);
    return opened;
  }

  it('shows a call within a second and says it, announces a recall again, and after a server restart shows the queue as it is', async () => {
    const { page, errors, close } = await openScreen();
    await page.locator('[data-status="connected"]').waitFor({ timeout: 5_000 });
    await page.getByRole('heading', { name: 'Gobernación Provincial de Elqui – Extranjería' }).waitFor();
    await page.getByText('Toque la pantalla para activar el sonido').waitFor();
    await page.mouse.click(960, 540);
    await page.locator('main[data-sound="on"]').waitFor();
    await page.getByText('Toque la pantalla para activar el sonido').waitFor({ state: 'detached' });

    const number = await issueWalkIn('T');
    await page.getByText('Personas en espera: 1').waitFor();
    const counterId = counters.get('Módulo 3')!;
    await agent.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId } }, body: {} });
    const calledAt = Date.now();
    const { data: called } = await agent.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId } } });
    expect(called!.number).toBe(number);
    await page.locator(`.display-current-call[data-number="${number}"]`).waitFor({ timeout: 1_000 });
    expect(Date.now() - calledAt).toBeLessThan(1_000);
    await page.getByRole('status').filter({ hasText: `Número T 1, Módulo 3` }).waitFor();
    await expect.poll(() => spoken(page), { timeout: 5_000 }).toEqual(['Número T uno, módulo tres']);
    await expect.poll(() => page.locator('.display-current-counter').textContent()).toBe('Diríjase a Módulo 3');
    await page.getByText('Personas en espera: 0').waitFor();
    // Numbers and counters only.
    await expect.poll(() => page.locator('body').textContent()).not.toMatch(/RUT|\d{1,2}\.\d{3}\.\d{3}-/);

    // A recall is announced again: once more on the counter, the live region, and the voice.
    await page.locator('.is-announcing').waitFor({ state: 'detached', timeout: 5_000 });
    const before = await announcements(page);
    await agent.POST('/api/v1/tickets/{ticketId}/recall', { params: { path: { ticketId: called!.id } } });
    await page.locator(`main[data-announcements="${before + 1}"]`).waitFor({ timeout: 2_000 });
    await page.getByRole('status').filter({ hasText: 'Llamado otra vez: número T 1, Módulo 3' }).waitFor();
    await expect.poll(() => spoken(page), { timeout: 5_000 }).toEqual(['Número T uno, módulo tres', 'Número T uno, módulo tres']);

    // The server goes away; meanwhile another instance (no Redis: its calls never reach this
    // screen as events) changes the queue. When the server is back, the screen redraws from the snapshot.
    const port = Number(new URL(api.baseUrl).port);
    const other = await startAnotherInstance();
    await api.stop();
    await page.locator('[data-status="reconnecting"]').waitFor({ timeout: 5_000 });
    await page.getByText('Sin conexión').waitFor();
    const next = await issueWalkIn('E', other.baseUrl);
    await issueWalkIn('C', other.baseUrl);
    await issueWalkIn('C', other.baseUrl);
    const counter4 = counters.get('Módulo 4')!;
    const otherAgent = await staffClient(other.baseUrl, 'agente1.elqui', 'demo-agente1-2026');
    await otherAgent.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId: counter4 } }, body: { serviceIds: [services.get('E')!] } });
    await otherAgent.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId: counter4 } } });

    const spokenBefore = (await spoken(page)).length;
    await startAnotherInstance(port);
    await page.locator('[data-status="connected"]').waitFor({ timeout: 15_000 });
    const { data: queue } = await agent.GET('/api/v1/offices/{officeId}/queue', { params: { path: { officeId } } });
    expect(queue!.called.map((ticket) => ticket.number)).toEqual([next, number]);
    await page.getByText(`Personas en espera: ${queue!.waiting.length}`).waitFor();
    expect(queue!.waiting.length).toBe(2);
    await expect.poll(() => numbersOnScreen(page)).toEqual(queue!.called.map((ticket) => ticket.number));
    await expect.poll(() => page.locator('.display-current-counter').textContent()).toBe('Diríjase a Módulo 4');
    // Redrawn, not announced: what happened while away is not called out late.
    expect((await spoken(page)).length).toBe(spokenBefore);
    expect(errors.filter((error) => !/ERR_CONNECTION_REFUSED|socket\.io/.test(error))).toEqual([]);
    await close();
  }, RESTART_TEST_MS);

  it('loses no call when five arrive within 100 ms: all five on screen at once, then announced one by one', async () => {
    await api.loginAsAdmin();
    const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((day) => [day, [{ start: '08:00', end: '18:00' }]]));
    const { data: office } = await api.client.POST('/api/v1/offices', { body: { name: 'Oficina de prueba', timeZone: 'America/Santiago', openingHours: weekdays } });
    const { data: service } = await api.client.POST('/api/v1/offices/{officeId}/services', {
      params: { path: { officeId: office!.id } },
      body: { code: 'W', name: 'Trámite rápido', mode: 'walk_in' },
    });
    const desks = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const { data } = await api.client.POST('/api/v1/offices/{officeId}/counters', { params: { path: { officeId: office!.id } }, body: { name: `Módulo ${n}`, serviceIds: [service!.id] } });
        return data!.id;
      }),
    );
    await api.client.POST('/api/v1/staff', { body: { username: 'cajero.pantalla', password: 'cajero-pantalla-2026', role: 'agent', officeId: office!.id } });
    const cashier = await staffClient(api.baseUrl, 'cajero.pantalla', 'cajero-pantalla-2026');
    for (let i = 0; i < 5; i++) {
      await createApiClient({ baseUrl: api.baseUrl }).POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: office!.id } }, body: { serviceId: service!.id } });
    }
    await Promise.all(desks.map((counterId) => cashier.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId } }, body: {} })));

    const { page, errors, close } = await openScreen(office!.id);
    await page.locator('[data-status="connected"]').waitFor({ timeout: 5_000 });
    await page.getByText('Personas en espera: 5').waitFor();
    await page.mouse.click(960, 540);
    await page.locator('main[data-sound="on"]').waitFor();

    const calls = await Promise.all(desks.map((counterId) => cashier.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId } } })));
    const numbers = calls.map(({ data }) => data!.number);
    expect(new Set(numbers).size).toBe(5);
    await page.locator('[data-number]').nth(4).waitFor({ timeout: 1_000 });
    await expect.poll(async () => (await numbersOnScreen(page)).sort()).toEqual([...numbers].sort());

    await expect.poll(async () => (await spoken(page)).length, { timeout: 15_000 }).toBe(5);
    await page.locator('.is-announcing').waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(() => announcements(page)).toBe(5);
    const said = await spoken(page);
    expect(said.map((text) => /^Número W (uno|dos|tres|cuatro|cinco), módulo (uno|dos|tres|cuatro|cinco)$/.test(text))).toEqual(Array(5).fill(true));
    expect(new Set(said).size).toBe(5);
    await page.getByText('Personas en espera: 0').waitFor();

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'display-1080p');
    expect(errors).toEqual([]);
    await close();

    const portrait = await openScreen(office!.id, { width: 1080, height: 1920 });
    await portrait.page.locator('[data-status="connected"]').waitFor({ timeout: 5_000 });
    await portrait.page.locator('[data-number]').nth(4).waitFor();
    await screenshot(portrait.page, 'display-portrait');
    await portrait.close();
  }, BROWSER_TEST_MS);

  it('says clearly when the office is missing or unknown', async () => {
    for (const [query, message] of [
      ['?office=00000000-0000-4000-8000-000000000000', 'Esta oficina no existe'],
      ['', 'Falta la oficina'],
    ]) {
      const { page, errors, close } = await newPage(browser);
      await page.goto(`${api.baseUrl}/display${query}`);
      await page.getByRole('alert').filter({ hasText: message }).waitFor({ timeout: 5_000 });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    }
  }, BROWSER_TEST_MS);
});
