/** Where an applicant lands after signing in, and where a failed sign-in is told. */
export const DEFAULT_RETURN_TO = '/mis-tramites';
const MAX_LENGTH = 512;
const BASE = 'http://turnero.invalid';

/**
 * A page of this site's applicant part to return to after the provider, or /mis-tramites: a
 * relative path with one leading slash (no //host, no backslash, no control characters), not
 * under /staff or /api once the browser has resolved it. Never an address elsewhere (no open redirect).
 */
export function safeReturnTo(raw: string | undefined): string {
  if (raw === undefined || raw.length > MAX_LENGTH || !raw.startsWith('/') || raw.startsWith('//')) return DEFAULT_RETURN_TO;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_TO;
  const path = url.pathname.toLowerCase();
  for (const closed of ['/staff', '/api']) if (path === closed || path.startsWith(`${closed}/`)) return DEFAULT_RETURN_TO;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The failure page: /mis-tramites?ingreso=fallido&motivo=<reason>. */
export function failedSignInLocation(reason: string): string {
  return `${DEFAULT_RETURN_TO}?ingreso=fallido&motivo=${reason}`;
}
