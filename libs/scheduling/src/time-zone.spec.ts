import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from './time-zone.js';

describe('isValidTimeZone', () => {
  it.each(['America/Santiago', 'Pacific/Easter', 'America/Punta_Arenas', 'UTC'])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', 'CLT', '-03:00', 'America/', '', 'America/Santiago; DROP'])('refuses %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
