import { describe, expect, it } from 'vitest';
import { countSegments, MAX_SMS_SEGMENTS } from '../notifications/messages/sms.js';
import { plainText } from '../notifications/messages/plain-text.js';
import { type RequestMessageData, requestMessageContent, requestSms } from './request-message-composer.js';
import { REQUEST_MESSAGE_KINDS } from './request-messages.js';

const base: Omit<RequestMessageData, 'kind'> = {
  publicUrl: 'https://turnos.example.cl',
  code: 'K7M4QX9PTA',
  requestKind: 'complaint',
  topic: { name: 'Licencias de conducir', nameEn: "Driver's licences" },
  dueDate: '2026-12-23',
  office: { name: 'Municipalidad de Iquique', contactPhone: '+56572514500', contactEmail: 'oirs@iquique.example.cl' },
  text: 'Su licencia está lista para retiro.\n\nHorario: lunes a viernes.',
};

describe('request messages', () => {
  it('emails say the code, kind, topic and due date in es-CL then English, with the page link and the office contact', () => {
    const content = requestMessageContent({ ...base, kind: 'request_received' });
    expect(content.subject).toBe('Recibimos su reclamo K7M4QX9PTA / We received your complaint – Municipalidad de Iquique');
    const text = plainText(content);
    expect(text.indexOf('Recibimos su reclamo')).toBeLessThan(text.indexOf('We received your complaint'));
    for (const piece of ['K7M4QX9PTA', 'Licencias de conducir', "Driver's licences", 'miércoles, 23 de diciembre de 2026', 'https://turnos.example.cl/solicitud/K7M4QX9PTA', '+56 57 251 4500']) {
      expect(text).toContain(piece);
    }
    expect(text).toMatch(/Wednesday,? 23 December 2026/);
    // The office's answer goes in the answer's email (the person's own address), never in the confirmation.
    expect(text).not.toContain('licencia está lista');
    const answered = plainText(requestMessageContent({ ...base, kind: 'request_answered' }));
    expect(answered).toContain('Su licencia está lista para retiro.');
    expect(answered).toContain('Horario: lunes a viernes.');
    expect(plainText(requestMessageContent({ ...base, kind: 'request_info_requested', text: '¿Puede enviar su certificado?' }))).toContain('¿Puede enviar su certificado?');
  });

  it('texts fit two segments with the code and the link, even for a long office name, and never carry the texts', () => {
    for (const kind of REQUEST_MESSAGE_KINDS) {
      for (const name of ['Municipalidad de Iquique', 'Ilustre Municipalidad de San Pedro de la Paz, Dirección de Desarrollo Comunitario, Oficina de Informaciones']) {
        const sms = requestSms({ ...base, kind, office: { ...base.office, name } });
        expect(countSegments(sms).segments, `${kind} ${name}`).toBeLessThanOrEqual(MAX_SMS_SEGMENTS);
        expect(sms).toContain('K7M4QX9PTA');
        expect(sms).toContain('https://turnos.example.cl/solicitud/K7M4QX9PTA');
        expect(sms).not.toContain('lista para retiro');
      }
    }
    expect(requestSms({ ...base, kind: 'request_received' })).toContain('23/12/2026');
  });
});
