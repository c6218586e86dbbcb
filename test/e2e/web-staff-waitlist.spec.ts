import { readFileSync } from 'node:fs';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../libs/api-client/src/index.js';
import { seriousAccessibilityViolations } from '../support/browser.js';
import { DEMO, logIn, staffConsoleSuite } from './web-staff-support.js';

/**
 * The waitlist in the staff console (issue #18), on rows as the waitlist leaves them, inserted into
 * the demo's database. The clock stands on Tuesday 1 December 2026, 09:00 in La Serena (UTC−3).
 *
 *   entry  procedure                 status    wishes                          offers today
 *   a1     Residencia temporal (R)   waiting   2–4 Dec                         —
 *   a2     R                         waiting   1–15 Dec, Wednesdays            —
 *   a3     R                         offered   1–5 Dec                         held: 3 Dec 10:00 until 09:29
 *   a4     Permanencia definitiva    waiting   7–11 Dec, mornings only         —
 *   a5     R                         booked    1–5 Dec                         accepted after 10 minutes (its booking stands)
 *   a6     R                         removed   1–5 Dec                         one declined, one expired
 *
 * The waitlist page (four weeks from today): R on 2 Dec 2 waiting, 3 Dec 1 waiting and 1 held,
 * 4 Dec 1, 9 Dec 1; P on 7–11 Dec 1 each; 3 people waiting, 1 seat held. The reports (1 Dec): 6
 * joined, 4 offers, 1 accepted, 1 declined, 1 expired, 1 removed, 1 seat reused, median 10 minutes.
 */
