import { afterEach, describe, expect, it, vi } from 'vitest';
import { dateIn, offsetFrom, ServerClock } from './server-clock.js';

describe('the server clock in the browser', () => {
  afterEach(() => vi.useRealTimers());

  it('takes the middle of the round trip as the moment the server read its clock', () => {
    // Sent at 1000, answered at 1400: the server said 10 000 at about 1200.
    expect(offsetFrom(1_000, new Date(10_000).toISOString(), 1_400)).toBe(8_800);
    expect(offsetFrom(5_000, new Date(1_000).toISOString(), 5_000)).toBe(-4_000);
    expect(() => offsetFrom(0, 'yesterday', 1)).toThrow(/Not an instant/);
  });

  it("reads the office's date in the office's time zone, not the browser's", () => {
    // 02:00 UTC on 1 December is still 30 November in Santiago (UTC-3) and already 1 December in Tokyo.
    const instant = Date.parse('2026-12-01T02:00:00Z');
    expect(dateIn('America/Santiago', instant)).toBe('2026-11-30');
    expect(dateIn('Asia/Tokyo', instant)).toBe('2026-12-01');
  });

  it("gives the server's now and today once synced, while the browser's clock is a day and hours off", async () => {
    let local = Date.parse('2026-12-02T20:00:00+09:00'); // a TV in Tokyo's clock, a day ahead
    const clock = new ServerClock({
      fetchNow: async () => {
        local += 200; // the round trip takes 200 ms
        return '2026-12-01T09:00:00.100-03:00';
      },
      readLocalMs: () => local,
    });
    expect(clock.synced).toBe(false);
    expect(clock.todayIn('America/Santiago')).toBe('2026-12-02');
    expect(await clock.sync()).toBe(true);
    expect(clock.synced).toBe(true);
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-01T12:00:00.200Z');
    expect(clock.todayIn('America/Santiago')).toBe('2026-12-01');
    // The browser's clock runs on; the server's follows it.
    local += 60_000;
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-01T12:01:00.200Z');
  });

  it('keeps the offset it had when the server does not answer or answers nonsense, and tells listeners only of a new one', async () => {
    let answer: () => Promise<string> = async () => '2026-12-01T12:00:00.000Z';
    const clock = new ServerClock({ fetchNow: () => answer(), readLocalMs: () => 0 });
    const heard = vi.fn();
    const unsubscribe = clock.subscribe(heard);
    await clock.sync();
    expect(heard).toHaveBeenCalledTimes(1);
    await clock.sync();
    expect(heard).toHaveBeenCalledTimes(1);
    answer = () => Promise.reject(new Error('offline'));
    expect(await clock.sync()).toBe(false);
    answer = async () => 'not a date';
    expect(await clock.sync()).toBe(false);
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    answer = async () => '2026-12-01T12:00:05.000Z';
    await clock.sync();
    expect(heard).toHaveBeenCalledTimes(2);
    unsubscribe();
    answer = async () => '2026-12-01T12:00:09.000Z';
    await clock.sync();
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it('refreshes the offset every refreshMs once started, and retries sooner after a failure', async () => {
    vi.useFakeTimers();
    const answers = [Promise.reject(new Error('down')), Promise.resolve('2026-12-01T12:00:00.000Z'), Promise.resolve('2026-12-01T12:00:01.000Z')];
    for (const answer of answers) answer.catch(() => undefined);
    const fetchNow = vi.fn(() => answers.shift() ?? Promise.resolve('2026-12-01T12:00:02.000Z'));
    const clock = new ServerClock({ fetchNow, refreshMs: 600_000, retryMs: 30_000, readLocalMs: () => 0 });
    expect(await clock.start()).toBe(false);
    expect(clock.start()).toBe(clock.start()); // idempotent
    expect(fetchNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetchNow).toHaveBeenCalledTimes(2);
    expect(clock.now()).toBe(Date.parse('2026-12-01T12:00:00.000Z'));
    await vi.advanceTimersByTimeAsync(599_000);
    expect(fetchNow).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchNow).toHaveBeenCalledTimes(3);
    expect(clock.now()).toBe(Date.parse('2026-12-01T12:00:01.000Z'));
    clock.stop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fetchNow).toHaveBeenCalledTimes(3);
  });

  it('ready() waits for the first answer, but no longer than its timeout', async () => {
    vi.useFakeTimers();
    const clock = new ServerClock({ fetchNow: () => new Promise<string>(() => undefined), readLocalMs: () => 0 });
    const ready = clock.ready(3_000);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await ready).toBe(false);
    expect(clock.synced).toBe(false);
    clock.stop();
  });
});
