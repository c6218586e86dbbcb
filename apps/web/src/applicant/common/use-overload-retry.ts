import { useCallback, useEffect, useRef, useState } from 'react';
import type { Outcome } from './api-call.js';
import { IDLE, isOverload, type OverloadEvent, overloadReducer, type OverloadState } from './overload-retry.js';

type Wake = 'retry' | 'cancel';

export interface OverloadRetry {
  state: OverloadState;
  /**
   * Sends, and while the API sheds the request (isOverload) waits as it says and sends the very
   * same request again: `send` must reuse its body and Idempotency-Key. Resolves with the first
   * other answer, or null when this run was cancelled (a newer run, `cancel`, the page left).
   * Starting a run cancels the one before.
   */
  run<T>(send: () => Promise<Outcome<T>>): Promise<Outcome<T> | null>;
  /** "Reintentar ahora": ends the wait (or the stop) and sends at once. */
  retryNow(): void;
  /** "Dejar de reintentar": no automatic retry until `retryNow` or a new run. */
  stop(): void;
  /** Drops the run in progress (its request is not sent again); back to idle. */
  cancel(): void;
}

/** The "mucha demanda" retries of one action of a page (one booking submit, one calendar read). */
export function useOverloadRetry(): OverloadRetry {
  const [state, setState] = useState<OverloadState>(IDLE);
  const current = useRef<OverloadState>(IDLE);
  const generation = useRef(0);
  const waiter = useRef<{ timer: ReturnType<typeof setTimeout> | undefined; wake(how: Wake): void } | null>(null);

  const dispatch = useCallback((event: OverloadEvent) => {
    current.current = overloadReducer(current.current, event);
    setState(current.current);
  }, []);

  const wake = useCallback((how: Wake) => {
    const sleeping = waiter.current;
    if (!sleeping) return;
    waiter.current = null;
    clearTimeout(sleeping.timer);
    sleeping.wake(how);
  }, []);

  const cancel = useCallback(() => {
    generation.current += 1;
    wake('cancel');
    if (current.current.phase !== 'idle') dispatch({ type: 'reset' });
  }, [wake, dispatch]);

  // Leaving the page ends its retries.
  useEffect(() => cancel, [cancel]);

  const run = useCallback(
    async <T>(send: () => Promise<Outcome<T>>): Promise<Outcome<T> | null> => {
      cancel();
      const mine = generation.current;
      for (;;) {
        const outcome = await send();
        if (generation.current !== mine) return null;
        if (outcome.ok || !isOverload(outcome.problem)) {
          dispatch({ type: 'reset' });
          return outcome;
        }
        dispatch({ type: 'shed', problem: outcome.problem, now: Date.now(), random: Math.random() });
        const waiting = current.current;
        const how = await new Promise<Wake>((resolve) => {
          const delay = waiting.phase === 'waiting' ? Math.max(0, waiting.until - Date.now()) : 0;
          const sleeping = { timer: undefined as ReturnType<typeof setTimeout> | undefined, wake: resolve };
          sleeping.timer = setTimeout(() => {
            if (waiter.current === sleeping) waiter.current = null;
            resolve('retry');
          }, delay);
          waiter.current = sleeping;
        });
        if (how === 'cancel' || generation.current !== mine) return null;
        dispatch({ type: 'retry' });
      }
    },
    [cancel, dispatch],
  );

  const retryNow = useCallback(() => wake('retry'), [wake]);

  const stop = useCallback(() => {
    if (current.current.phase !== 'waiting') return;
    // The run stays asleep without its timer: only "Reintentar ahora", a new run or `cancel` wakes it.
    clearTimeout(waiter.current?.timer);
    dispatch({ type: 'stop' });
  }, [dispatch]);

  return { state, run, retryNow, stop, cancel };
}
