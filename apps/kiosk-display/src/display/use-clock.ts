import { formatTime } from '@turnero/ui';
import { useEffect, useState } from 'react';
import { serverClock } from '../server-clock.js';

/**
 * The office's wall-clock time ("09:42") by the server's clock, in the office's time zone: a TV
 * whose own clock or zone is wrong still shows the office's time. Re-renders only when the minute
 * changes (or the clock learns a new offset).
 */
export function useClock(timeZone: string | null): string | null {
  const read = () => (timeZone ? formatTime(new Date(serverClock.now()), timeZone) : null);
  const [time, setTime] = useState(read);
  useEffect(() => {
    void serverClock.start();
    const update = () => setTime(read());
    update();
    const timer = setInterval(update, 1_000);
    const unsubscribe = serverClock.subscribe(update);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [timeZone]);
  return time;
}
