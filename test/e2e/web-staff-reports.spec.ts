import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, unwrap } from '../../libs/api-client/src/index.js';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, documented, logIn, staffConsoleSuite } from './web-staff-support.js';

/** Reports (issue #9) in the staff console: figures of a small day served under FAKE_NOW, the CSV, the yearly public account. */
describe('the staff console: reports and the yearly public account', () => {
  const suite = staffConsoleSuite();
  const served: string[] = [];

  beforeAll(async () => {
    // The day's fixture, through the API as the kiosk and an agent would: five walk-ins, three served, one no-show.
    const agent: ApiClient = await suite.world.as(DEMO.agent1);
    const counters = await unwrap(agent.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId: suite.world.officeId } } }));
    const counter = counters.find((c) => c.name === 'Módulo 3')!;
    await unwrap(agent.POST('/api/v1/counters/{counterId}/open', { params: { path: { counterId: counter.id } }, body: {} }));
    const tickets = [];
    for (const [code, preferential] of [['T', false], ['E', true], ['T', false], ['C', false], ['E', false]] as const) {
      tickets.push(
        await unwrap(suite.world.kiosk.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: suite.world.officeId } }, body: { serviceId: suite.world.services[code].id, preferential } })),
      );
    }
    for (let i = 0; i < 4; i += 1) {
      const { data: called } = await agent.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId: counter.id } } });
      const path = { params: { path: { ticketId: called!.id } } };
      if (i === 2) {
        await unwrap(agent.POST('/api/v1/tickets/{ticketId}/no-show', path));
        continue;
      }
      await unwrap(agent.POST('/api/v1/tickets/{ticketId}/start', path));
      await unwrap(agent.POST('/api/v1/tickets/{ticketId}/complete', path));
      served.push(called!.number);
    }
    // Two of the people served answer the survey, one with a comment.
    const byNumber = new Map(tickets.map((t) => [t.number, t]));
    await unwrap(suite.world.kiosk.POST('/api/v1/turns/{trackingCode}/survey', { params: { path: { trackingCode: byNumber.get(served[0])!.trackingCode! } }, body: { rating: 5, comment: 'Muy buena atención, rápida y amable.' } }));
    await unwrap(suite.world.kiosk.POST('/api/v1/turns/{trackingCode}/survey', { params: { path: { trackingCode: byNumber.get(served[1])!.trackingCode! } }, body: { rating: 4 } }));
  });

  async function supervisorPage(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
    const opened = await suite.open();
    await logIn(opened.page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/reports');
    return opened;
  }

  it('shows the figures of the range as a table, charts, heat map and satisfaction, and downloads them as CSV', async () => {
    const { page, errors, close } = await supervisorPage();
    await page.getByRole('heading', { name: 'Informes', level: 1 }).waitFor();
    // Default range: this month up to today (the office's, by the API's clock), by day.
    await expect.poll(() => page.getByLabel('Desde').inputValue()).toBe('2026-12-01');
    await expect.poll(() => page.getByLabel('Hasta').inputValue()).toBe('2026-12-01');
    await page.getByTestId('kpi-served').filter({ hasText: /^3$/ }).waitFor();
    await expect.poll(() => page.getByTestId('total-served').textContent()).toBe('3');
    await expect.poll(() => page.getByTestId('total-arrivals').textContent()).toBe('5');
    await page.getByTestId('report-table').getByRole('rowheader', { name: 'mar, 1 dic' }).waitFor();
    // What utilisation measures: the counters' logged sessions (Módulo 3 was opened above), or the old span before the log.
    await page.getByText(/^Ocupación: minutos atendiendo sobre minutos con el módulo abierto/).waitFor();
    await page.getByTestId('heatmap').getByRole('row', { name: /^Martes/ }).waitFor();
    await page.getByTestId('satisfaction-service').getByRole('row', { name: /Prórroga de turismo|Cambio de empleador|Certificado/ }).first().waitFor();
    await page.getByTestId('satisfaction-agent').getByRole('row', { name: /agente1\.elqui/ }).waitFor();
    await page.getByText('Muy buena atención, rápida y amable.').waitFor();
    await page.locator('.recharts-surface').first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('reporte-2026-12-01-2026-12-01-day.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFFecha,Día,Citas reservadas,')).toBe(true);
    expect(csv.split('\r\n')[0]).toContain('Personas atendidas');
    expect(csv).toMatch(/\r\ntotal,Total,/);

    // Another grouping: the filters go to the address (dates and a grouping: nothing personal).
    await page.getByLabel('Agrupar por').selectOption('service');
    await page.getByRole('button', { name: 'Ver informe' }).click();
    await page.getByRole('heading', { name: 'Cifras por trámite' }).waitFor();
    await page.waitForURL((url) => url.search === '?from=2026-12-01&to=2026-12-01&groupBy=service');
    await page.getByTestId('report-table').getByRole('rowheader', { name: 'Prórroga de turismo' }).waitFor();

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await documented(page, 'staff-reports');
    expect(errors).toEqual([]);
    await close();
  }, 45_000);

  it('prints the yearly public account: the year per service, by appointment and walk-in, month by month', async () => {
    const { page, errors, close } = await supervisorPage();
    await page.getByRole('link', { name: 'Cuenta pública del año' }).click();
    await page.getByRole('heading', { name: 'Cuenta pública 2026', level: 1 }).waitFor();
    await page.waitForURL((url) => url.search === '?year=2026');
    await page.getByTestId('year-served').filter({ hasText: /^3$/ }).waitFor();
    await expect.poll(() => page.getByTestId('year-walkIns').textContent()).toBe('3');
    await page.getByTestId('account-services').getByRole('rowheader', { name: 'Prórroga de turismo' }).waitFor();
    const december = page.getByTestId('account-months').getByRole('row', { name: /^diciembre/ });
    await expect.poll(() => december.getByRole('cell').nth(2).textContent()).toBe('3');

    // Printed on A4: the controls and navigation stay off the paper.
    await page.emulateMedia({ media: 'print' });
    await page.getByRole('navigation', { name: 'Secciones' }).waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Imprimir' }).waitFor({ state: 'hidden' });
    await screenshot(page, 'staff-cuenta-publica-print');
    const pdf = await page.pdf({ format: 'A4', path: 'test-output/staff-cuenta-publica.pdf' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await documented(page, 'staff-cuenta-publica');
    expect(errors).toEqual([]);
    await close();
  }, 45_000);
});
