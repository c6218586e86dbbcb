import { describe, expect, it } from 'vitest';
import { spanishNumber, spokenCall, spokenCounter, spokenTicketWords } from './spoken-call.js';

describe('the call read aloud in Spanish', () => {
  it('says the ticket and the counter in words: "A-012" at "Módulo 3"', () => {
    expect(spokenCall('A-012', 'Módulo 3')).toBe('Número A doce, módulo tres');
    expect(spokenCall('pd-100', 'Ventanilla 21')).toBe('Número P D cien, ventanilla veintiuno');
  });

  it('says a group as one call: every number with one ticket per person, how many with one ticket for the group', () => {
    expect(spokenCall('A-012', 'Módulo 3', { partySize: 3, numbers: ['A-012', 'A-013', 'A-014'] })).toBe('Números A doce, A trece y A catorce, módulo tres');
    expect(spokenCall('A-012', 'Módulo 3', { partySize: 2, numbers: ['A-012', 'A-013'] })).toBe('Números A doce y A trece, módulo tres');
    expect(spokenCall('A-012', 'Módulo 3', { partySize: 4 })).toBe('Número A doce, grupo de cuatro personas, módulo tres');
    expect(spokenCall('A-012', 'Módulo 3', { partySize: 1 })).toBe('Número A doce, módulo tres');
  });

  it.each([
    [0, 'cero'],
    [7, 'siete'],
    [16, 'dieciséis'],
    [22, 'veintidós'],
    [31, 'treinta y uno'],
    [99, 'noventa y nueve'],
    [101, 'ciento uno'],
    [115, 'ciento quince'],
    [500, 'quinientos'],
    [999, 'novecientos noventa y nueve'],
    [1000, 'mil'],
    [1001, 'mil uno'],
    [2026, 'dos mil veintiséis'],
    [21_000, 'veintiún mil'],
  ])('writes %i as "%s"', (n, words) => {
    expect(spanishNumber(n)).toBe(words);
  });

  it('keeps what it cannot read as words', () => {
    expect(spokenTicketWords('weird')).toBe('weird');
    expect(spokenCounter('Caja SII 2')).toBe('caja SII dos');
    expect(spanishNumber(1.5)).toBe('1.5');
  });
});
