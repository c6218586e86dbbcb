import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Announcement, Announcer, type AnnouncerOutputs } from './announcer.js';

const call = (number: string) => ({ number, counter: 'Módulo 1', calledAt: '2026-12-01T09:00:00-03:00' });

function outputs(sound = true) {
  const log: string[] = [];
  const started: Announcement[] = [];
  const out: AnnouncerOutputs & { idle: number } = {
    idle: 0,
    soundOn: () => sound,
    chime: () => new Promise((resolve) => setTimeout(() => (log.push('chime'), resolve()), 800)),
    speak: (text) => new Promise((resolve) => setTimeout(() => (log.push(text), resolve()), 1_000)),
    onStart: (a) => started.push(a),
    onIdle: () => out.idle++,
  };
  return { out, log, started };
}

describe('the announcement queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('announces calls that arrive together one after another, in order, none lost', async () => {
    const { out, log, started } = outputs();
    const announcer = new Announcer(out, { words: (c, recall) => `${recall ? 'otra vez ' : ''}${c.number}` });
    for (const n of ['A-1', 'A-2', 'A-3', 'A-4', 'A-5']) announcer.enqueue(call(n), false);
    expect(started.map((a) => a.call.number)).toEqual(['A-1']);
    await vi.advanceTimersByTimeAsync(5 * 2_200); // chime 0.8 s, voice 1 s, gap 0.4 s each
    expect(log).toEqual(['chime', 'A-1', 'chime', 'A-2', 'chime', 'A-3', 'chime', 'A-4', 'chime', 'A-5']);
    expect(started.map((a) => a.id)).toEqual([1, 2, 3, 4, 5]);
    expect(out.idle).toBe(1);
    announcer.enqueue(call('A-1'), true);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(log.at(-1)).toBe('otra vez A-1');
    expect(started.at(-1)?.id).toBe(6);
  });

  it('without sound still goes through them, for the eye and the live region', async () => {
    const { out, log, started } = outputs(false);
    const announcer = new Announcer(out, { words: (c) => c.number, silentMs: 1_000, gapMs: 0 });
    announcer.enqueue(call('A-1'), false);
    announcer.enqueue(call('A-2'), false);
    await vi.advanceTimersByTimeAsync(2_100);
    expect(started).toHaveLength(2);
    expect(log).toEqual([]);
  });

  it('is bounded: drops what waited more than a minute, and the oldest beyond the cap', async () => {
    const { out, started } = outputs();
    const slow = { ...out, speak: () => new Promise<void>((resolve) => setTimeout(resolve, 30_000)) };
    const announcer = new Announcer(slow, { words: (c) => c.number, maxQueued: 3 });
    announcer.enqueue(call('A-1'), false); // speaking for 30 s
    for (let i = 2; i <= 6; i++) announcer.enqueue(call(`A-${i}`), false);
    expect(announcer.pending).toBe(3);
    await vi.advanceTimersByTimeAsync(31_500);
    expect(started.map((a) => a.call.number)).toEqual(['A-1', 'A-4']);
    await vi.advanceTimersByTimeAsync(31_500); // have now waited over a minute
    expect(started.map((a) => a.call.number)).toEqual(['A-1', 'A-4']);
    expect(announcer.pending).toBe(0);
  });

  it('stops and clears its timers when disposed', async () => {
    const { out, started } = outputs(false);
    const announcer = new Announcer(out, { words: (c) => c.number });
    announcer.enqueue(call('A-1'), false);
    announcer.enqueue(call('A-2'), false);
    announcer.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started).toHaveLength(1);
    announcer.enqueue(call('A-3'), false);
    expect(started).toHaveLength(1);
  });
});
