import { describe, expect, it } from 'vitest';
import { RunningClock } from './clock.js';

describe('RunningClock', () => {
  it('starts at FAKE_NOW and keeps running with the machine clock', () => {
    let systemMs = Date.UTC(2030, 0, 1);
    const clock = new RunningClock('2026-12-01T08:30:00-03:00', () => systemMs);
    expect(clock.now().toISO()).toBe('2026-12-01T11:30:00.000Z');
    systemMs += 90_000;
    expect(clock.now().toISO()).toBe('2026-12-01T11:31:30.000Z');
    expect(clock.nowMs()).toBe(Date.parse('2026-12-01T11:31:30.000Z'));
  });

  it('reads the machine clock when no start is given', () => {
    const clock = new RunningClock(undefined, () => Date.UTC(2026, 10, 25, 12));
    expect(clock.now().toISO()).toBe('2026-11-25T12:00:00.000Z');
  });
});
