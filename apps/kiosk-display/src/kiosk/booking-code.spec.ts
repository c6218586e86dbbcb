import { describe, expect, it } from 'vitest';
import { bookingCodeFromScan, CODE_ALPHABET, CODE_LENGTH, codeSymbol, formatPartialCode, KEYBOARD_ROWS, trackingCodeFromScan } from './booking-code.js';

describe('booking codes at the kiosk', () => {
  // test/e2e/kiosk.spec.ts checks these against libs/scheduling, which browser code may not import.
  it('have every symbol of the alphabet on the keyboard, once', () => {
    expect(CODE_LENGTH).toBe(9);
    expect([...KEYBOARD_ROWS.join('')].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
  });

  it('take typed symbols in any case, and nothing outside the alphabet', () => {
    expect(codeSymbol('k')).toBe('K');
    expect(codeSymbol('7')).toBe('7');
    for (const key of ['O', '0', 'I', '1', 'l', '-', 'Enter', ' ']) expect(codeSymbol(key)).toBeNull();
  });

  it('show what is typed in groups of three', () => {
    expect(formatPartialCode('')).toBe('');
    expect(formatPartialCode('K7M4')).toBe('K7M-4');
    expect(formatPartialCode('K7M4QX9PT')).toBe('K7M-4QX-9PT');
  });

  it.each([
    ['K7M-4QX-9PT', 'K7M-4QX-9PT'],
    ['k7m4qx9pt', 'K7M-4QX-9PT'],
    ["K7M'4QX'9PT", 'K7M-4QX-9PT'],
    ['https://turnero.example/reserva/K7M-4QX-9PT', 'K7M-4QX-9PT'],
    ['K7M-4QX-9P0', null],
    ['K7M-4QX-9PTT', null],
    ['', null],
  ])('find the code in a scan of %j', (scan, code) => {
    expect(bookingCodeFromScan(scan)).toBe(code);
  });
});

describe('trackingCodeFromScan', () => {
  it('finds the tracking code in a scanned ticket QR (a link to its turn page), and nothing else', () => {
    const code = 'abcDEF0123456789_-xyzA';
    expect(trackingCodeFromScan(`https://turnero.example/turno/${code}`)).toBe(code);
    expect(trackingCodeFromScan(`http://127.0.0.1:3000/turno/${code}`)).toBe(code);
    expect(trackingCodeFromScan('https://turnero.example/turno/AbCdEfGhIjKlMnOpQrStUv')).toBeNull(); // last character out of range
    expect(trackingCodeFromScan(`https://turnero.example/turno/${code}x`)).toBeNull();
    expect(trackingCodeFromScan('K7M-4QX-9PT')).toBeNull();
  });
});
