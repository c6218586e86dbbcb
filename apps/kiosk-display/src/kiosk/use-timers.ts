import { useEffect, useRef, useState } from 'react';

/**
 * Seconds left before `onDone`, counting down from `seconds` while `key` stays the same (a new key
 * starts again; null stops). One interval, cleared on unmount.
 */
export function useCountdown(seconds: number, key: unknown, onDone: () => void): number {
  const [left, setLeft] = useState(seconds);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    setLeft(seconds);
    if (key === null) return undefined;
    const endsAt = Date.now() + seconds * 1_000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((endsAt - Date.now()) / 1_000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        done.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds, key]);
  return left;
}

/** Calls `onIdle` after `ms` without a touch or a key, while `enabled`. */
export function useIdle(ms: number, enabled: boolean, onIdle: () => void): void {
  const idle = useRef(onIdle);
  idle.current = onIdle;
  useEffect(() => {
    if (!enabled) return undefined;
    let timer = setTimeout(() => idle.current(), ms);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.current(), ms);
    };
    window.addEventListener('pointerdown', restart);
    window.addEventListener('keydown', restart);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', restart);
      window.removeEventListener('keydown', restart);
    };
  }, [ms, enabled]);
}
