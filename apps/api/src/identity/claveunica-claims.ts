import { normalizeDocument } from '@turnero/scheduling';

/** Who a ClaveÚnica login says the person is, in the form bookings store. */
export interface ClaveUnicaPerson {
  documentNumber: string;
  fullName: string;
}

/**
 * ClaveÚnica's claims → the person: `RolUnico { numero, DV, tipo: 'RUN' }` becomes the canonical
 * RUT (normalizeDocument, so it equals what a booking typed by hand stores) and
 * `name { nombres[], apellidos[] }` becomes "Nombres Apellidos". Claims may come from the userinfo
 * endpoint (ClaveÚnica's way) or the ID token; userinfo wins. null when either is missing or the
 * RUN's check digit is wrong.
 */
export function claveUnicaPerson(idTokenClaims: Record<string, unknown>, userinfo?: Record<string, unknown>): ClaveUnicaPerson | null {
  const rolUnico = objectOf(userinfo?.RolUnico) ?? objectOf(idTokenClaims.RolUnico);
  const name = objectOf(userinfo?.name) ?? objectOf(idTokenClaims.name);
  if (!rolUnico || !name) return null;
  if (rolUnico.tipo !== undefined && rolUnico.tipo !== 'RUN') return null;
  const numero = typeof rolUnico.numero === 'number' ? String(rolUnico.numero) : rolUnico.numero;
  const dv = typeof rolUnico.DV === 'number' ? String(rolUnico.DV) : rolUnico.DV;
  if (typeof numero !== 'string' || typeof dv !== 'string' || !/^\d{1,9}$/.test(numero) || !/^[\dkK]$/.test(dv)) return null;
  const document = normalizeDocument('RUT', `${numero}-${dv}`);
  if (!document.ok) return null;
  const fullName = [...textsOf(name.nombres), ...textsOf(name.apellidos)].join(' ').replace(/\s+/g, ' ').trim();
  if (fullName.length < 2) return null;
  return { documentNumber: document.value, fullName: fullName.slice(0, 200) };
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((part): part is string => typeof part === 'string') : [];
}
