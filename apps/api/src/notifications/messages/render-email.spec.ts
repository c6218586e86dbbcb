import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { ratingEmail } from '../../mail/rating-email.template.js';
import type { MessageData } from './message-data.js';
import { renderEmail } from './render-email.js';

const PUBLIC_URL = 'https://turnos.example.cl';
const OFFICE_ID = '6f1c2d3e-0000-4000-8000-000000000001';
const SERVICE_ID = '6f1c2d3e-0000-4000-8000-000000000002';
const BOOKING_ID = '6f1c2d3e-0000-4000-8000-000000000003';
const common = { publicUrl: PUBLIC_URL, officeId: OFFICE_ID, office: { name: 'Municipalidad de Ñuñoa', address: 'Av. Irarrázaval 3550', timeZone: 'America/Santiago' } };
const service = { id: SERVICE_ID, name: 'Permiso de circulación', requirements: ['Cédula de identidad', 'Padrón del vehículo'], checkInBeforeMinutes: 30, checkInGraceMinutes: 15 };
/** Monday, 7 December 2026, 09:30 in Santiago: summer time, UTC−3. */
const summer = { id: BOOKING_ID, code: 'K7Q2XM', slotStart: new Date('2026-12-07T12:30:00Z'), slotEnd: new Date('2026-12-07T12:45:00Z') };
/** Monday, 6 July 2026, 09:30 in Santiago: winter time, UTC−4. */
const winter = { ...summer, slotStart: new Date('2026-07-06T13:30:00Z'), slotEnd: new Date('2026-07-06T13:45:00Z') };

const MESSAGES: Record<MessageData['kind'], MessageData> = {
  booking_confirmed: { kind: 'booking_confirmed', ...common, service, booking: summer },
  booking_rescheduled: { kind: 'booking_rescheduled', ...common, service, booking: winter, previousSlotStart: summer.slotStart, sequence: 1 },
  booking_cancelled: { kind: 'booking_cancelled', ...common, service, booking: summer },
  booking_cancelled_by_office: { kind: 'booking_cancelled_by_office', ...common, service, booking: summer, reason: 'Corte de energía en el edificio' },
  reminder: { kind: 'reminder', ...common, service, booking: summer, unsubscribeUrl: `${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok_abc123` },
  rating: { kind: 'rating', ...common, serviceName: 'Permiso de circulación', number: 'P-007', completedAt: new Date('2026-12-01T12:30:00Z'), trackingCode: 'aB3_x-9Zq' },
  office_notice: {
    kind: 'office_notice',
    ...common,
    message: 'La oficina atenderá solo hasta las 12:00 por inventario.',
    from: new Date('2026-12-10T11:00:00Z'),
    to: new Date('2026-12-11T21:00:00Z'),
  },
};

