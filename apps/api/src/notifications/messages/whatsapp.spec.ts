import { describe, expect, it } from 'vitest';
import type { SmsMessageData } from './sms.js';
import { MAX_VARIABLE, whatsAppVariables } from './whatsapp.js';

const PUBLIC_URL = 'https://turnos.example.cl';
const OFFICE_ID = '6f1c2d3e-0000-4000-8000-000000000001';
const SERVICE_ID = '6f1c2d3e-0000-4000-8000-000000000002';
const common = { publicUrl: PUBLIC_URL, officeId: OFFICE_ID, office: { name: 'Municipalidad de Ñuñoa', address: 'Av. Irarrázaval 3550', timeZone: 'America/Santiago' } };
const service = { id: SERVICE_ID, name: 'Permiso de circulación', requirements: ['Cédula de identidad'], checkInBeforeMinutes: 30, checkInGraceMinutes: 15 };
/** 09:30 in Santiago in summer (UTC−3). */
const booking = { id: '6f1c2d3e-0000-4000-8000-000000000003', code: 'K7Q2XM', slotStart: new Date('2026-12-07T12:30:00Z'), slotEnd: new Date('2026-12-07T12:45:00Z') };
/** 09:30 in Santiago in winter (UTC−4). */
const winter = { ...booking, slotStart: new Date('2026-07-06T13:30:00Z'), slotEnd: new Date('2026-07-06T13:45:00Z') };
const again = `${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`;

describe('whatsAppVariables', () => {
  it('gives each kind its documented numbered variables, times in the office zone (DST included)', () => {
    const cases: [SmsMessageData, Record<string, string>][] = [
      [
        { kind: 'booking_confirmed', ...common, service, booking },
        { 1: 'Municipalidad de Ñuñoa', 2: 'Permiso de circulación', 3: '07/12 a las 09:30', 4: 'K7Q2XM', 5: `${PUBLIC_URL}/mi-reserva` },
      ],
      [
        { kind: 'booking_rescheduled', ...common, service, booking: winter, previousSlotStart: booking.slotStart, sequence: 1 },
        { 1: 'Municipalidad de Ñuñoa', 2: 'Permiso de circulación', 3: '06/07 a las 09:30', 4: 'K7Q2XM', 5: `${PUBLIC_URL}/mi-reserva` },
      ],
      [{ kind: 'booking_cancelled', ...common, service, booking }, { 1: 'Municipalidad de Ñuñoa', 2: 'Permiso de circulación', 3: '07/12 a las 09:30', 4: 'K7Q2XM', 5: again }],
      [
        { kind: 'booking_cancelled_by_office', ...common, service, booking, reason: 'Corte de\nenergía' },
        { 1: 'Municipalidad de Ñuñoa', 2: 'Permiso de circulación', 3: '07/12 a las 09:30', 4: 'K7Q2XM', 5: 'Corte de energía', 6: again },
      ],
      [
        { kind: 'reminder', ...common, service, booking, unsubscribeUrl: `${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok` },
        { 1: 'Municipalidad de Ñuñoa', 2: 'Permiso de circulación', 3: '07/12 a las 09:30', 4: 'K7Q2XM', 5: `${PUBLIC_URL}/mi-reserva` },
      ],
      [
        { kind: 'office_notice', ...common, message: 'Atención   solo hasta las 12:00.', from: new Date('2026-12-10T11:00:00Z'), to: new Date('2026-12-11T21:00:00Z') },
        { 1: 'Municipalidad de Ñuñoa', 2: 'Atención solo hasta las 12:00.', 3: '10/12-11/12', 4: '-' },
      ],
      [
        {
          kind: 'office_notice',
          ...common,
          message: 'Cerrado',
          from: new Date('2026-12-10T11:00:00Z'),
          to: new Date('2026-12-10T21:00:00Z'),
          appointment: { service: { name: 'Permiso' }, booking: { code: 'K7Q2XM', slotStart: booking.slotStart } },
        },
        { 1: 'Municipalidad de Ñuñoa', 2: 'Cerrado', 3: '10/12-10/12', 4: 'K7Q2XM' },
      ],
    ];
    for (const [message, expected] of cases) expect(whatsAppVariables(message), message.kind).toEqual(expected);
  });

  it('never sends an empty variable, a line break or more than MAX_VARIABLE characters', () => {
    const long = `${'Texto largo '.repeat(80)}\n\nfin`;
    const vars = whatsAppVariables({ kind: 'booking_cancelled_by_office', ...common, office: { ...common.office, name: ' \n ' }, service, booking, reason: long });
    expect(vars['1']).toBe('-');
    expect(vars['5'].length).toBeLessThanOrEqual(MAX_VARIABLE);
    expect(vars['5'].endsWith('...')).toBe(true);
    for (const value of Object.values(vars)) {
      expect(value).not.toMatch(/[\n\r\t]| {5}/);
      expect(value).not.toBe('');
    }
  });
});
