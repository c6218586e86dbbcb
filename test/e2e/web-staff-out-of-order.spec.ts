import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../libs/api-client/src/index.js';
import { seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, documented, logIn, shown, staffConsoleSuite, unexpected } from './web-staff-support.js';

const DESK_PC = { width: 1366, height: 768 };

/** A ticket number as a screen reader hears it ("T-003" → "T 3"), as in the buttons' names. */
const spoken = (number: string) => number.replace(/^([A-Z]+)-0*(\d+)$/, '$1 $2');

/** Calling a specific ticket out of order (issue #6) in Chromium: the grant on the accounts page, the call at the desk. */
describe('the staff console: calling a ticket out of order', () => {
  const suite = staffConsoleSuite();

  const open = () => suite.open(DESK_PC);

  const issueWalkIn = (code: string) =>
    unwrap(suite.world.kiosk.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: suite.world.officeId } }, body: { serviceId: suite.world.services[code].id } }));

  /** The 'called' events of a ticket, read from the database. */
  async function calledEvents(ticketId: string) {
    const db = new pg.Client({ connectionString: suite.world.api.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ agent_id: string; counter_id: string; details: Record<string, unknown> }>(
        `SELECT agent_id, counter_id, details FROM ticket_events WHERE ticket_id = $1 AND type = 'called' ORDER BY at`,
        [ticketId],
      );
      return rows;
    } finally {
      await db.end();
    }
  }

  it('a supervisor lets an agent call out of order; the agent calls the third in line, recorded with the two passed over', async () => {
    // The supervisor grants the permission on the accounts page.
    const supervisor = await open();
    await logIn(supervisor.page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/accounts');
    await supervisor.page.getByRole('heading', { name: 'Cuentas del personal' }).waitFor();
    await supervisor.page.getByRole('row', { name: /^agente1\.elqui agente Activo No / }).waitFor();
    await supervisor.page.getByRole('row', { name: /^supervisora\.elqui supervisor\(a\) Activo Sí, por su perfil / }).waitFor();
    await supervisor.page.getByRole('button', { name: 'Editar agente1.elqui' }).click();
    const permission = supervisor.page.getByRole('checkbox', { name: /Puede llamar fuera de orden/ });
    await expect.poll(() => permission.isChecked()).toBe(false);
    await permission.check();
    expect(await seriousAccessibilityViolations(supervisor.page)).toEqual([]);
    await supervisor.page.getByRole('button', { name: 'Guardar cambios' }).click();
    await supervisor.page.getByText('Se guardó «agente1.elqui».').waitFor();
    await supervisor.page.getByRole('row', { name: /^agente1\.elqui agente Activo Sí / }).waitFor();
    const agentApi = await suite.world.as(DEMO.agent1);
    const agent = await unwrap(agentApi.GET('/api/v1/auth/me'));
    expect(agent.canCallOutOfOrder).toBe(true);
    expect(supervisor.errors).toEqual([]);
    await supervisor.close();

    // Three people in line for the same procedure.
    const first = await issueWalkIn('T');
    const second = await issueWalkIn('T');
    const third = await issueWalkIn('T');

    const { page, errors, close } = await open();
    await logIn(page, suite.world.api.baseUrl, DEMO.agent1, '/staff/desk');
    await page.getByRole('radio', { name: /^Módulo 3/ }).check();
    await page.getByRole('button', { name: 'Abrir Módulo 3' }).click();
    await page.getByRole('heading', { name: 'Mi módulo: Módulo 3' }).waitFor();
    await page.locator('[data-status="connected"]').waitFor();
    await page.getByTestId('waiting-count').filter({ hasText: /^3$/ }).waitFor();
    const waiting = page.getByTestId('waiting-table');
    await expect.poll(() => waiting.getByRole('button', { name: /^Llamar ahora/ }).count()).toBe(3);

    // Keyboard: Enter on the third's button asks first, saying whom it passes over; Escape says no.
    const callThird = waiting.getByRole('button', { name: `Llamar ahora: número ${spoken(third.number)}` });
    await callThird.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `¿Llamar ahora al número ${shown(third.number)}?` });
    await dialog.getByText('Hay 2 personas antes que este número en la fila de su módulo: seguirán esperando.').waitFor();
    const focused = () => page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''");
    await expect.poll(focused).toBe('Cancelar');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe(`Llamar ahora: número ${spoken(third.number)}`);
    expect(await calledEvents(third.id)).toEqual([]);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await documented(page, 'staff-call-now');
    await dialog.getByRole('button', { name: 'Sí, llamar ahora' }).click();
    await page.getByText(`Llamó al número ${shown(third.number)} fuera de orden.`).waitFor();
    await expect.poll(() => page.locator('.staff-current-number').textContent()).toBe(shown(third.number));
    // The counter is busy now: no more "Call now" until it is free; the focus is on the next step.
    await page.waitForFunction("document.activeElement?.textContent === 'Comenzar atención'", undefined, { timeout: 5_000 });
    await page.getByTestId('waiting-count').filter({ hasText: /^2$/ }).waitFor();
    await expect.poll(() => waiting.getByRole('button', { name: /^Llamar ahora/ }).count()).toBe(0);

    const [event] = await calledEvents(third.id);
    expect(event.agent_id).toBe(agent.id);
    expect(event.details).toMatchObject({
      outOfOrder: true,
      calledBy: { id: agent.id, username: DEMO.agent1.username, role: 'agent' },
      passedOver: [
        { id: first.id, number: first.number, reason: 'arrival_order' },
        { id: second.id, number: second.number, reason: 'arrival_order' },
      ],
    });
    expect((event.details.passedOver as unknown[]).length).toBe(2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Comenzar atención' }).click();
    await page.getByRole('button', { name: 'Terminar atención' }).click();
    await page.getByText(`Número ${shown(third.number)} atendido.`).waitFor();
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('an agent without the permission sees no "Llamar ahora"; a ticket taken meanwhile and a withdrawn permission are explained', async () => {
    // What this test needs, whatever ran before it: agent one may call out of order, and two more people wait.
    const supervisor = await suite.world.as(DEMO.supervisor);
    const agentApi = await suite.world.as(DEMO.agent1);
    const agent = await unwrap(agentApi.GET('/api/v1/auth/me'));
    await unwrap(supervisor.PUT('/api/v1/staff/{id}/permissions', { params: { path: { id: agent.id } }, body: { canCallOutOfOrder: true } }));
    await issueWalkIn('T');
    await issueWalkIn('T');
    const queue = () => unwrap(agentApi.GET('/api/v1/offices/{officeId}/queue', { params: { path: { officeId: suite.world.officeId } } }));
    const line = (await queue()).waiting;
    const count = (n: number) => ({ hasText: new RegExp(`^${n}$`) });

    // Agent two has no permission: the line, but no button.
    const two = await open();
    await logIn(two.page, suite.world.api.baseUrl, DEMO.agent2, '/staff/desk');
    await two.page.getByRole('radio', { name: /^Módulo 4/ }).check();
    await two.page.getByRole('button', { name: /^(Abrir|Atender en) Módulo 4$/ }).click();
    await two.page.locator('[data-status="connected"]').waitFor();
    await two.page.getByTestId('waiting-count').filter(count(line.length)).waitFor();
    await two.page.getByRole('button', { name: 'Llamar siguiente' }).waitFor();
    await expect.poll(() => two.page.getByRole('button', { name: /Llamar ahora/ }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(two.page)).toEqual([]);

    // Agent one (permitted), on another PC: back at Módulo 3, still open and free.
    const one = await open();
    await logIn(one.page, suite.world.api.baseUrl, DEMO.agent1, '/staff/desk');
    await one.page.getByRole('radio', { name: /^Módulo 3/ }).check();
    await one.page.getByRole('button', { name: /^(Abrir|Atender en) Módulo 3$/ }).click();
    await one.page.getByRole('heading', { name: 'Mi módulo: Módulo 3' }).waitFor();
    await one.page.locator('[data-status="connected"]').waitFor();
    const waiting = one.page.getByTestId('waiting-table');
    const [head] = line;

    // Someone else calls the ticket while agent one confirms: INVALID_TRANSITION in plain words.
    await waiting.getByRole('button', { name: `Llamar ahora: número ${spoken(head.number)}` }).click();
    const dialog = one.page.getByRole('dialog', { name: `¿Llamar ahora al número ${shown(head.number)}?` });
    await dialog.getByText('Nadie espera antes que este número en la fila de su módulo.').waitFor();
    await two.page.getByRole('button', { name: 'Llamar siguiente' }).click();
    await two.page.getByText(`Llamó al número ${shown(head.number)}.`).waitFor();
    await dialog.getByRole('button', { name: 'Sí, llamar ahora' }).click();
    await one.page.getByRole('alert').filter({ hasText: 'Ese número ya no está en espera: otro módulo lo llamó' }).waitFor();
    await one.page.getByTestId('waiting-count').filter(count(line.length - 1)).waitFor();

    // The supervisor withdraws the permission meanwhile: FORBIDDEN explained, and the buttons go.
    await unwrap(supervisor.PUT('/api/v1/staff/{id}/permissions', { params: { path: { id: agent.id } }, body: { canCallOutOfOrder: false } }));
    await waiting.getByRole('button', { name: /^Llamar ahora/ }).first().click();
    await one.page.getByRole('dialog').getByRole('button', { name: 'Sí, llamar ahora' }).click();
    await one.page.getByRole('alert').filter({ hasText: 'Su cuenta no tiene permiso para llamar fuera de orden.' }).waitFor();
    await waiting.getByRole('button', { name: /^Llamar ahora/ }).first().waitFor({ state: 'detached' });
    await one.page.getByRole('button', { name: 'Llamar siguiente' }).waitFor({ state: 'visible' });

    expect(unexpected(one.errors, 403, 409)).toEqual([]);
    expect(unexpected(two.errors)).toEqual([]);
    await one.close();
    await two.close();
  }, 60_000);
});