const hrefs = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
/** Unfolded iCalendar content lines. */
const icsLines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('notification emails', () => {
  it("a group's confirmation, move and cancellation say how many people; one person's say nothing of it", async () => {
    const group = { ...summer, partySize: 3 };
    for (const message of [
      { ...MESSAGES.booking_confirmed, booking: group },
      { kind: 'booking_rescheduled', ...common, service, booking: { ...group, slotStart: winter.slotStart }, previousSlotStart: summer.slotStart, sequence: 1 },
      { ...MESSAGES.booking_cancelled, booking: group },
    ] as MessageData[]) {
      const email = await renderEmail(message);
      expect(email.text).toMatch(/Personas:?\s+3/);
      expect(email.text).toMatch(/People:?\s+3/);
      expect(email.html).toContain('Personas');
    }
    for (const message of [MESSAGES.booking_confirmed, { ...MESSAGES.booking_confirmed, booking: { ...summer, partySize: 1 } } as MessageData]) {
      const email = await renderEmail(message);
      expect(email.text).not.toContain('Personas');
      expect(email.html).not.toContain('People');
    }
  });

  it('booking_confirmed: code, local time, office, procedure, what to bring, links, QR and .ics', async () => {
    const email = await renderEmail(MESSAGES.booking_confirmed);
    expect(email.subject).toBe('Reserva confirmada K7Q2XM / Booking confirmed – Municipalidad de Ñuñoa');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('K7Q2XM');
      expect(part).toContain('lunes, 7 de diciembre de 2026');
      expect(part).toContain('Monday, 7 December 2026');
      expect(part).toContain('09:30');
      expect(part).toContain('Permiso de circulación');
      expect(part).toContain('Av. Irarrázaval 3550');
      expect(part).toContain('Padrón del vehículo');
      expect(part).toContain('Estimado/a');
    }
    expect(email.text).toContain('Registre su llegada en la oficina entre las 09:00 y las 09:45');
    expect(email.text).toContain('Check in at the office between 09:00 and 09:45');
    // Spanish first, English below.
    expect(email.text.indexOf('Su hora está reservada')).toBeLessThan(email.text.indexOf('Your appointment is booked'));
    expect(email.html.indexOf('Su hora está reservada')).toBeLessThan(email.html.indexOf('Your appointment is booked'));
    expect(email.html).toMatch(/^<!DOCTYPE html/i);
    expect(email.html).toContain('lang="es-CL"');
    expect(email.html).toContain('name="viewport"');
    expect(email.html).toContain('src="cid:qr@turnero"');
    expect(email.text).toContain(`Ver mi reserva: ${PUBLIC_URL}/reserva/K7Q2XM`);
    expect(email.text).toContain(`«Mi reserva»: ${PUBLIC_URL}/mi-reserva`);
    expect(new Set(hrefs(email.html))).toEqual(new Set([`${PUBLIC_URL}/reserva/K7Q2XM`, `${PUBLIC_URL}/mi-reserva`]));

    const qr = email.attachments.find((a) => a.cid === 'qr@turnero')!;
    expect(qr).toMatchObject({ filename: 'qr.png', contentType: 'image/png' });
    expect((qr.content as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const ics = email.attachments.find((a) => a.filename === 'reserva.ics')!;
    expect(ics.contentType).toBe('text/calendar; charset=utf-8');
    const lines = icsLines(ics.content as string);
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain(`UID:${BOOKING_ID}@turnero`);
    // UTC, as the API's own .ics: every calendar shows it in the phone's zone, no TZID/VTIMEZONE to get wrong.
    expect(lines).toContain('DTSTART:20261207T123000Z');
    expect(lines).toContain('DTEND:20261207T124500Z');
    expect(lines.filter((l) => l.includes('TZID'))).toEqual([]);
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain('K7Q2XM');
    expect(email.headers).toEqual({});
  });

  it('booking_rescheduled: the old and the new time, each in its own UTC offset, and an .ics that replaces the event', async () => {
    const email = await renderEmail(MESSAGES.booking_rescheduled);
    expect(email.subject).toBe('Hora cambiada K7Q2XM / Appointment moved – Municipalidad de Ñuñoa');
    // The new time is in winter (UTC−4), the old one in summer (UTC−3): both 09:30 on the office's clock.
    expect(email.text).toContain('Su reserva K7Q2XM ya no es el lunes, 7 de diciembre de 2026, 09:30. Esta es su nueva hora:');
    expect(email.text).toContain('Fecha: lunes, 6 de julio de 2026\nHora: 09:30');
    expect(email.text).toContain('Date: Monday, 6 July 2026\nTime: 09:30');
    expect(email.html).toContain('lunes, 6 de julio de 2026');
    const lines = icsLines(email.attachments.find((a) => a.filename === 'reserva.ics')!.content as string);
    expect(lines).toContain('DTSTART:20260706T133000Z');
    expect(lines).toContain(`UID:${BOOKING_ID}@turnero`);
    expect(lines).toContain('SEQUENCE:1');
    expect(email.attachments.some((a) => a.cid === 'qr@turnero')).toBe(true);
  });

  it('the days Chile changes its clocks: each time in the offset of its own day, the .ics in UTC', async () => {
    // Summer time starts on Sunday 6 September 2026 (UTC−4 → UTC−3) and ends on Sunday 4 April 2027 (UTC−3 → UTC−4).
    const cases = [
      { start: '2026-09-05T13:30:00Z', date: 'sábado, 5 de septiembre de 2026', dtstart: '20260905T133000Z' },
      { start: '2026-09-06T12:30:00Z', date: 'domingo, 6 de septiembre de 2026', dtstart: '20260906T123000Z' },
      { start: '2027-04-03T12:30:00Z', date: 'sábado, 3 de abril de 2027', dtstart: '20270403T123000Z' },
      { start: '2027-04-04T13:30:00Z', date: 'domingo, 4 de abril de 2027', dtstart: '20270404T133000Z' },
    ];
    for (const { start, date, dtstart } of cases) {
      const slotStart = new Date(start);
      const email = await renderEmail({ ...MESSAGES.booking_confirmed, booking: { ...summer, slotStart, slotEnd: new Date(slotStart.getTime() + 15 * 60_000) } } as MessageData);
      expect(email.text).toContain(`Fecha: ${date}\nHora: 09:30`);
      expect(email.text).toContain('entre las 09:00 y las 09:45');
      expect(icsLines(email.attachments.find((a) => a.filename === 'reserva.ics')!.content as string)).toContain(`DTSTART:${dtstart}`);
    }
  });

  it('booking_cancelled: what was cancelled and a link to book the same procedure again, no attachments', async () => {
    const email = await renderEmail(MESSAGES.booking_cancelled);
    expect(email.subject).toBe('Reserva cancelada K7Q2XM / Booking cancelled – Municipalidad de Ñuñoa');
    expect(email.text).toContain('Como lo pidió, cancelamos su reserva K7Q2XM.');
    expect(email.text).toContain('Código: K7Q2XM');
    expect(email.attachments).toEqual([]);
    expect(hrefs(email.html)).toEqual([`${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`, `${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`]);
  });

  it('booking_cancelled_by_office: the reason, the link to pick another time on the same procedure, the office’s address', async () => {
    const email = await renderEmail(MESSAGES.booking_cancelled_by_office);
    expect(email.subject).toBe('Su hora fue cancelada por la oficina K7Q2XM / Appointment cancelled by the office – Municipalidad de Ñuñoa');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Motivo: Corte de energía en el edificio');
      expect(part).toContain('Reason: Corte de energía en el edificio');
      expect(part).toContain('Si tiene dudas, consulte en la oficina: Municipalidad de Ñuñoa, Av. Irarrázaval 3550.');
    }
    expect(email.text).toContain(`Elegir otra hora: ${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`);
    expect(email.attachments).toEqual([]);
  });

  it('reminder: time, check-in window, how to give the seat back, and a one-click unsubscribe header', async () => {
    const email = await renderEmail(MESSAGES.reminder);
    expect(email.subject).toBe('Recordatorio: su hora del lunes, 7 de diciembre de 2026 a las 09:30 / Reminder – Municipalidad de Ñuñoa');
    expect(email.text).toContain('Le recordamos su hora del lunes, 7 de diciembre de 2026 a las 09:30.');
    expect(email.text).toContain('entre las 09:00 y las 09:45');
    expect(email.text).toContain(`¿No podrá asistir? Cancele su hora para que otra persona pueda usarla, en «Mi reserva»: ${PUBLIC_URL}/mi-reserva`);
    expect(email.text).toContain(`Para no recibir más recordatorios: ${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok_abc123`);
    expect(email.headers).toEqual({ 'List-Unsubscribe': `<${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok_abc123>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(email.attachments.map((a) => a.filename)).toEqual(['qr.png']);
  });

  it('office_notice: the notice, its period in the office’s zone and the office', async () => {
    const email = await renderEmail(MESSAGES.office_notice);
    expect(email.subject).toBe('Aviso de Municipalidad de Ñuñoa / Notice from Municipalidad de Ñuñoa');
    for (const part of [email.text, email.html]) expect(part).toContain('La oficina atenderá solo hasta las 12:00 por inventario.');
    expect(email.text).toContain('Vigente desde el jueves, 10 de diciembre de 2026, 08:00 hasta el viernes, 11 de diciembre de 2026, 18:00.');
    expect(email.text).toContain('In force from Thursday, 10 December 2026, 08:00 until Friday, 11 December 2026, 18:00.');
    expect(hrefs(email.html)).toEqual([`${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}`, `${PUBLIC_URL}/mi-reserva`, `${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}`, `${PUBLIC_URL}/mi-reserva`]);
  });

  it('rating: the same subject, links and scores as the rating email it replaces', async () => {
    const message = MESSAGES.rating as Extract<MessageData, { kind: 'rating' }>;
    const before = ratingEmail({
      officeName: message.office.name,
      officeAddress: message.office.address,
      serviceName: message.serviceName,
      number: message.number,
      completedAt: message.completedAt,
      timeZone: message.office.timeZone,
      publicUrl: message.publicUrl,
      trackingCode: message.trackingCode,
    });
    const email = await renderEmail(message);
    expect(email.subject).toBe(before.subject);
    expect(hrefs(email.html)).toEqual(hrefs(before.html));
    expect(email.text).toContain('Gracias por su visita a Municipalidad de Ñuñoa (Av. Irarrázaval 3550) el martes, 1 de diciembre de 2026, por el trámite «Permiso de circulación» (número P-007).');
    expect(email.text).toContain('Puede responder una sola vez, hasta el martes, 8 de diciembre de 2026 a las 09:30.');
    expect(email.text).toContain(`Calificar mi atención: ${PUBLIC_URL}/turno/aB3_x-9Zq\n`);
    expect(email.text).toContain(`4 – Buena: ${PUBLIC_URL}/turno/aB3_x-9Zq?calificacion=4`);
    for (const label of ['Muy mala', 'Muy buena', 'Very poor', 'Very good']) expect(email.html).toContain(label);
    expect(email.attachments).toEqual([]);
  });

  it('every kind: links carry only ids and codes, and staff-typed text is escaped and kept on one line', async () => {
    const hostile = { ...common, office: { name: 'Oficina <b>"A"</b> &\r\nBcc: x@evil.example', address: null, timeZone: 'America/Santiago' } };
    for (const message of Object.values(MESSAGES)) {
      const email = await renderEmail({ ...message, ...hostile } as MessageData);
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.html).not.toContain('<b>"A"</b>');
      expect(email.html).toContain('Oficina &lt;b&gt;');
      expect(email.text).not.toMatch(/\r|\nBcc/);
      for (const href of hrefs(email.html)) {
        const url = new URL(href);
        expect(url.origin).toBe(PUBLIC_URL);
        // Paths and query values: a code, a tracking code, ids, a score; nothing else.
        expect(url.pathname).toMatch(/^\/(reserva\/K7Q2XM|mi-reserva|reservar|turno\/aB3_x-9Zq)$/);
        for (const [key, value] of url.searchParams) expect(`${key}=${value}`).toMatch(new RegExp(`^(oficina=${OFFICE_ID}|tramite=${SERVICE_ID}|calificacion=[1-5])$`));
      }
    }
  });

  it('the office’s contact: every kind gives its phone (tel:) and email (mailto:) above the footer, in both languages; none without them', async () => {
    const office = { ...common.office, contactPhone: '+56512213400', contactEmail: 'extranjeria.elqui@example.cl' };
    for (const message of Object.values(MESSAGES)) {
      const email = await renderEmail({ ...message, office } as MessageData);
      const withoutContact = await renderEmail(message);
      expect(email.text).toContain('Contacto de la oficina: +56 51 221 3400 · extranjeria.elqui@example.cl');
      expect(email.text).toContain('Office contact: +56 51 221 3400 · extranjeria.elqui@example.cl');
      // Above the footer's small print, in Spanish and in English.
      const [es, en] = email.text.split('\n----\n');
      expect(es.indexOf('Contacto de la oficina')).toBeLessThan(es.indexOf('no responda'));
      expect(en.indexOf('Office contact')).toBeLessThan(en.indexOf('do not reply'));
      expect(email.html).toContain('+56 51 221 3400');
      // The same links as without a contact, plus the two contact links in each language.
      expect(hrefs(email.html)).toEqual(expect.arrayContaining([...hrefs(withoutContact.html), 'tel:+56512213400', 'mailto:extranjeria.elqui@example.cl']));
      expect(hrefs(email.html).filter((h) => h.startsWith('tel:') || h.startsWith('mailto:'))).toEqual([
        'tel:+56512213400',
        'mailto:extranjeria.elqui@example.cl',
        'tel:+56512213400',
        'mailto:extranjeria.elqui@example.cl',
      ]);
      expect(withoutContact.text).not.toContain('Contacto de la oficina');
    }
    // A phone alone.
    const phoneOnly = await renderEmail({ ...MESSAGES.booking_confirmed, office: { ...common.office, contactPhone: '+56912345678', contactEmail: null } } as MessageData);
    expect(phoneOnly.text).toContain('Contacto de la oficina: +56 9 1234 5678\n');
    expect(hrefs(phoneOnly.html).filter((h) => !h.startsWith('https:'))).toEqual(['tel:+56912345678', 'tel:+56912345678']);
  });

  it('booking_cancelled_by_office with a contact: the reason, the rebook link and the office’s phone and email, no personal data', async () => {
    const office = { ...common.office, contactPhone: '+56223456789', contactEmail: 'oficina@example.cl' };
    const email = await renderEmail({ ...MESSAGES.booking_cancelled_by_office, office } as MessageData);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Motivo: Corte de energía en el edificio');
      expect(part).toContain('+56 2 2345 6789');
      expect(part).toContain('oficina@example.cl');
    }
    expect(email.text).toContain(`Elegir otra hora: ${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`);
    expect(new Set(hrefs(email.html))).toEqual(new Set([`${PUBLIC_URL}/reservar?oficina=${OFFICE_ID}&tramite=${SERVICE_ID}`, 'tel:+56223456789', 'mailto:oficina@example.cl']));
    expect(email.text).not.toMatch(/persona@|Estimado\/a \w/);
  });

  it('builds a MIME message that parses back: text and HTML alternatives, the inline QR and the .ics attached', async () => {
    const email = await renderEmail(MESSAGES.booking_confirmed);
    const raw = await new MailComposer({ from: 'turnos@example.cl', to: 'persona@example.cl', ...email }).compile().build();
    const source = raw.toString();
    expect(source).toMatch(/Content-Type: multipart\/mixed/);
    expect(source).toMatch(/Content-Type: multipart\/alternative/);
    expect(source).toMatch(/Content-Type: multipart\/related/);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text).toContain('Código de reserva: K7Q2XM');
    expect(source).toMatch(/Content-Id: <qr@turnero>/i);
    const qr = parsed.attachments.find((a) => a.contentType === 'image/png')!;
    expect(qr.cid).toBe('qr@turnero');
    expect(qr.related).toBe(true);
    const ics = parsed.attachments.find((a) => a.contentType === 'text/calendar')!;
    expect(ics.filename).toBe('reserva.ics');
    expect(icsLines(ics.content.toString())).toContain('DTSTART:20261207T123000Z');

    const reminder = await renderEmail(MESSAGES.reminder);
    const parsedReminder = await simpleParser(await new MailComposer({ from: 'turnos@example.cl', to: 'persona@example.cl', ...reminder }).compile().build());
    // Unfolded (RFC 5322 folds long header lines).
    const header = (key: string) => parsedReminder.headerLines.find((h) => h.key === key)?.line.replace(/\r\n\s+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${PUBLIC_URL}/api/v1/notifications/unsubscribe/tok_abc123>`);
  });
});
