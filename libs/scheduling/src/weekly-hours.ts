/**
 * An office's regular opening hours: for each ISO weekday (1 = Monday … 7 = Sunday) a list of
 * local-time intervals, e.g. `{ 1: [{ start: '08:30', end: '13:30' }, { start: '14:30', end: '16:00' }] }`.
 * A weekday that is absent or empty is closed.
 */
export interface TimeInterval {
  start: string;
  end: string;
}

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type WeeklyHours = Partial<Record<IsoWeekday, TimeInterval[]>>;

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of an "HH:mm" time. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

export function isLocalTime(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_TIME.test(value);
}

/**
 * Problems with a weekly schedule, as messages naming the weekday; empty when it is valid.
 * Intervals must be well-formed, non-empty and must not overlap within a day.
 */
export function weeklyHoursProblems(hours: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, intervals] of Object.entries(hours)) {
    const weekday = Number(key);
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      problems.push(`"${key}" is not an ISO weekday (1 = Monday … 7 = Sunday)`);
      continue;
    }
    if (!Array.isArray(intervals)) {
      problems.push(`weekday ${key} must be a list of intervals`);
      continue;
    }
    const sorted: TimeInterval[] = [];
    for (const interval of intervals as unknown[]) {
      const { start, end } = (interval ?? {}) as Partial<TimeInterval>;
      if (!isLocalTime(start) || !isLocalTime(end)) {
        problems.push(`weekday ${key}: every interval needs start and end as HH:mm`);
      } else if (minutesOfDay(start) >= minutesOfDay(end)) {
        problems.push(`weekday ${key}: ${start}–${end} ends before it starts`);
      } else {
        sorted.push({ start, end });
      }
    }
    sorted.sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOfDay(sorted[i].start) < minutesOfDay(sorted[i - 1].end)) {
        problems.push(`weekday ${key}: ${sorted[i - 1].start}–${sorted[i - 1].end} overlaps ${sorted[i].start}–${sorted[i].end}`);
      }
    }
  }
  return problems;
}
