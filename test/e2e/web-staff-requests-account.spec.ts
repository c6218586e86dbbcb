import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, unwrap } from '../../libs/api-client/src/index.js';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, staffConsoleSuite } from './web-staff-support.js';

/**
 * The requests section of the printable yearly public account (issue #17), on requests registered
 * through the staff API under the staff clock (Tuesday 1 December 2026): two complaints (one
 * answered the same day, 0 working days, within its deadline), a request and a suggestion.
 */
describe('the staff console: requests in the yearly public account', () => {
  const suite = staffConsoleSuite();

  beforeAll(async () => {
    const officeId = suite.world.officeId;
    const supervisor: ApiClient = await suite.world.as(DEMO.supervisor);
    const agent: ApiClient = await suite.world.as(DEMO.agent1);
    const topic = await unwrap(
      supervisor.POST('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId } }, body: { name: 'Cuenta pública de solicitudes (e2e)', sortOrder: 1 } }),
    );
    const register = (kind: 'complaint' | 'request' | 'suggestion', channel: 'phone' | 'counter' | 'letter', phone: string) =>
      unwrap(
        agent.POST('/api/v1/offices/{officeId}/requests', {
          params: { path: { officeId } },
          body: { kind, topicId: topic.id, channel, description: 'Solicitud de prueba de la cuenta pública', contact: { phone } },
        }),
      );
    const answered = await register('complaint', 'phone', '+56911120001');
    await register('complaint', 'counter', '+56911120002');
    await register('request', 'letter', '+56911120003');
    await register('suggestion', 'phone', '+56911120004');
    await unwrap(agent.POST('/api/v1/requests/by-id/{requestId}/answer', { params: { path: { requestId: answered.id } }, body: { text: 'Se revisó el caso y se corrigió.' } }));
  });

  it('shows the year’s requests by kind and month with the share on time and the median working days, and says so for a year without any; axe finds nothing serious', async () => {
    const { page, errors, close } = await suite.open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/reports/cuenta-publica?year=2026');
    await page.getByRole('heading', { name: 'Cuenta pública 2026', level: 1 }).waitFor();
    const section = page.getByTestId('account-requests');
    await section.getByRole('heading', { name: 'Solicitudes, reclamos y sugerencias', level: 2 }).waitFor();

    // The year's totals: 4 filed, 1 answered (on time, the same day), 3 still open, nothing rated.
    await expect.poll(() => section.getByTestId('year-requests-received').textContent()).toBe('4');
    await expect.poll(() => section.getByTestId('year-requests-answered').textContent()).toBe('1');
    await expect.poll(() => section.getByTestId('year-requests-open').textContent()).toBe('3');
    await expect.poll(() => section.getByTestId('year-requests-onTime').textContent()).toMatch(/^100\s?%$/);
    await expect.poll(() => section.getByTestId('year-requests-median').textContent()).toBe('0');
    await expect.poll(() => section.getByTestId('year-requests-rating').textContent()).toBe('—');

    // Per kind, the four always, with a caption; the cells: filed, answered, open, on time, median, rating.
    const kinds = section.getByRole('table', { name: 'Solicitudes de 2026 por tipo' });
    const row = (table: typeof kinds, name: RegExp) => table.getByRole('row', { name }).getByRole('cell').allTextContents();
    // Chromium's es-CL percent has no space ("100%"); ICU versions differ, so any space before % is dropped.
    const cells = (values: string[]) => values.map((value) => value.replace(/\s+%/, '%'));
    await expect.poll(async () => cells(await row(kinds, /^Reclamo\b/))).toEqual(['2', '1', '1', '100%', '0', '—']);
    await expect.poll(async () => cells(await row(kinds, /^Consulta o solicitud\b/))).toEqual(['1', '0', '1', '—', '—', '—']);
    await expect.poll(async () => cells(await row(kinds, /^Sugerencia\b/))).toEqual(['1', '0', '1', '—', '—', '—']);
    await expect.poll(async () => cells(await row(kinds, /^Felicitación\b/))).toEqual(['0', '0', '0', '—', '—', '—']);
    await expect.poll(async () => cells(await row(kinds, /^Total\b/))).toEqual(['4', '1', '3', '100%', '0', '—']);

    // Per month of filing: all twelve, December holds them.
    const months = section.getByRole('table', { name: 'Solicitudes de 2026 por mes de ingreso' });
    await expect.poll(() => months.locator('tbody tr').count()).toBe(12);
    await expect.poll(async () => cells(await row(months, /^diciembre\b/))).toEqual(['4', '1', '3', '100%', '0', '—']);
    await expect.poll(async () => cells(await row(months, /^noviembre\b/))).toEqual(['0', '0', '0', '—', '—', '—']);
    await expect.poll(async () => cells(await row(months, /^Total\b/))).toEqual(['4', '1', '3', '100%', '0', '—']);

    // On paper too (the controls are hidden, the section stays); the picture goes to test-output only.
    await page.emulateMedia({ media: 'print' });
    await page.getByRole('button', { name: 'Imprimir' }).waitFor({ state: 'hidden' });
    await section.getByRole('heading', { name: 'Solicitudes, reclamos y sugerencias' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'staff-cuenta-publica-solicitudes-print');
    await page.emulateMedia({ media: 'screen' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A year without requests says so instead of empty tables.
    await page.getByLabel('Año', { exact: true }).fill('2025');
    await page.getByRole('button', { name: 'Ver', exact: true }).click();
    await page.getByRole('heading', { name: 'Cuenta pública 2025', level: 1 }).waitFor();
    await expect.poll(() => section.getByTestId('account-requests-none').textContent()).toBe('En 2025 no se ingresaron solicitudes, reclamos, sugerencias ni felicitaciones.');
    await expect.poll(() => section.getByRole('table').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
