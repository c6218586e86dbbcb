import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, unwrap } from '../../libs/api-client/src/index.js';
import { seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, staffConsoleSuite } from './web-staff-support.js';

/** The requests and complaints section of the staff reports page (issue #17), on requests registered and answered through the staff API. */
describe('the staff console: requests in the reports', () => {
  const suite = staffConsoleSuite();

  beforeAll(async () => {
    const officeId = suite.world.officeId;
    const supervisor: ApiClient = await suite.world.as(DEMO.supervisor);
    const agent: ApiClient = await suite.world.as(DEMO.agent1);
    const topic = await unwrap(
      supervisor.POST('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId } }, body: { name: 'Informe de solicitudes (e2e)', sortOrder: 1 } }),
    );
    const register = (channel: 'phone' | 'counter', phone: string) =>
      unwrap(
        agent.POST('/api/v1/offices/{officeId}/requests', {
          params: { path: { officeId } },
          body: { kind: 'complaint', topicId: topic.id, channel, description: 'Reclamo de prueba del informe', contact: { phone } },
        }),
      );
    const answered = await register('phone', '+56911110001');
    await register('counter', '+56911110002');
    await unwrap(agent.POST('/api/v1/requests/by-id/{requestId}/answer', { params: { path: { requestId: answered.id } }, body: { text: 'Se corrigió el cobro.' } }));
  });

  it('shows filed and answered requests by kind and channel, the backlog by working days and the CSV; axe finds nothing serious', async () => {
    const { page, errors, close } = await suite.open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/reports');
    const section = page.getByTestId('requests-report');
    await section.getByRole('heading', { name: 'Solicitudes y reclamos' }).waitFor();
    await expect.poll(() => section.getByTestId('requests-received').textContent()).toBe('2');
    await section.getByTestId('requests-byKind').getByRole('row', { name: /^Reclamo 2 1 100\s?%/ }).waitFor();
    await section.getByTestId('requests-byChannel').getByRole('rowheader', { name: 'Teléfono' }).waitFor();
    await section.getByTestId('requests-byChannel').getByRole('rowheader', { name: 'Mesón de atención' }).waitFor();
    await section.getByTestId('requests-byAgent').getByRole('rowheader', { name: 'agente1.elqui' }).waitFor();
    // The one still open was filed today: 0–5 working days.
    await expect.poll(() => section.getByTestId('requests-backlog').getByRole('row', { name: /^0 a 5/ }).textContent()).toMatch(/1$/);

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Descargar solicitudes (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^solicitudes-2026-12-01-2026-12-01\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFAgrupación,Clave,Nombre,Recibidas,')).toBe(true);
    expect(csv).toContain('\r\nTotal,total,Total,2,1,1,1,1,');

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});
