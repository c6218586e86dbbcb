import { describe, expect, it } from 'vitest';
import { ratingEmail, turnPageUrl } from './rating-email.template.js';

const FACTS = {
  officeName: 'Municipalidad de Ñuñoa',
  officeAddress: 'Av. Irarrázaval 3550',
  serviceName: 'Permiso de circulación',
  number: 'P-007',
  completedAt: new Date('2026-12-01T12:30:00Z'), // 09:30 in Santiago (summer time, UTC−3)
  timeZone: 'America/Santiago',
  publicUrl: 'https://turnos.example.cl',
  trackingCode: 'aB3_x-9Zq',
};

describe('the rating email’s text', () => {
  it('says the visit in the office’s time, Spanish first, with the deadline 7 days later', () => {
    const { subject, text } = ratingEmail(FACTS);
    expect(subject).toBe('¿Cómo fue su atención? / How was your visit? – Municipalidad de Ñuñoa');
    expect(text).toContain('Gracias por su visita a Municipalidad de Ñuñoa (Av. Irarrázaval 3550) el 1 de diciembre de 2026, por el trámite «Permiso de circulación» (número P-007).');
    expect(text).toContain('hasta el 8 de diciembre de 2026 a las 09:30.');
    expect(text).toContain('Thank you for visiting Municipalidad de Ñuñoa (Av. Irarrázaval 3550) on 1 December 2026 for “Permiso de circulación” (number P-007).');
    expect(text).toContain('until 09:30 on 8 December 2026.');
    expect(text).toContain('Calificar mi atención: https://turnos.example.cl/turno/aB3_x-9Zq\n');
  });

  it('escapes what staff typed in the HTML and keeps it on one line everywhere', () => {
    const { subject, text, html } = ratingEmail({ ...FACTS, officeName: 'Oficina <b>"A"</b> &\r\nBcc: x@evil.example', serviceName: "Trámite <img src=x onerror='1'>", officeAddress: null });
    expect(subject).toBe('¿Cómo fue su atención? / How was your visit? – Oficina <b>"A"</b> & Bcc: x@evil.example');
    expect(text).not.toMatch(/\r|\nBcc/);
    expect(html).toContain('Oficina &lt;b&gt;&quot;A&quot;&lt;/b&gt; &amp; Bcc: x@evil.example');
    expect(html).toContain('Trámite &lt;img src=x onerror=&#39;1&#39;&gt;');
    expect(html).not.toMatch(/<img|<b>/);
  });

  it('links to the turn page by tracking code only, optionally with a preselected score', () => {
    expect(turnPageUrl('https://turnos.example.cl', 'aB3_x-9Zq')).toBe('https://turnos.example.cl/turno/aB3_x-9Zq');
    expect(turnPageUrl('https://example.cl/turnero', 'aB3_x-9Zq', 4)).toBe('https://example.cl/turnero/turno/aB3_x-9Zq?calificacion=4');
    const { html } = ratingEmail(FACTS);
    expect([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      ...[1, 2, 3, 4, 5].map((n) => `https://turnos.example.cl/turno/aB3_x-9Zq?calificacion=${n}`),
      'https://turnos.example.cl/turno/aB3_x-9Zq',
      ...[1, 2, 3, 4, 5].map((n) => `https://turnos.example.cl/turno/aB3_x-9Zq?calificacion=${n}`),
      'https://turnos.example.cl/turno/aB3_x-9Zq',
    ]);
  });
});
