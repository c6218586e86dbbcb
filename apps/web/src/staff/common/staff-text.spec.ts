import type { ApiError, Ticket } from '@turnero/api-client';
import i18next from 'i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { addStaffResources } from '../i18n/index.js';
import { shortDay } from '../reports/figures.js';
import { rowLabel, type Report } from '../reports/report-table.js';
import { errorMessage } from './errors.js';
import { ticketReason } from './ticket-reason.js';
import { minutesSince } from './time.js';

// Vitest (Node) has no alias for the browser libs, and the module boundaries forbid reaching into
// them by path: what these modules use of them, done the same way with Intl.
vi.mock('@turnero/ui', () => {
  const intlLocale = (language: string) => (language === 'es' ? 'es-CL' : 'en-US');
  return {
    intlLocale,
    formatTime: (instant: string, timeZone: string, language = 'es') =>
      new Intl.DateTimeFormat(intlLocale(language), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant)),
  };
});
vi.mock('@turnero/api-client', () => ({}));

const apiError = (status: number, code: string): ApiError => ({ status, code, message: '', fieldErrors: {} });

const i18n = i18next.createInstance();
const t = () => i18n.getFixedT('es', 'staff');

beforeAll(async () => {
  await i18n.init({ lng: 'es', fallbackLng: 'es', resources: {}, interpolation: { escapeValue: false } });
  addStaffResources(i18n);
});

const waiting = (reason: Ticket['reason'], extra: Partial<Ticket> = {}): Ticket => ({
  id: 'x',
  number: 'R-004',
  serviceId: 's',
  serviceName: 'Residencia temporal',
  officeId: 'o',
  kind: 'appointment',
  preferential: false,
  status: 'waiting',
  issuedAt: '2026-12-01T09:05:00-03:00',
  partySize: 1,
  reason,
  ...extra,
});

describe('the staff console in plain words', () => {
  it('counts whole minutes waited, never negative', () => {
    expect(minutesSince('2026-12-01T09:00:00-03:00', Date.parse('2026-12-01T09:24:59-03:00'))).toBe(24);
    expect(minutesSince('2026-12-01T09:00:00-03:00', Date.parse('2026-12-01T08:00:00-03:00'))).toBe(0);
  });

  it("explains a ticket's place from its reason code and its own times, not from the API's English sentence", () => {
    const due = waiting({ code: 'appointment_due', explanation: 'Appointment at 09:15: …' }, { slotStart: '2026-12-01T09:15:00-03:00' });
    expect(ticketReason(t(), due, 'America/Santiago', 'es')).toBe('Cita de las 09:15: su hora ya comenzó, así que va antes que las personas sin cita.');
    const late = waiting({ code: 'arrival_order', explanation: 'Arrived after the grace period…' }, { slotStart: '2026-12-01T08:30:00-03:00' });
    expect(ticketReason(t(), late, 'America/Santiago', 'es')).toMatch(/^Llegó después de la tolerancia de su cita de las 08:30/);
    const walkIn = waiting({ code: 'arrival_order', explanation: 'First come… Asked for more time, so it was moved back.' }, { kind: 'walk_in' });
    expect(ticketReason(t(), walkIn, 'America/Santiago', 'es')).toBe('Por orden de llegada (en la fila desde las 09:05). Pidió más tiempo, por eso se movió hacia atrás.');
  });

  it('says what an API error means and what to do, by its code', () => {
    expect(errorMessage(t(), apiError(409, 'COUNTER_BUSY'))).toMatch(/^Su módulo todavía tiene un número llamado/);
    expect(errorMessage(t(), apiError(409, 'SOMETHING_NEW'))).toBe('No se pudo completar la acción (SOMETHING_NEW). Intente de nuevo.');
    expect(errorMessage(t(), apiError(0, 'NETWORK_ERROR'))).toMatch(/^Sin conexión con el servidor/);
    expect(errorMessage(t(), apiError(502, 'HTTP_502'))).toMatch(/^El sistema tuvo un problema/);
  });

  it("labels report rows in the page's language", () => {
    const report = { groupBy: 'hour' } as Report;
    expect(rowLabel(report, { key: '09', label: '09:00–10:00' } as Report['rows'][number], String)).toBe('09:00–10:00');
    expect(shortDay('2026-12-01', 'es')).toBe('mar, 1 dic');
    expect(shortDay('2026-12-01', 'en')).toBe('Tue, Dec 1');
  });
});
