import { describe, expect, it } from 'vitest';
import { countSegments, renderSms, type SmsMessageData, toGsm7 } from './sms.js';

const PUBLIC_URL = 'https://turnos.example.cl';
const OFFICE_ID = '6f1c2d3e-0000-4000-8000-000000000001';
const SERVICE_ID = '6f1c2d3e-0000-4000-8000-000000000002';
const common = { publicUrl: PUBLIC_URL, officeId: OFFICE_ID, office: { name: 'Municipalidad de Ñuñoa', address: 'Av. Irarrázaval 3550', timeZone: 'America/Santiago' } };
const service = { id: SERVICE_ID, name: 'Permiso de circulación', requirements: ['Cédula de identidad'], checkInBeforeMinutes: 30, checkInGraceMinutes: 15 };
/** 09:30 in Santiago in summer (UTC−3). */
const booking = { id: '6f1c2d3e-0000-4000-8000-000000000003', code: 'K7Q2XM', slotStart: new Date('2026-12-07T12:30:00Z'), slotEnd: new Date('2026-12-07T12:45:00Z') };
/** 09:30 in Santiago in winter (UTC−4). */
const winter = { ...booking, slotStart: new Date('2026-07-06T13:30:00Z'), slotEnd: new Date('2026-07-06T13:45:00Z') };

function messages(c: typeof common, serviceName: string, reason: string, notice: string): SmsMessageData[] {
  const s = { ...service, name: serviceName };
  return [
    { kind: 'booking_confirmed', ...c, service: s, booking },
    { kind: 'booking_rescheduled', ...c, service: s, booking: winter, previousSlotStart: booking.slotStart, sequence: 1 },
    { kind: 'booking_cancelled', ...c, service: s, booking },
    { kind: 'booking_cancelled_by_office', ...c, service: s, booking, reason },
    { kind: 'reminder', ...c, service: s, booking, unsubscribeUrl: `${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok` },
    { kind: 'office_notice', ...c, message: notice, from: new Date('2026-12-10T11:00:00Z'), to: new Date('2026-12-11T21:00:00Z') },
  ];
}

