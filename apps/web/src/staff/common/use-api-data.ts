import type { ApiError } from '@turnero/api-client';
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { asApiError } from './errors.js';

export interface ApiData<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** Loads again; concurrent calls are folded into one more load after the current one. */
  reload(): Promise<void>;
}

/**
 * Data from the API for a page: loaded when `deps` change (null `load` = nothing to load yet),
 * reloaded on demand (after an action, on a socket's `queue.changed`). A reload requested while one
 * is running runs once more afterwards, so the page ends on the latest state without piling up.
 */
export function useApiData<T>(load: (() => Promise<T>) | null, deps: DependencyList): ApiData<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: load !== null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const running = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const generation = useRef(0);

  const run = useCallback(async (): Promise<void> => {
    if (!loadRef.current) return;
    if (running.current) {
      again.current = true;
      return running.current;
    }
    const mine = generation.current;
    const task = (async () => {
      do {
        again.current = false;
        try {
          const data = await loadRef.current!();
          if (mine === generation.current) setState({ data, error: null, loading: false });
        } catch (caught) {
          if (mine === generation.current) setState((s) => ({ ...s, error: asApiError(caught), loading: false }));
        }
      } while (again.current && mine === generation.current);
    })();
    running.current = task;
    try {
      await task;
    } finally {
      if (running.current === task) running.current = null;
    }
  }, []);

  useEffect(() => {
    generation.current += 1;
    running.current = null;
    again.current = false;
    setState({ data: null, error: null, loading: loadRef.current !== null });
    void run();
  }, deps);

  return { ...state, reload: run };
}
