import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../libs/api-client/src/index.js';
import { screenshot, seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, staffConsoleSuite, unexpected } from './web-staff-support.js';

const PERSON = { fullName: 'Olga Reclamo Vera', email: 'olga.reclamo@example.cl', phone: '+56912345678' };
const COMPLAINT = 'Pagué el permiso de circulación en marzo y el sistema dice que está impago. Adjunto el comprobante por correo.';
const QUESTION = 'Por favor indique el número de la transacción que aparece en su comprobante.';
const REPLY = 'El número de la transacción es 0048-2231.';
const ANSWER = 'Revisamos el pago: estaba registrado con otra patente. Ya quedó corregido y su permiso figura pagado.';
const NOTE = 'Revisar con Tesorería el pago de marzo.';
/** A 1×1 PNG: the API checks the file's type from its first bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A date as the console writes it (es-CL, medium): "23-12-2026". */
const shownDate = (date: string) => new Intl.DateTimeFormat('es-CL', { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(`${date}T12:00:00Z`));

/**
 * The staff console's "Solicitudes" (issue #17): an agent registers a complaint received by phone,
 * takes it (a colleague took it first: the 409 is said and the page shows who has it, then the
 * agent takes it over), adds an internal note, asks the person for more information (the deadline
 * pauses), the person replies through the public API, the agent answers and closes. The timeline
 * shows every step with who; the public lookup never shows the note.
 */
describe('the staff console: requests and complaints', { timeout: 180_000 }, () => {
  const suite = staffConsoleSuite();

  it('an agent registers a complaint by phone, takes it, asks, reads the reply, answers and closes it', async () => {
    const { world } = suite;
    const supervisor = await world.as(DEMO.supervisor);
    const colleague = await world.as(DEMO.agent2);
    // A topic of its own, whatever the demo catalogue holds.
    const topic = await unwrap(
      supervisor.POST('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId: world.officeId } }, body: { name: 'Permisos de circulación (prueba)', sortOrder: 99 } }),
    );

    const { page, errors, close } = await suite.open({ width: 1366, height: 900 });
    try {
      await logIn(page, world.api.baseUrl, DEMO.agent1);
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Solicitudes', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Solicitudes' }).waitFor();

      // Registered on the person's behalf: the channel is required, then the code to tell them.
      await page.getByRole('link', { name: 'Registrar solicitud' }).click();
      await page.getByRole('heading', { level: 1, name: 'Registrar solicitud' }).waitFor();
      await page.getByLabel('Llegó por').selectOption({ label: 'Teléfono' });
      await page.getByLabel('Tipo').selectOption({ label: 'Reclamo' });
      await page.getByLabel('Tema').selectOption({ label: topic.name });
      await page.getByLabel('Descripción').fill(COMPLAINT);
      await page.getByLabel('Nombre').fill(PERSON.fullName);
      await page.getByLabel('Correo electrónico').fill(PERSON.email);
      await page.getByLabel('Teléfono').fill(PERSON.phone);
      await page.getByRole('button', { name: 'Registrar solicitud' }).click();
      await page.getByText('Solicitud registrada.').waitFor();
      const codeText = page.getByTestId('registered-code');
      await expect.poll(() => codeText.textContent()).toMatch(/^[0-9A-Z]{10}$/);
      const code = (await codeText.textContent())!;
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      // In the inbox: found by its code, received, nobody's, with its due date.
      await page.getByRole('link', { name: '← Volver a solicitudes' }).click();
      await page.getByLabel('Buscar por código').fill(code.toLowerCase());
      await page.getByRole('button', { name: 'Buscar', exact: true }).click();
      await page.getByRole('heading', { name: `1 solicitud con el código ${code}` }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(code) });
      await row.getByRole('cell', { name: 'Recibida' }).waitFor();
      await row.getByRole('cell', { name: 'Sin asignar' }).waitFor();
      const registered = await unwrap(
        supervisor.GET('/api/v1/offices/{officeId}/requests', { params: { path: { officeId: world.officeId }, query: { q: code } } }),
      );
      expect(registered.items).toHaveLength(1);
      expect(registered.items[0].channel).toBe('phone');
      const requestId = registered.items[0].id;
      await row.getByRole('cell', { name: `Vence el ${shownDate(registered.items[0].dueDate)}` }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await row.getByRole('link', { name: `Abrir la solicitud ${code}` }).click();
      await page.getByRole('heading', { level: 1, name: `Solicitud ${code}` }).waitFor();
      await page.getByText(COMPLAINT).waitFor();
      await page.getByText(PERSON.email).waitFor();

      // A colleague takes it meanwhile: "Tomar" is refused with who has it, and the page shows them.
      const me = await unwrap(colleague.GET('/api/v1/auth/me'));
      await unwrap(colleague.POST('/api/v1/requests/by-id/{requestId}/assign', { params: { path: { requestId } }, body: { staffUserId: me.id, expectedAssigneeId: null } }));
      await page.getByRole('button', { name: 'Tomar' }).click();
      await page.getByRole('alert').filter({ hasText: 'Otra persona tomó esta solicitud antes que usted. La pantalla se actualizó: ahora la tiene agente2.elqui.' }).waitFor();
      await expect.poll(() => page.getByTestId('request-assignee').textContent()).toBe('agente2.elqui');
      // Now knowing who has it, the agent takes it over.
      await page.getByRole('button', { name: 'Tomar' }).click();
      await page.getByText('Solicitud asignada a agente1.elqui.').waitFor();
      await expect.poll(() => page.getByTestId('request-assignee').textContent()).toBe('agente1.elqui');
      await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('En curso');

      // An internal note, marked as such.
      await page.getByRole('button', { name: 'Agregar nota interna' }).click();
      await page.getByLabel('Nota', { exact: true }).fill(NOTE);
      await page.getByRole('button', { name: 'Guardar nota' }).click();
      await page.getByText('Nota interna agregada.').waitFor();
      const timeline = page.getByTestId('request-timeline');
      await timeline.locator('li[data-event="note"]').getByText('Nota interna (no visible para la persona)').waitFor();
      await timeline.locator('li[data-event="assigned"]').last().getByText('No visible para la persona').waitFor();

      // Ask for more information: the deadline pauses, and the page says so.
      await page.getByRole('button', { name: 'Pedir más información' }).click();
      await page.getByText('El plazo se detiene hasta que responda.', { exact: false }).first().waitFor();
      await page.getByLabel('Qué necesita saber').fill(QUESTION);
      await page.getByRole('button', { name: 'Enviar pregunta y detener el plazo' }).click();
      await page.getByText('Se pidió más información a la persona. El plazo queda detenido hasta que responda.').waitFor();
      await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('Esperando a la persona');
      await page.getByText('el plazo está detenido hasta que responda en la página de seguimiento', { exact: false }).waitFor();

      // The person replies on the tracking page (its API); the agent refreshes and reads it.
      await unwrap(world.kiosk.POST('/api/v1/requests/reply', { body: { code, contact: PERSON.email, text: REPLY } }));
      await page.getByRole('button', { name: 'Actualizar' }).click();
      await timeline.locator('li[data-event="replied"]').getByText(REPLY).waitFor();
      await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('En curso');

      // Answer, then close.
      await page.getByRole('button', { name: 'Responder' }).click();
      await page.getByLabel('Respuesta', { exact: true }).fill(ANSWER);
      await page.getByRole('button', { name: 'Enviar respuesta' }).click();
      await page.getByText('Respuesta enviada a la persona.').waitFor();
      await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('Respondida');
      await expect.poll(() => page.getByTestId('request-answer').textContent()).toBe(ANSWER);
      await page.getByText(/Respondida el .*: dentro del plazo\./).waitFor();
      await page.getByRole('button', { name: 'Cerrar solicitud' }).click();
      await page.getByText('Solicitud cerrada.').waitFor();
      await expect.poll(() => page.getByTestId('request-status').textContent()).toBe('Cerrada');

      // Every step, in order, with who did it.
      const steps = () => timeline.locator('li').evaluateAll((items: { getAttribute(name: string): string | null; querySelector(selector: string): { textContent: string | null } | null }[]) => items.map((item) => `${item.getAttribute('data-event')}: ${item.querySelector('.staff-timeline-head')?.textContent ?? ''}`));
      await expect.poll(steps).toEqual([
        expect.stringMatching(/^filed: Ingresó · agente1\.elqui · /),
        expect.stringMatching(/^assigned: Tomó la solicitud · agente2\.elqui · /),
        expect.stringMatching(/^assigned: Tomó la solicitud · agente1\.elqui · /),
        expect.stringMatching(/^note: Nota interna · agente1\.elqui · /),
        expect.stringMatching(/^asked: Pidió más información · agente1\.elqui · /),
        expect.stringMatching(/^replied: La persona respondió · La persona · /),
        expect.stringMatching(/^answered: Respondida · agente1\.elqui · /),
        expect.stringMatching(/^closed: Cerrada · agente1\.elqui · /),
      ]);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-request-detail');

      // The person's view has the question, reply and answer, never the note.
      const lookup = JSON.stringify(await unwrap(world.kiosk.POST('/api/v1/requests/lookup', { body: { code, contact: PERSON.email } })));
      expect(lookup).toContain(ANSWER);
      expect(lookup).toContain(QUESTION);
      expect(lookup).not.toContain(NOTE);

      // Back in the inbox, closed.
      await page.getByRole('link', { name: '← Volver a solicitudes' }).click();
      await page.getByLabel('Estado').selectOption({ label: 'Cerrada' });
      await page.getByRole('row', { name: new RegExp(code) }).getByRole('cell', { name: 'Cerrada' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-requests-inbox');
      expect(unexpected(errors, 409)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a supervisor adds and deactivates a topic and sets the kinds' deadlines in working days", async () => {
    const { world } = suite;
    const publicTopics = async () => (await unwrap(world.kiosk.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId: world.officeId } } }))).map((t) => t.name);
    const { page, errors, close } = await suite.open();
    try {
      await logIn(page, world.api.baseUrl, DEMO.supervisor);
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Solicitudes', exact: true }).click();
      await page.getByRole('link', { name: 'Temas y plazos' }).click();
      await page.getByRole('heading', { level: 1, name: 'Temas y plazos de solicitudes' }).waitFor();

      await page.getByRole('button', { name: 'Nuevo tema' }).click();
      await page.getByLabel('Nombre', { exact: true }).fill('Subsidio habitacional (prueba)');
      await page.getByLabel('Nombre en inglés').fill('Housing subsidy (test)');
      await page.getByRole('button', { name: 'Guardar cambios' }).click();
      await page.getByText('Se guardó «Subsidio habitacional (prueba)».').waitFor();
      const row = page.getByRole('row', { name: /Subsidio habitacional \(prueba\)/ });
      await row.getByRole('cell', { name: 'Housing subsidy (test)' }).waitFor();
      await row.getByRole('cell', { name: 'Activo', exact: true }).waitFor();
      await expect.poll(publicTopics).toContain('Subsidio habitacional (prueba)');

      // Deactivated: no longer offered to the public, still listed here.
      await row.getByRole('button', { name: 'Editar Subsidio habitacional (prueba)' }).click();
      await page.getByRole('checkbox', { name: /Activo/ }).uncheck();
      await page.getByRole('button', { name: 'Guardar cambios' }).click();
      await row.getByRole('cell', { name: 'Inactivo' }).waitFor();
      await expect.poll(publicTopics).not.toContain('Subsidio habitacional (prueba)');

      // The complaint's deadline in working days; the other kinds keep theirs.
      const complaint = page.getByLabel('Reclamo', { exact: true });
      await complaint.fill('20');
      await page.getByRole('button', { name: 'Guardar plazos' }).click();
      await page.getByText('Plazos guardados.').waitFor();
      const deadlines = async () => (await unwrap(world.kiosk.GET('/api/v1/offices/{officeId}', { params: { path: { officeId: world.officeId } } }))).requestDeadlineDays;
      await expect.poll(deadlines).toEqual({ request: 10, complaint: 20, suggestion: 10, commendation: 10 });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'staff-request-settings');
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an agent downloads the photo a person attached to a complaint filed on the booking site', async () => {
    const { world } = suite;
    const topics = await unwrap(world.kiosk.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId: world.officeId } } }));
    const form = new FormData();
    form.set('officeId', world.officeId);
    form.set('kind', 'complaint');
    form.set('topicId', topics[0].id);
    form.set('description', 'La vereda frente a la oficina está rota: adjunto una foto.');
    form.set('contact.email', 'pedro.foto@example.cl');
    form.append('attachments', new Blob([PNG], { type: 'image/png' }), 'vereda.png');
    const response = await fetch(`${world.api.baseUrl}/api/v1/requests`, { method: 'POST', body: form });
    expect(response.status).toBe(201);
    const { code } = (await response.json()) as { code: string };

    const { page, errors, close } = await suite.open();
    try {
      await logIn(page, world.api.baseUrl, DEMO.agent1);
      await page.goto(`${world.api.baseUrl}/staff/requests?kind=complaint&channel=web`);
      await page.getByRole('row', { name: new RegExp(code) }).getByRole('cell', { name: 'Sitio web', exact: false }).waitFor();
      await page.getByRole('link', { name: `Abrir la solicitud ${code}` }).click();
      await page.getByRole('heading', { level: 1, name: `Solicitud ${code}` }).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar vereda.png' }).click()]);
      expect(download.suggestedFilename()).toBe('vereda.png');
      const path = await download.path();
      expect(Buffer.compare(readFileSync(path), PNG)).toBe(0);
      expect(unexpected(errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});
