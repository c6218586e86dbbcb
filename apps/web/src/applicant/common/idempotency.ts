import { useRef } from 'react';

function randomKey(): string {
  // crypto.randomUUID needs a secure context; an office intranet may serve plain http.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One Idempotency-Key per user action: the same request sent again (a retry after a network
 * failure, a double click) reuses its key, so the API applies it once; a changed request gets a new one.
 */
export function useIdempotencyKey(): (request: unknown) => string {
  const last = useRef<{ request: string; key: string } | null>(null);
  return (request) => {
    const serialized = JSON.stringify(request);
    if (last.current?.request !== serialized) last.current = { request: serialized, key: randomKey() };
    return last.current.key;
  };
}
