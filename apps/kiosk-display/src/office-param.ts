/** The office of this screen or kiosk: `?office=<uuid>` in the page's URL, else null. */
export function officeIdFromUrl(search = window.location.search): string | null {
  const office = new URLSearchParams(search).get('office');
  return office && /^[0-9a-f-]{36}$/i.test(office) ? office : null;
}
