import { IANAZone } from 'luxon';

export const DEFAULT_TIME_ZONE = 'America/Santiago';

/** True when `zone` names a real IANA zone ("America/Santiago"), not an offset or an abbreviation. */
export function isValidTimeZone(zone: string): boolean {
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$|^UTC$/.test(zone) && IANAZone.isValidZone(zone);
}
