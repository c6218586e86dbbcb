import type { AvailabilityDay } from '@turnero/api-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import { serverClock } from '../../server-clock.js';
import { call, type Problem } from '../common/api-call.js';
import { type OverloadRetry, useOverloadRetry } from '../common/use-overload-retry.js';
import { dayKind } from './day-status.js';
import { addMonths, monthEnd, monthStart } from './calendar-dates.js';

export interface AvailabilityState {
  /** The month shown, as its first day. */
  month: string;
  setMonth(month: string): void;
  /** Every day loaded so far, by date. */
  days: ReadonlyMap<string, AvailabilityDay>;
  loading: boolean;
  problem: Problem | null;
  /** Forget what was loaded and ask again (after a booking was refused, or to retry). */
  reload(): void;
  /** The office's today by the server's clock: the first month offered. */
  today: string;
  /** "Mucha demanda": a read the API shed is asked again by itself (shown by OverloadNotice). */
  overload: OverloadRetry;
}

/**
 * A service's availability, two months per request (the API allows 62 days): the month shown
 * and the next. The first month shown is today's, or the next when today's has no room left.
 * One service per mount: give the component a `key` of the service.
 */
export function useAvailability(serviceId: string, timeZone: string): AvailabilityState {
  const today = serverClock.todayIn(timeZone);
  const [month, setMonthState] = useState(monthStart(today));
  const [days, setDays] = useState<ReadonlyMap<string, AvailabilityDay>>(new Map());
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [round, setRound] = useState(0);
  const firstLoad = useRef(true);
  const loaded = useRef(new Set<string>());
  const overload = useOverloadRetry();
  const { run, cancel } = overload;

  useEffect(() => {
    if (loaded.current.has(month)) return undefined;
    let live = true;
    const from = month;
    const to = monthEnd(addMonths(month, 1));
    setLoading(true);
    setProblem(null);
    void run(() => call(api.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId }, query: { from, to } } }))).then((outcome) => {
      if (!live || outcome === null) return;
      setLoading(false);
      if (!outcome.ok) {
        setProblem(outcome.problem);
        return;
      }
      loaded.current.add(from).add(addMonths(from, 1));
      const fetched = outcome.data.days;
      setDays((previous) => {
        const next = new Map(previous);
        for (const day of fetched) next.set(day.date, day);
        return next;
      });
      if (firstLoad.current) {
        firstLoad.current = false;
        const nextMonth = addMonths(from, 1);
        const hasRoom = (prefix: string) => fetched.some((day) => day.date.startsWith(prefix.slice(0, 7)) && dayKind(day) === 'available');
        if (!hasRoom(from) && hasRoom(nextMonth)) setMonthState(nextMonth);
      }
    });
    return () => {
      live = false;
      cancel();
    };
  }, [serviceId, month, round, run, cancel]);

  const reload = useCallback(() => {
    loaded.current = new Set();
    setRound((r) => r + 1);
  }, []);
  const setMonth = useCallback((next: string) => setMonthState(monthStart(next)), []);

  return { month, setMonth, days, loading, problem, reload, today, overload };
}