describe('SMS segments', () => {
  it('counts GSM-7 septets (extension characters as two) and UCS-2 units, as the networks do', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('ñÑéÉ¿¡ü').encoding).toBe('GSM-7');
    expect(countSegments('á'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments('á'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(countSegments('á'.repeat(134)).segments).toBe(2);
    expect(countSegments('á'.repeat(135)).segments).toBe(3);
    expect(countSegments('🙂').units).toBe(2);
  });

  it('writes Spanish in GSM-7: accents the alphabet lacks are dropped, ñ and é stay', () => {
    expect(toGsm7('Trámite «Cédula» — Ñuñoa, ¿Cuándo? “ok” …')).toBe('Tramite "Cédula" - Ñuñoa, ¿Cuando? "ok" ...');
    expect(toGsm7('Ça va, São Paulo')).toBe('Ça va, Sao Paulo');
    expect(toGsm7('Oficina 🙂')).toBe('Oficina 🙂');
  });
});

describe('renderSms', () => {
  it('each kind: the code or notice, the local time, GSM-7, in one or two segments, with a short English line', () => {
    const texts = messages(common, service.name, 'Corte de energía', 'Atención solo hasta las 12:00.').map(renderSms);
    for (const text of texts) {
      expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7' });
      expect(countSegments(text).segments).toBeLessThanOrEqual(2);
      expect(text).toMatch(/\n[A-Z][a-z]+[ :]/); // the English line
    }
    const [confirmed, rescheduled, cancelled, byOffice, reminder, notice] = texts;
    expect(confirmed).toBe(
      `Reserva K7Q2XM confirmada: Permiso de circulacion, 07/12 a las 09:30 en Municipalidad de Ñuñoa, Av. Irarrazaval 3550. Llegue desde las 09:00. Cambiar o cancelar: ${PUBLIC_URL}/mi-reserva\nBooking K7Q2XM confirmed: 07/12 09:30.`,
    );
    // Winter time (UTC−4): still 09:30 on the office's clock.
    expect(rescheduled).toContain('Su hora K7Q2XM cambio al 06/07 a las 09:30');
    expect(cancelled).toContain(`Para reservar otra hora: ${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`);
    expect(byOffice).toContain('Municipalidad de Ñuñoa cancelo su hora K7Q2XM del 07/12 a las 09:30. Motivo: Corte de energia.');
    expect(byOffice).toContain(`Elija otra hora: ${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`);
    expect(reminder).toContain('Registre su llegada entre las 09:00 y las 09:45. Si no puede ir, cancele para liberar la hora');
    expect(notice).toBe('Aviso de Municipalidad de Ñuñoa (10/12-11/12): Atencion solo hasta las 12:00.\nNotice from the office.');
  });

  it('worst case: long names, address, reason, notice and URL are shortened to fit two segments, keeping the code and time', () => {
    const long = (word: string) => Array.from({ length: 40 }, (_, i) => `${word}${i}`).join(' ');
    const c = { ...common, publicUrl: 'https://turnos.municipalidad-de-ejemplo-con-nombre-largo.example.cl/turnero', office: { name: long('Oficína'), address: long('Calle'), timeZone: 'America/Santiago' } };
    for (const text of messages(c, long('Trámite'), long('Motivo'), long('Aviso')).map(renderSms)) {
      const count = countSegments(text);
      expect(count.encoding).toBe('GSM-7');
      expect(count.segments).toBeLessThanOrEqual(2);
      expect(text).toContain('...');
      if (!text.startsWith('Aviso')) {
        expect(text).toContain('K7Q2XM');
        expect(text).toMatch(/a las 09:30/);
      }
    }
  });

  it('worst case in UCS-2 (a character GSM-7 lacks): at most 134 units', () => {
    const c = { ...common, office: { name: `Oficina 🙂 ${'muy larga '.repeat(20)}`, address: 'Dirección '.repeat(20), timeZone: 'America/Santiago' } };
    for (const text of messages(c, 'Trámite '.repeat(30), 'Motivo '.repeat(40), 'Aviso '.repeat(60)).map(renderSms)) {
      const count = countSegments(text);
      expect(count.encoding).toBe('UCS-2');
      expect(count.units).toBeLessThanOrEqual(134);
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half of a surrogate pair
    }
  });

  it('the office cancelled: the office’s phone to ask, while it fits in two segments with the rebook link', () => {
    const office = { ...common.office, contactPhone: '+56512213400', contactEmail: 'oficina@example.cl' };
    const [, , , byOffice, ...others] = messages({ ...common, office }, service.name, 'Corte de energía', 'Aviso').map(renderSms);
    expect(byOffice).toContain('Motivo: Corte de energia. Consultas: +56 51 221 3400. Elija otra hora:');
    expect(byOffice).toContain(`${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`);
    expect(byOffice).not.toContain('oficina@example.cl'); // the phone only: an SMS is read on a phone
    expect(countSegments(byOffice).segments).toBeLessThanOrEqual(2);
    // The other kinds are as without a contact.
    const [, , , , ...plain] = messages(common, service.name, 'Corte de energía', 'Aviso').map(renderSms);
    expect(others).toEqual(plain);

    // Long names and reason: still two segments, with the code, the time and the rebook link.
    const long = (word: string) => Array.from({ length: 40 }, (_, i) => `${word}${i}`).join(' ');
    const [, , , tight] = messages({ ...common, office: { ...office, name: long('Oficina') } }, service.name, long('Motivo'), 'Aviso').map(renderSms);
    expect(countSegments(tight).segments).toBeLessThanOrEqual(2);
    expect(tight).toContain('K7Q2XM');
    expect(tight).toContain('a las 09:30');
    expect(tight).toContain('/reservar');
  });

  it('staff-typed line breaks do not reshape the text', () => {
    const [confirmed] = messages({ ...common, office: { ...common.office, name: 'Oficina\r\nCentral' } }, 'Trámite', 'x', 'y').map(renderSms);
    expect(confirmed).toContain('en Oficina Central,');
  });
});
