import { useCallback, useEffect, useState } from 'react';
import type { Outcome, Problem } from './api-call.js';

export type Loaded<T> = { state: 'idle' | 'loading' } | { state: 'ready'; data: T } | { state: 'error'; problem: Problem };

/**
 * Runs `load` when `key` changes (null: nothing to load) and keeps the latest answer; a stale answer
 * for a previous key is dropped. `reload` runs it again for the same key.
 */
export function useLoad<T>(key: string | null, load: () => Promise<Outcome<T>>): Loaded<T> & { reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: key === null ? 'idle' : 'loading' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (key === null) {
      setLoaded({ state: 'idle' });
      return undefined;
    }
    let live = true;
    setLoaded({ state: 'loading' });
    void load().then((outcome) => {
      if (live) setLoaded(outcome.ok ? { state: 'ready', data: outcome.data } : { state: 'error', problem: outcome.problem });
    });
    return () => {
      live = false;
    };
    // `load` is recreated on every render; `key` says what it loads.
  }, [key, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...loaded, reload };
}
