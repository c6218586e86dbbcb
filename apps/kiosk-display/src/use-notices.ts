import type { Schema } from '@turnero/api-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.js';

/** An office notice in force now: its message is plain text, as staff wrote it, never HTML. */
export type OfficeNotice = Schema<'NoticeDto'>;

/** GET /api/v1/offices/{officeId}/notices (public); null when it failed. */
async function fetchNotices(officeId: string): Promise<OfficeNotice[] | null> {
  try {
    const { data } = await api.GET('/api/v1/offices/{officeId}/notices', { params: { path: { officeId } } });
    return data ?? null;
  } catch {
    return null; // the network: the next poll tries again
  }
}

export interface Notices {
  /** In force now, as last read; [] until the first answer. */
  list: OfficeNotice[];
  /** Read again now (e.g. after a reconnection, when events may have been missed). */
  refresh(): void;
  /** The list a realtime event brought (`notices.changed`): shown at once, and a read still in flight is dropped. */
  replace(notices: OfficeNotice[]): void;
}

/**
 * The office's notices in force, read at start and every `pollMs` (a screen stays on for days, and
 * a notice starts and ends by the clock). A failed read keeps the last list: a network blip must not
 * make a closure notice flicker away.
 */
export function useNotices(officeId: string | null, pollMs: number): Notices {
  const [list, setList] = useState<OfficeNotice[]>([]);
  const latest = useRef(0);

  const refresh = useCallback(() => {
    if (!officeId) return;
    // Answers may arrive out of order: only the newest request's answer counts.
    const request = ++latest.current;
    void fetchNotices(officeId).then((notices) => {
      if (notices && request === latest.current) setList(notices);
    });
  }, [officeId]);

  useEffect(() => {
    if (!officeId) return undefined;
    refresh();
    const timer = setInterval(refresh, pollMs);
    return () => {
      clearInterval(timer);
      latest.current++; // drop the answer of a request still in flight
    };
  }, [officeId, pollMs, refresh]);

  const replace = useCallback((notices: OfficeNotice[]) => {
    latest.current++;
    setList(notices);
  }, []);

  return { list, refresh, replace };
}
