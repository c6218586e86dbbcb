import { describe, expect, it } from 'vitest';
import type { MessageData } from './message-data.js';
import { EmailRenderCache } from './render-cache.js';
import { type RenderedEmail, renderEmail as renderUncached } from './render-email.js';

/** The email with its .ics's DTSTAMP (the instant the .ics was made) blanked, so two renderings compare. */
const stamped = async (email: Promise<RenderedEmail>): Promise<RenderedEmail> => {
  const e = await email;
  return { ...e, attachments: e.attachments.map((a) => (typeof a.content === 'string' ? { ...a, content: a.content.replace(/DTSTAMP:\d{8}T\d{6}Z/, 'DTSTAMP:*') } : a)) };
};
const renderEmail = (message: MessageData) => stamped(renderUncached(message));

const PUBLIC_URL = 'https://turnos.example.cl';
const common = {
  publicUrl: PUBLIC_URL,
  officeId: '6f1c2d3e-0000-4000-8000-000000000001',
  office: { name: 'Municipalidad de Ñuñoa <Sede "Centro"> & Co.', address: 'Av. Irarrázaval 3550', timeZone: 'America/Santiago', contactPhone: '+56223456789', contactEmail: 'contacto@nunoa.cl' },
};
const service = { id: '6f1c2d3e-0000-4000-8000-000000000002', name: 'Permiso de circulación', requirements: ['Cédula de identidad', 'Padrón del vehículo'], checkInBeforeMinutes: 30, checkInGraceMinutes: 15 };
const booking = (code: string, n: number) => ({
  id: `6f1c2d3e-0000-4000-8000-${String(n).padStart(12, '0')}`,
  code,
  slotStart: new Date('2026-12-07T12:30:00Z'),
  slotEnd: new Date('2026-12-07T12:45:00Z'),
});

/** Every kind a booking message has, for booking `n` with code `code` (a reminder with its own unsubscribe token). */
function messages(code: string, n: number): MessageData[] {
  const b = booking(code, n);
  return [
    { kind: 'booking_confirmed', ...common, service, booking: b },
    { kind: 'booking_rescheduled', ...common, service, booking: b, previousSlotStart: new Date('2026-12-04T12:30:00Z'), sequence: 1 },
    { kind: 'booking_cancelled', ...common, service, booking: b },
    { kind: 'booking_cancelled_by_office', ...common, service, booking: b, reason: 'Corte de energía en el edificio' },
    { kind: 'reminder', ...common, service, booking: b, unsubscribeUrl: `${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok${n}-abcdefghij_klm.x-Y` },
  ];
}

describe('EmailRenderCache', () => {
  it('gives the same email as an uncached rendering, for every booking kind, on a miss and on hits with other codes', async () => {
    const cache = new EmailRenderCache();
    const codes = ['K7Q2XM', 'ZZ9A01', 'AB12CD', 'K7Q2XN'];
    for (const [n, code] of codes.entries()) {
      for (const message of messages(code, n)) {
        const cached = await stamped(cache.render(message));
        const uncached = await renderEmail(message);
        expect(cached).toEqual(uncached);
        expect(cached.html).toContain(code);
      }
    }
    // One rendering per kind; the other codes were served from the cache.
    expect(cache.misses).toBe(5);
    expect(cache.hits).toBe(15);
  });

  it('swaps a value that holds another whole (a token containing the code)', async () => {
    const cache = new EmailRenderCache();
    for (const [n, code] of ['K7Q2XM', 'ZZ9A01'].entries()) {
      const message: MessageData = { kind: 'reminder', ...common, service, booking: booking(code, n), unsubscribeUrl: `${PUBLIC_URL}/api/v1/notifications/unsubscribe/t-${code}.sig_${n}` };
      expect(await stamped(cache.render(message))).toEqual(await renderEmail(message));
    }
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('renders in full, with the same result, a message whose values could be changed by escaping or are too short to swap safely', async () => {
    const cache = new EmailRenderCache();
    const odd: MessageData[] = [
      { kind: 'booking_confirmed', ...common, service, booking: booking('A&B<1>', 1) },
      { kind: 'booking_confirmed', ...common, service, booking: booking('AB1', 2) },
      { kind: 'reminder', ...common, service, booking: booking('K7Q2XM', 3), unsubscribeUrl: `${PUBLIC_URL}/api/v1/notifications/unsubscribe/a%20b"c'd` },
      { kind: 'rating', ...common, serviceName: 'Permiso de circulación', number: 'P-007', completedAt: new Date('2026-12-01T12:30:00Z'), trackingCode: 'aB3_x-9Zq' },
    ];
    for (const message of odd) expect(await stamped(cache.render(message))).toEqual(await renderEmail(message));
    expect(cache.hits + cache.misses).toBe(0);
  });

  it('keeps at most maxEntries renderings, dropping the least recently used', async () => {
    const cache = new EmailRenderCache(2);
    const at = (hour: number, code: string): MessageData => ({
      kind: 'booking_confirmed',
      ...common,
      service,
      booking: { ...booking(code, hour), slotStart: new Date(`2026-12-07T${hour}:30:00Z`), slotEnd: new Date(`2026-12-07T${hour}:45:00Z`) },
    });
    await cache.render(at(12, 'AAAAA1'));
    await cache.render(at(13, 'AAAAA2'));
    await cache.render(at(12, 'AAAAA3')); // hit: 12 is now the most recent
    await cache.render(at(14, 'AAAAA4')); // miss: 13 goes
    await cache.render(at(12, 'AAAAA5')); // hit
    await cache.render(at(13, 'AAAAA6')); // miss again
    expect([cache.hits, cache.misses]).toEqual([2, 4]);
    expect(await stamped(cache.render(at(14, 'BBBBB7')))).toEqual(await renderEmail(at(14, 'BBBBB7')));
  });
});
