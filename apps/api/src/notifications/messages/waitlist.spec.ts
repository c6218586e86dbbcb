import { describe, expect, it } from 'vitest';
import { plainText } from './plain-text.js';
import { renderHtml } from './render-email.js';
import { countSegments, MAX_SMS_SEGMENTS } from './sms.js';
import { WAITLIST_MESSAGE_KINDS, type WaitlistMessageData, waitlistMessageContent, waitlistSms } from './waitlist.js';

const base: Omit<WaitlistMessageData, 'kind'> = {
  publicUrl: 'https://turnos.example.cl',
  officeId: '6f1c2d3e-0000-4000-8000-000000000001',
  office: { name: 'Municipalidad de Ñuñoa', address: 'Av. Irarrázaval 3550', timeZone: 'America/Santiago', contactPhone: '+56222345678', contactEmail: null },
  service: { id: '6f1c2d3e-0000-4000-8000-000000000002', name: 'Permiso de circulación' },
  code: 'K7M-4QX-9PT',
  from: '2026-12-07',
  to: '2026-12-18',
  // 10:00 in Santiago (UTC−3), held until 09:30 the day before.
  offer: { slotStart: new Date('2026-12-09T13:00:00Z'), expiresAt: new Date('2026-12-08T12:30:00Z') },
};
const all = (data: Omit<WaitlistMessageData, 'kind'>) => WAITLIST_MESSAGE_KINDS.map((kind) => ({ ...data, kind }) as WaitlistMessageData);

describe('waitlist messages', () => {
  it('offers the seat with its time and the hold’s end in the office zone, and the link to confirm (es, then en)', () => {
    const content = waitlistMessageContent({ ...base, kind: 'waitlist_offer' });
    const text = plainText(content);
    expect(content.subject).toMatch(/^Se liberó una hora: confírmela \/ A time was freed for you – Municipalidad de Ñuñoa$/);
    expect(text).toContain('miércoles, 9 de diciembre de 2026, 10:00');
    expect(text).toContain('hasta las 09:30 del martes, 8 de diciembre de 2026');
    expect(text).toContain('until 09:30 on Tuesday, 8 December 2026');
    expect(text).toContain('https://turnos.example.cl/lista-espera/K7M-4QX-9PT');
    expect(text.indexOf('Se liberó una hora para usted')).toBeLessThan(text.indexOf('A time was freed for you'));
    expect(text).toContain('+56 2 2234 5678');
  });

  it('tells an expiry apart from a removal, and a joined entry its range', () => {
    expect(plainText(waitlistMessageContent({ ...base, kind: 'waitlist_offer_expired' }))).toContain('Usted sigue en la lista, en el mismo lugar');
    const removed = plainText(waitlistMessageContent({ ...base, kind: 'waitlist_offer_expired', removed: true }));
    expect(removed).toContain('su inscripción en la lista de espera terminó');
    expect(removed).not.toContain('sigue en la lista');
    expect(plainText(waitlistMessageContent({ ...base, kind: 'waitlist_joined' }))).toContain('del lunes, 7 de diciembre de 2026 al viernes, 18 de diciembre de 2026');
    expect(plainText(waitlistMessageContent({ ...base, kind: 'waitlist_removed' }))).toContain('no tomó dos de las horas');
  });

  it('renders every kind as HTML with the Spanish part first', async () => {
    for (const message of all(base)) {
      const html = await renderHtml(waitlistMessageContent(message));
      expect(html).toContain('lang="es-CL"');
      expect(html).toContain(message.code);
    }
  });

  it('fits every SMS in two segments, even with a very long office name, and keeps the code or the link', () => {
    const long = { ...base, office: { ...base.office, name: 'Ilustre Municipalidad de San Pedro de la Paz, Dirección de Tránsito y Transporte Público, Oficina de Permisos' } };
    for (const message of [...all(base), ...all(long)]) {
      const sms = waitlistSms(message);
      expect(countSegments(sms).segments).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
      expect(countSegments(sms).encoding).toBe('GSM-7');
      expect(sms.includes(message.code) || sms.includes('/lista-espera/')).toBe(true);
    }
    const offer = waitlistSms({ ...base, kind: 'waitlist_offer' });
    expect(offer).toContain('09/12 a las 10:00');
    expect(offer).toContain('antes de las 09:30 del 08/12');
  });
});
