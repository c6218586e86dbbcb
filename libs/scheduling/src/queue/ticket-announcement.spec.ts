import { describe, expect, it } from 'vitest';
import { announcementText, spokenTicket } from './ticket-announcement.js';

describe('spokenTicket', () => {
  it('drops padding zeros so speech says "doce", and keeps the counter name', () => {
    expect(spokenTicket('A-012', 'Módulo 3', 'es')).toEqual({ letter: 'A', number: 12, counter: 'Módulo 3' });
    expect(spokenTicket('B-1000', '  Caja   preferente ')).toEqual({ letter: 'B', number: 1000, counter: 'Caja preferente' });
  });

  it('reads a counter named only by a number as a "Módulo"', () => {
    expect(spokenTicket('A-007', '3')?.counter).toBe('Módulo 3');
  });

  it('returns null for something that is not a ticket number', () => {
    expect(spokenTicket('hello', 'Módulo 3')).toBeNull();
  });
});

describe('announcementText', () => {
  it('builds the Spanish sentence the display speaks', () => {
    expect(announcementText(spokenTicket('A-012', 'Módulo 3')!)).toBe('Número A 12, Módulo 3');
  });
});
