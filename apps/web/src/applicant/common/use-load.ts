import { useCallback, useEffect, useState } from 'react';
import type { Outcome, Problem } from './api-call.js';
import { type OverloadRetry, useOverloadRetry } from './use-overload-retry.js';

export type Loaded<T> = { state: 'idle' | 'loading' } | { state: 'ready'; data: T } | { state: 'error'; problem: Problem };

/**
 * Runs `load` when `key` changes (null: nothing to load) and keeps the latest answer; a stale answer
 * for a previous key is dropped. `reload` runs it again for the same key. A load the API sheds
 * ("mucha demanda": 503 OVERLOADED, 429) stays loading and is asked again by itself (`overload`,
 * for an OverloadNotice).
 */
export function useLoad<T>(key: string | null, load: () => Promise<Outcome<T>>): Loaded<T> & { reload: () => void; overload: OverloadRetry } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: key === null ? 'idle' : 'loading' });
  const [round, setRound] = useState(0);
  const overload = useOverloadRetry();
  const { run, cancel } = overload;

  useEffect(() => {
    if (key === null) {
      setLoaded({ state: 'idle' });
      return undefined;
    }
    let live = true;
    setLoaded({ state: 'loading' });
    void run(load).then((outcome) => {
      if (live && outcome) setLoaded(outcome.ok ? { state: 'ready', data: outcome.data } : { state: 'error', problem: outcome.problem });
    });
    return () => {
      live = false;
      cancel();
    };
    // `load` is recreated on every render; `key` says what it loads.
  }, [key, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...loaded, reload, overload };
}
