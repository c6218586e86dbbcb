import { describe, expect, it } from 'vitest';
import { claveUnicaPerson } from './claveunica-claims.js';
import { safeReturnTo } from './return-to.js';

const NAME = { nombres: ['María', 'José'], apellidos: ['Pérez', 'Soto'] };

describe("ClaveÚnica's claims → the person", () => {
  it('makes the canonical RUT and "Nombres Apellidos" from the userinfo claims', () => {
    expect(claveUnicaPerson({ sub: '1' }, { sub: '1', RolUnico: { numero: 12345678, DV: '5', tipo: 'RUN' }, name: NAME })).toEqual({
      documentNumber: '12345678-5',
      fullName: 'María José Pérez Soto',
    });
  });

  it('reads the ID token when userinfo is not used, a numero given as text and a k check digit', () => {
    expect(claveUnicaPerson({ RolUnico: { numero: '10000013', DV: 'k', tipo: 'RUN' }, name: { nombres: ['Ana'], apellidos: ['Rojas'] } })).toEqual({
      documentNumber: '10000013-K',
      fullName: 'Ana Rojas',
    });
  });

  it('prefers userinfo over the ID token', () => {
    const idToken = { RolUnico: { numero: 11111111, DV: '1' }, name: { nombres: ['Otro'], apellidos: ['Nombre'] } };
    expect(claveUnicaPerson(idToken, { RolUnico: { numero: 12345678, DV: '5' }, name: NAME })?.documentNumber).toBe('12345678-5');
  });

  it('refuses a missing RUN or name, a wrong check digit, another tipo, or odd shapes', () => {
    for (const claims of [
      { name: NAME },
      { RolUnico: { numero: 12345678, DV: '5' } },
      { RolUnico: { numero: 12345678, DV: '4' }, name: NAME },
      { RolUnico: { numero: 12345678, DV: '5', tipo: 'DNI' }, name: NAME },
      { RolUnico: { numero: '12.345.678', DV: '5' }, name: NAME },
      { RolUnico: [12345678, '5'], name: NAME },
      { RolUnico: { numero: 12345678, DV: '5' }, name: { nombres: [], apellidos: [] } },
      { RolUnico: { numero: 12345678, DV: '5' }, name: 'María Pérez' },
    ]) {
      expect(claveUnicaPerson({}, claims), JSON.stringify(claims)).toBeNull();
    }
  });
});

describe('where a sign-in returns', () => {
  it('keeps applicant paths of this site, with their query and fragment', () => {
    expect(safeReturnTo('/reservar?oficina=1#paso')).toBe('/reservar?oficina=1#paso');
    expect(safeReturnTo('/mi-reserva')).toBe('/mi-reserva');
    expect(safeReturnTo('/')).toBe('/');
  });

  it('sends anything else to /mis-tramites', () => {
    for (const raw of [undefined, '', 'reservar', 'https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', '/staff', '/staff/bookings', '/STAFF/x', '/./staff', '/a/../api/v1/me', '/%2e/staff', '/api', `/${'a'.repeat(600)}`]) {
      expect(safeReturnTo(raw), String(raw)).toBe('/mis-tramites');
    }
  });
});