describe('the staff console: the waitlist page, its report and its settings', () => {
  // The waitlist's periodic task is off: it would offer the free seats to the waiting entries and the rows would not stay as inserted.
  const suite = staffConsoleSuite({ env: { WAITLIST_TICK_SECONDS: '0' } });
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    const { officeId, services } = suite.world;
    const r = services.R.id;
    const p = services.P.id;
    // a5's seat became a booking: one made through the API, on 3 December.
    const availability = await unwrap(suite.world.kiosk.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId: r }, query: { from: '2026-12-03', to: '2026-12-03' } } }));
    const slot = availability.days[0].slots[0];
    const booking = await unwrap(
      suite.world.kiosk.POST('/api/v1/bookings', {
        body: { serviceId: r, slotStart: slot.start, applicant: { documentType: 'PASSPORT', documentNumber: 'WL5550001', fullName: 'Anaïs Dorvil', email: 'anais@example.cl' } },
      }),
    );

    const db = new pg.Client({ connectionString: suite.world.api.databaseUrl });
    await db.connect();
    try {
      const entry = async (name: string, serviceId: string, from: string, to: string, status: string, extra: { weekdays?: number[]; morningOnly?: boolean; ended?: string } = {}) => {
        const code = `WL${name.toUpperCase()}E2E`;
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO waitlist_entries (code, office_id, service_id, from_date, to_date, weekdays, morning_only, document_type, document_number, full_name, email, status, joined_at, ended_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'PASSPORT', $8, 'Persona Espera Prueba', 'espera.e2e@example.cl', $9, '2026-12-01T08:30:00-03:00', $10) RETURNING id`,
          [code, officeId, serviceId, from, to, extra.weekdays ?? null, extra.morningOnly ?? false, `WL${name.toUpperCase()}000`, status, extra.ended ?? null],
        );
        codes[name] = code;
        return rows[0].id;
      };
      const offer = (entryId: string, slotStart: string, localDate: string, status: string, offered: string, ended: string | null, bookingId: string | null = null) =>
        db.query(
          `INSERT INTO waitlist_offers (entry_id, service_id, office_id, slot_start, slot_end, local_date, status, cause, offered_at, expires_at, ended_at, booking_id)
           VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '15 minutes', $5, $6, 'cancellation', $7::timestamptz, $7::timestamptz + interval '30 minutes', $8, $9)`,
          [entryId, r, officeId, slotStart, localDate, status, offered, ended, bookingId],
        );
      await entry('a1', r, '2026-12-02', '2026-12-04', 'waiting');
      await entry('a2', r, '2026-12-01', '2026-12-15', 'waiting', { weekdays: [3] });
      const a3 = await entry('a3', r, '2026-12-01', '2026-12-05', 'offered');
      await entry('a4', p, '2026-12-07', '2026-12-11', 'waiting', { morningOnly: true });
      const a5 = await entry('a5', r, '2026-12-01', '2026-12-05', 'booked', { ended: '2026-12-01T08:50:00-03:00' });
      const a6 = await entry('a6', r, '2026-12-01', '2026-12-05', 'removed', { ended: '2026-12-01T08:55:00-03:00' });
      await offer(a3, '2026-12-03T10:00:00-03:00', '2026-12-03', 'held', '2026-12-01T08:59:00-03:00', null);
      await offer(a5, slot.start, '2026-12-03', 'accepted', '2026-12-01T08:40:00-03:00', '2026-12-01T08:50:00-03:00', booking.id);
      await offer(a6, '2026-12-02T09:00:00-03:00', '2026-12-02', 'declined', '2026-12-01T08:35:00-03:00', '2026-12-01T08:36:00-03:00');
      await offer(a6, '2026-12-02T09:15:00-03:00', '2026-12-02', 'expired', '2026-12-01T08:37:00-03:00', '2026-12-01T08:55:00-03:00');
    } finally {
      await db.end();
    }
  });

  it('a supervisor sees who waits per procedure and day and the entries by code only; axe finds nothing serious', async () => {
    const { page, errors, close } = await suite.open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Lista de espera', exact: true }).click();
    await page.getByRole('heading', { name: 'Lista de espera', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('waitlist-total-waiting').textContent()).toBe('3');
    await expect.poll(() => page.getByTestId('waitlist-total-offered').textContent()).toBe('1');

    const residence = page.getByRole('table', { name: /^Residencia temporal: 2 esperando, 1 guardadas/ });
    const rowOf = async (table: typeof residence, date: string) => (await table.locator(`tr[data-date="${date}"]`).locator('td').allTextContents()).join('/');
    await expect.poll(() => rowOf(residence, '2026-12-02')).toBe('2/0');
    await expect.poll(() => rowOf(residence, '2026-12-03')).toBe('1/1');
    await expect.poll(() => rowOf(residence, '2026-12-04')).toBe('1/0');
    await expect.poll(() => rowOf(residence, '2026-12-09')).toBe('1/0');
    await expect.poll(() => residence.locator('tbody tr').count()).toBe(4);
    const permanence = page.getByRole('table', { name: /^Permanencia definitiva: 1 esperando, 0 guardadas/ });
    await expect.poll(() => permanence.locator('tbody tr').count()).toBe(5);
    await expect.poll(() => rowOf(permanence, '2026-12-07')).toBe('1/0');

    const entries = page.getByTestId('waitlist-entries');
    await entries.getByRole('rowheader', { name: codes.a1 }).waitFor();
    await expect.poll(() => entries.locator('tbody tr').count()).toBe(4);
    await entries.getByRole('row', { name: new RegExp(`^${codes.a3} Residencia temporal — Hora ofrecida .* guardada hasta las 09:29`) }).waitFor();
    await entries.getByRole('row', { name: new RegExp(`^${codes.a2} Residencia temporal 2 Esperando .*miércoles`) }).waitFor();
    await entries.getByRole('row', { name: new RegExp(`^${codes.a4} Permanencia definitiva 1 Esperando .*solo mañanas`) }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const secret of ['Persona Espera Prueba', 'espera.e2e@example.cl', 'WLA1000']) expect(text).not.toContain(secret);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // One procedure, and the entries that ended: the booked and the removed one.
    await page.getByLabel('Trámite', { exact: true }).first().selectOption({ label: 'Residencia temporal' });
    await expect.poll(() => page.getByTestId('waitlist-total-waiting').textContent()).toBe('2');
    await expect.poll(() => new URL(page.url()).searchParams.get('service')).toBe(suite.world.services.R.id);
    await page.getByLabel('Estado', { exact: true }).selectOption({ label: 'Retirada' });
    await entries.getByRole('rowheader', { name: codes.a6 }).waitFor();
    await expect.poll(() => entries.locator('tbody tr').count()).toBe(1);
    await entries.getByRole('row', { name: new RegExp(`^${codes.a6} .* Retirada `) }).waitFor();

    // The same in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Waitlist', level: 1 }).waitFor();
    await page.getByRole('table', { name: /^Residencia temporal: 2 waiting, 1 held/ }).waitFor();
    await entries.getByRole('row', { name: new RegExp(`^${codes.a6} .* Removed `) }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Español' }).click();
    expect(errors).toEqual([]);
    await close();
  });

  it('the reports page has a waitlist section with its figures per procedure and its CSV', async () => {
    const { page, errors, close } = await suite.open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/reports');
    const section = page.getByTestId('waitlist-report');
    await section.getByRole('heading', { name: 'Lista de espera' }).waitFor();
    await expect.poll(() => section.getByTestId('waitlist-joins').textContent()).toBe('6');
    await expect.poll(() => section.getByTestId('waitlist-offers').textContent()).toBe('4');
    await expect.poll(() => section.getByTestId('waitlist-accepted').textContent()).toBe('1');
    await expect.poll(() => section.getByTestId('waitlist-reused').textContent()).toBe('1');
    const table = section.getByTestId('waitlist-report-table');
    const cells = async (row: string) => (await table.getByRole('row', { name: new RegExp(`^${row}`) }).locator('td').allTextContents()).join('/');
    await expect.poll(() => cells('Residencia temporal')).toBe('5/4/1/1/1/1/0/1/10');
    await expect.poll(() => cells('Permanencia definitiva')).toBe('1/0/0/0/0/0/0/0/—');
    await expect.poll(() => cells('Total')).toBe('6/4/1/1/1/1/0/1/10');

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Descargar lista de espera (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('lista-espera-2026-12-01-2026-12-01.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFId servicio,Servicio,Inscripciones,Ofertas,')).toBe(true);
    expect(csv).toContain('\r\ntotal,Total,6,4,1,1,1,1,0,1,10\r\n');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("a supervisor sets the office's hold time and group tickets, and a procedure's group size", async () => {
    const { page, errors, close } = await suite.open();
    await logIn(page, suite.world.api.baseUrl, DEMO.supervisor, '/staff/office');
    await page.getByRole('heading', { name: 'Horario y oficina', level: 1 }).waitFor();
    const hold = page.getByLabel('Tiempo para confirmar una hora liberada (min)');
    await expect.poll(() => hold.inputValue()).toBe('30');
    await hold.fill('45');
    await page.getByLabel('Números para un grupo').selectOption({ label: 'Un número por persona (atendidos juntos)' });
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Cambios guardados.').waitFor();
    const office = await unwrap(suite.world.kiosk.GET('/api/v1/offices/{officeId}', { params: { path: { officeId: suite.world.officeId } } }));
    expect(office).toMatchObject({ waitlistHoldMinutes: 45, groupTickets: 'per_person' });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Out of range: the API names the field and the form marks it.
    await hold.fill('2');
    await hold.evaluate((input: { removeAttribute(name: string): void }) => input.removeAttribute('min'));
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect.poll(() => hold.getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Trámites', exact: true }).click();
    await page.getByRole('button', { name: 'Editar Residencia temporal' }).click();
    const size = page.getByLabel('Personas por reserva');
    await expect.poll(() => size.inputValue()).toBe('1');
    await size.fill('4');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Se guardó «Residencia temporal».').waitFor();
    const services = await unwrap(suite.world.kiosk.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId: suite.world.officeId } } }));
    expect(services.find((s) => s.code === 'R')?.maxGroupSize).toBe(4);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await close();
  });
});
