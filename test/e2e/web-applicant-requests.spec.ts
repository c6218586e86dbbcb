import { existsSync, readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { BROWSER_ADMIN, type BrowserApi, launchBrowser, newPage, screenshot, seriousAccessibilityViolations, startApiForBrowser } from '../support/browser.js';
import { DEMO_OFFICE, demoOffice, FAKE_NOW, PHONE } from './web-applicant-support.js';

/**
 * "Solicitudes y reclamos" on the booking site (issue #17) in Chromium on a phone, against the API
 * process with the demo data (its offices have topics) at FAKE_NOW: file a complaint with a photo,
 * get the code and the due date, then follow it at /solicitud/{code} after confirming the email.
 */

/** Chromium logs every 4xx answer; those a test provokes on purpose are not errors of the page. */
const unexpected = (errors: string[], ...statuses: number[]) => errors.filter((e) => !statuses.some((status) => e.includes(`status of ${status} `)));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
/** A real PNG (RGB, 8 bits): a small picture with a red and blue checkerboard. */
function photoPng(size = 16): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(...((x + y) % 2 ? [200, 30, 30] : [30, 30, 200]));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.from(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

describe('requests and complaints on the booking site', { timeout: 90_000 }, () => {
  let api: BrowserApi;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync('dist/apps/web/index.html')) throw new Error('The front ends are not built: run `npm run build` first.');
    [api, browser] = await Promise.all([startApiForBrowser({ fakeNow: FAKE_NOW, env: { SEED_DEMO: 'true' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  async function axe(page: Page, where: string) {
    expect(await seriousAccessibilityViolations(page), where).toEqual([]);
  }

  it('files a complaint with a photo on a phone, then follows it by its code after confirming the email', async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-requests'));
    const email = 'reclamo.persona@example.cl';
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const photo = photoPng();

    await page.goto(`${api.baseUrl}/`);
    await page.getByRole('heading', { level: 2, name: 'Solicitudes y reclamos' }).waitFor();
    await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Solicitudes y reclamos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Solicitudes y reclamos' }).waitFor();
    await axe(page, 'filing form (empty)');

    // Sent empty: the summary names what is missing, each next to its field.
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Revise estos datos:' });
    await summary.getByRole('link', { name: 'Elija la oficina.' }).waitFor();
    await summary.getByRole('link', { name: 'Describa su solicitud.' }).waitFor();
    await axe(page, 'filing form (errors)');

    await page.getByLabel('Oficina').selectOption({ label: DEMO_OFFICE });
    await page.getByRole('radio', { name: 'Reclamo', exact: true }).check();
    await page.getByText('Algo salió mal en la atención o en un trámite').waitFor();
    const topic = page.getByLabel('Tema');
    await topic.locator('option', { hasText: 'Licencias de conducir' }).waitFor({ state: 'attached' });
    await topic.selectOption({ label: 'Licencias de conducir' });
    const description = 'El 20 de noviembre pedí hora para renovar mi licencia y al llegar me dijeron que no había atención, sin aviso previo.';
    await page.getByLabel('Describa su solicitud').fill(description);
    await page.getByTestId('character-count').filter({ hasText: `Quedan ${(5000 - description.length).toLocaleString('es-CL')} caracteres` }).waitFor();

    // A text file named like a picture is refused in the browser, by its content; the photo goes along.
    const files = page.getByLabel('Archivos adjuntos (opcional)');
    await files.setInputFiles({ name: 'nota.png', mimeType: 'image/png', buffer: Buffer.from('esto no es una imagen') });
    await page.getByText('«nota.png» no se puede adjuntar: solo se aceptan PDF, JPEG o PNG.').waitFor();
    await files.setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: photo });
    await page.getByRole('list', { name: '1 archivo elegido' }).getByText('foto.png').waitFor();

    // A complaint needs an email or phone: the hint says so; then the email is given.
    await page.getByText('Escriba un correo o un teléfono (o ambos)').waitFor();
    await page.getByLabel('Nombre (opcional)').fill('Persona Reclamante');
    await page.getByLabel('Correo electrónico').fill(email);
    await axe(page, 'filing form (filled)');
    await screenshot(page, 'web-request-form-phone');
    await page.getByRole('button', { name: 'Enviar solicitud' }).click();

    // The result: the code large with a copy button, the due date in words, the way to follow it.
    await page.getByRole('heading', { level: 1, name: 'Solicitud recibida' }).waitFor();
    const codeText = page.getByTestId('request-code');
    await expect.poll(() => codeText.textContent()).toMatch(/^[A-Z0-9]{10}$/);
    const code = (await codeText.textContent())!;
    const { data: tracked } = await api.client.GET('/api/v1/requests/{code}', { params: { path: { code } } });
    expect(tracked).toMatchObject({ status: 'received', kind: 'complaint' });
    // 15 working days from Tuesday 1 December 2026, skipping weekends and 8 December (a public holiday).
    expect(tracked!.dueDate).toBe('2026-12-23');
    await page.getByTestId('due-date').filter({ hasText: 'Le responderemos a más tardar el miércoles, 23 de diciembre de 2026.' }).waitFor();
    await page.getByRole('button', { name: `Copiar código ${code}` }).waitFor();
    await axe(page, 'filed');
    await screenshot(page, 'web-request-filed-phone');

    await page.getByRole('link', { name: 'Ver el estado de mi solicitud' }).click();
    await page.waitForURL(`${api.baseUrl}/solicitud/${code}`);
    await page.getByRole('heading', { level: 1, name: `Solicitud ${code}` }).waitFor();
    await page.getByTestId('request-status').filter({ hasText: 'Recibida' }).waitFor();
    await page.getByText('Licencias de conducir').waitFor();
    await page.getByTestId('due-date').filter({ hasText: 'miércoles, 23 de diciembre de 2026' }).waitFor();
    // Before the contact is confirmed, nothing of what was written shows.
    await page.getByRole('heading', { name: 'Confirme su correo o teléfono' }).waitFor();
    expect(await page.getByText(description).count()).toBe(0);
    await axe(page, 'tracking (status only)');

    // A wrong email reads like an unknown code; the right one opens the request.
    const contact = page.getByRole('textbox', { name: 'Correo o teléfono' });
    await contact.fill('otra.persona@example.cl');
    await page.getByRole('button', { name: 'Ver mi solicitud' }).click();
    await page.getByText('No encontramos una solicitud con ese código.').waitFor();
    await contact.fill(email);
    await page.getByRole('button', { name: 'Ver mi solicitud' }).click();
    await page.getByRole('heading', { level: 2, name: 'Su solicitud' }).waitFor();
    await page.getByTestId('request-description').filter({ hasText: description }).waitFor();
    const attached = page.getByTestId('request-files');
    await attached.getByText('foto.png').waitFor();
    await axe(page, 'tracking (confirmed)');
    await screenshot(page, 'web-request-tracking-phone');

    // The photo comes back as it was sent, through POST /requests/attachment.
    const [download] = await Promise.all([page.waitForEvent('download'), attached.getByRole('button', { name: 'Descargar foto.png' }).click()]);
    expect(download.suggestedFilename()).toBe('foto.png');
    expect(Buffer.compare(readFileSync(await download.path()), photo)).toBe(0);

    // The contact never went in a URL; the code is the only thing that did.
    expect(requested.filter((url) => url.includes('reclamo.persona') || url.includes(encodeURIComponent(email)))).toEqual([]);
    expect(unexpected(errors, 404)).toEqual([]);
    await close();
  });

  it("answers the office's question with a PDF, then reads the answer and rates it, confirming by phone", async () => {
    const { page, errors, close } = await newPage(browser, { viewport: PHONE });
    onTestFailed(() => void screenshot(page, 'failed-web-applicant-requests-reply'));
    const { office } = await demoOffice(api);
    const json = { 'content-type': 'application/json' };
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${api.baseUrl}/api/v1${path}`, { method: 'POST', headers: { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    // Filed through the API (the form is the test above): a question, with a phone only.
    const { data: topics } = await api.client.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId: office.id } } });
    const topicId = topics!.find((topic) => topic.name === 'Permisos de circulación')!.id;
    const filed = await api.client.POST('/api/v1/requests', {
      body: { officeId: office.id, kind: 'request', topicId, description: '¿Puedo pagar el permiso de circulación en cuotas?', contact: { phone: '9 8765 4321' } },
    });
    expect(filed.response.status).toBe(201);
    const code = filed.data!.code;
    // The staff side through its endpoints (not yet in the typed client when this was written).
    const { body: login } = await post('/auth/login', BROWSER_ADMIN);
    const token = login.accessToken as string;
    const inbox = (await (await fetch(`${api.baseUrl}/api/v1/offices/${office.id}/requests?q=${code}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string }[] };
    const requestId = inbox.items[0].id;
    expect((await post(`/requests/by-id/${requestId}/ask`, { text: '¿Cuál es la patente del vehículo?' }, token)).status).toBe(200);

    // Waiting for the person: the deadline is paused, the question shows once the phone is confirmed (any notation).
    await page.goto(`${api.baseUrl}/solicitud/${code}`);
    await page.getByTestId('request-status').filter({ hasText: 'Esperando su respuesta' }).waitFor();
    await page.getByTestId('due-date').filter({ hasText: 'El plazo está detenido hasta que usted responda.' }).waitFor();
    await page.getByRole('textbox', { name: 'Correo o teléfono' }).fill('+56 9 8765 4321');
    await page.getByRole('button', { name: 'Ver mi solicitud' }).click();
    const question = page.locator('[data-event="asked"]');
    await question.filter({ hasText: '¿Cuál es la patente del vehículo?' }).waitFor();
    await page.getByRole('heading', { name: 'Responder a la oficina' }).waitFor();
    await axe(page, 'tracking (waiting)');

    // The reply with a PDF: the request is back in the office's hands, the reply and its file in the history.
    await page.getByRole('textbox', { name: 'Su respuesta' }).fill('La patente es AB-CD-12.');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await page.getByLabel('Archivos adjuntos (opcional)').setInputFiles({ name: 'padron.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByText('padron.pdf').waitFor();
    await page.getByRole('button', { name: 'Enviar respuesta' }).click();
    await page.getByText('Listo: enviamos su respuesta a la oficina.').waitFor();
    await page.getByTestId('request-status').filter({ hasText: 'En revisión' }).waitFor();
    const reply = page.locator('[data-event="replied"]');
    await reply.filter({ hasText: 'La patente es AB-CD-12.' }).getByRole('button', { name: 'Descargar padron.pdf' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: 'Responder a la oficina' }).count()).toBe(0);

    // Answered: the answer shows, a reply would reopen it, and the answer can be rated once.
    expect((await post(`/requests/by-id/${requestId}/answer`, { text: 'Sí: puede pagarlo en dos cuotas, en marzo y en agosto.' }, token)).status).toBe(200);
    await page.reload();
    await page.getByRole('textbox', { name: 'Correo o teléfono' }).fill('987654321');
    await page.getByRole('button', { name: 'Ver mi solicitud' }).click();
    await page.getByRole('heading', { name: 'Respuesta de la oficina' }).waitFor();
    await page.getByText('Sí: puede pagarlo en dos cuotas, en marzo y en agosto.').first().waitFor();
    await page.getByTestId('request-status').filter({ hasText: 'Respondida' }).waitFor();
    await page.getByRole('heading', { name: '¿Necesita algo más?' }).waitFor();
    await axe(page, 'tracking (answered)');
    await page.getByRole('radio', { name: '5 Muy buena' }).check();
    await page.getByRole('button', { name: 'Enviar evaluación' }).click();
    await page.getByText('Gracias: evaluó la respuesta con un 5 de 5.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Enviar evaluación' }).count()).toBe(0);
    await screenshot(page, 'web-request-answered-phone');

    expect(unexpected(errors)).toEqual([]);
    await close();
  });
});
