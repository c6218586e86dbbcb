import type { Office } from '@turnero/api-client';
import { useEffect, useState } from 'react';
import { api } from './api.js';

export type OfficeState = { status: 'loading' } | { status: 'ready'; office: Office } | { status: 'not-found' } | { status: 'missing' };

/**
 * The office of `?office=<id>` from the public list (its name and time zone). While the API cannot
 * be reached it keeps trying, every `retryMs`: a screen or kiosk is switched on before the server.
 */
export function useOffice(officeId: string | null, retryMs = 10_000): OfficeState {
  const [state, setState] = useState<OfficeState>(officeId ? { status: 'loading' } : { status: 'missing' });

  useEffect(() => {
    if (!officeId) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const { data } = await api.GET('/api/v1/offices');
        if (cancelled) return;
        if (data) {
          const office = data.find((o) => o.id === officeId);
          setState(office ? { status: 'ready', office } : { status: 'not-found' });
          return;
        }
      } catch {
        // the network: try again
      }
      if (!cancelled) timer = setTimeout(() => void load(), retryMs);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [officeId, retryMs]);

  return state;
}
