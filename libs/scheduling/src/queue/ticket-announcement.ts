import { parseTicketNumber } from './ticket-number.js';

export type AnnouncementLanguage = 'es';

/** What the waiting-room screen shows and says when a ticket is called. */
export interface SpokenTicket {
  /** The service prefix, read as a letter ('A'). */
  letter: string;
  /** The sequence without padding zeros, so speech says "doce", not "cero doce". */
  number: number;
  /** The counter as it should be read ('Módulo 3'). */
  counter: string;
}

/**
 * The parts of a call announcement, or null when `ticketNumber` is not a ticket number. A counter
 * named only by a number ('3') is read as 'Módulo 3', the word Chilean offices use.
 */
export function spokenTicket(ticketNumber: string, counterName: string, _language: AnnouncementLanguage = 'es'): SpokenTicket | null {
  const parsed = parseTicketNumber(ticketNumber);
  if (!parsed) return null;
  const name = counterName.trim().replace(/\s+/g, ' ');
  return { letter: parsed.serviceCode, number: parsed.sequence, counter: /^\d+$/.test(name) ? `Módulo ${name}` : name };
}

/**
 * The sentence for the screen's speech synthesis: 'Número A 12, Módulo 3'. The space between
 * letter and digits makes synthesizers read the letter on its own instead of a made-up word.
 */
export function announcementText(spoken: SpokenTicket, _language: AnnouncementLanguage = 'es'): string {
  return `Número ${spoken.letter} ${spoken.number}, ${spoken.counter}`;
}
