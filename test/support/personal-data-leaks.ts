/**
 * Looking for someone's personal data where it must never be: log lines, socket payloads, URLs.
 * A value is looked for in the forms it could take on the way: as typed, without accents, in
 * any case, a document without dots or dash, a phone or document as its digits, each part of a
 * name on its own.
 */

export interface Person {
  fullName: string;
  documentNumber: string;
  email: string;
  phone: string;
}

const withoutAccents = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '');
const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Every form of a person's data to look for, lower-case (the search ignores case). */
export function needlesOf(person: Person): string[] {
  const needles = new Set<string>();
  const add = (value: string) => {
    for (const form of [value, withoutAccents(value)]) if (form.trim().length >= 4) needles.add(form.toLowerCase());
  };
  add(person.fullName);
  for (const part of person.fullName.split(/\s+/)) if (part.length >= 5) add(part);
  add(person.documentNumber);
  add(person.documentNumber.replace(/[.\s]/g, ''));
  add(person.documentNumber.replace(/[.\-\s]/g, ''));
  // The document's digits alone: the RUT's body (check digit apart) and a passport's number.
  if (digitsOf(person.documentNumber).length >= 7) add(digitsOf(person.documentNumber));
  if (/-[\dkK]$/.test(person.documentNumber)) add(digitsOf(person.documentNumber.slice(0, -2)));
  add(person.email);
  add(person.email.split('@')[0]);
  add(person.phone);
  add(person.phone.replace(/\s/g, ''));
  add(digitsOf(person.phone));
  // The national number without the country code (+56), as people also write it.
  add(person.phone.replace(/^\+56\s*/, ''));
  add(digitsOf(person.phone).replace(/^56/, ''));
  return [...needles];
}

/** Each run of percent-encoded bytes decoded where it is valid UTF-8, the rest left as it is. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** A URL as written and decoded ('+' for spaces in a query), so an encoded name is found too. */
export function readableUrl(url: string): string {
  return `${url} ${percentDecoded(url.replace(/\+/g, ' '))}`;
}

/**
 * Where a needle is in a text, -1 if nowhere. Digits alone count only as a whole number (not
 * inside a longer one such as a timestamp), so that a phone's digits are not found by chance.
 */
function indexOfNeedle(text: string, needle: string): number {
  if (!/^\d+$/.test(needle)) return text.indexOf(needle);
  return new RegExp(`(?<!\\d)${needle}(?!\\d)`).exec(text)?.index ?? -1;
}

/** Each needle found in a haystack, with the text around it: empty when none is there. */
export function leaks(haystacks: { where: string; text: string }[], needles: string[]): string[] {
  const found: string[] = [];
  for (const { where, text } of haystacks) {
    // JSON may carry non-ASCII letters as \u escapes, and a logged URL its path percent-encoded:
    // search the text as it is and decoded.
    const unescaped = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const lower = `${text}\n${percentDecoded(unescaped)}`.toLowerCase();
    for (const needle of needles) {
      const at = indexOfNeedle(lower, needle);
      if (at >= 0) found.push(`${where}: "${needle}" in …${lower.slice(Math.max(0, at - 80), at + needle.length + 80)}…`);
    }
  }
  return found;
}
