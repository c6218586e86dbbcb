/**
 * What the waiting-room screen says aloud, in Spanish words, so that every voice reads it the same
 * way ("A-012" at "Módulo 3" → "Número A doce, módulo tres"), whatever it would make of digits.
 */

const UP_TO_29 = [
  'cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve',
  'diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve',
  'veinte', 'veintiuno', 'veintidós', 'veintitrés', 'veinticuatro', 'veinticinco', 'veintiséis', 'veintisiete', 'veintiocho', 'veintinueve',
];
const TENS = ['', '', '', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'];
const HUNDREDS = ['', 'ciento', 'doscientos', 'trescientos', 'cuatrocientos', 'quinientos', 'seiscientos', 'setecientos', 'ochocientos', 'novecientos'];

/** A whole number from 0 to 999 999 in Spanish words ("112" → "ciento doce"); larger ones as digits. */
export function spanishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999) return String(n);
  if (n < 30) return UP_TO_29[n];
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? ` y ${UP_TO_29[n % 10]}` : ''}`;
  if (n === 100) return 'cien';
  if (n < 1000) return `${HUNDREDS[Math.floor(n / 100)]}${n % 100 ? ` ${spanishNumber(n % 100)}` : ''}`;
  const thousands = Math.floor(n / 1000);
  // "veintiún mil", "un mil" is just "mil".
  const head = thousands === 1 ? 'mil' : `${spanishNumber(thousands).replace(/uno$/, 'ún')} mil`;
  return `${head}${n % 1000 ? ` ${spanishNumber(n % 1000)}` : ''}`;
}

/** Every run of digits as words: "Módulo 3" → "Módulo tres". */
function digitsAsWords(text: string): string {
  return text.replace(/\d+/g, (digits) => spanishNumber(Number(digits)));
}

/** A ticket number read aloud: letters one by one, then the number without leading zeros ("PD-007" → "P D siete"). */
export function spokenTicketWords(number: string): string {
  const match = /^\s*([A-Za-z]+)-?(\d+)\s*$/.exec(number);
  if (!match) return digitsAsWords(number.trim());
  return `${match[1].toUpperCase().split('').join(' ')} ${spanishNumber(Number(match[2]))}`;
}

/** The counter as given, with its numbers in words and a lower-case start, as said mid-sentence. */
export function spokenCounter(counter: string): string {
  const words = digitsAsWords(counter.trim());
  return words.charAt(0).toLocaleLowerCase('es-CL') + words.slice(1);
}

/**
 * The whole call: "Número A doce, módulo tres". A group that checked in together (issue #18) is
 * said as one call: with one ticket per person every number ("Números A doce, A trece y A catorce,
 * módulo tres"); with one ticket for the group, how many come ("Número A doce, grupo de tres
 * personas, módulo tres").
 */
export function spokenCall(number: string, counter: string, group: { partySize?: number; numbers?: string[] } = {}): string {
  const numbers = group.numbers ?? [];
  if (numbers.length > 1) {
    const words = numbers.map(spokenTicketWords);
    return `Números ${words.slice(0, -1).join(', ')} y ${words[words.length - 1]}, ${spokenCounter(counter)}`;
  }
  const party = group.partySize ?? 1;
  const people = party > 1 ? `, grupo de ${spanishNumber(party)} personas` : '';
  return `Número ${spokenTicketWords(number)}${people}, ${spokenCounter(counter)}`;
}
