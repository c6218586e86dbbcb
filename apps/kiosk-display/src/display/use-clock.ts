import { formatTime } from '@turnero/ui';
import { useEffect, useState } from 'react';

/** The office's wall-clock time ("09:42"), re-rendering only when the minute changes. */
export function useClock(timeZone: string | null): string | null {
  const read = () => (timeZone ? formatTime(new Date(), timeZone) : null);
  const [time, setTime] = useState(read);
  useEffect(() => {
    setTime(read());
    const timer = setInterval(() => setTime(read()), 1_000);
    return () => clearInterval(timer);
  }, [timeZone]);
  return time;
}
