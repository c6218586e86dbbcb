import type { Schema } from '@turnero/api-client';
import { dateIn, formatDate, formatTime } from '@turnero/ui';

/** An office notice in force now (GET /api/v1/offices/{officeId}/notices): its message is plain text; `to` is exclusive. */
export type OfficeNotice = Schema<'NoticeDto'>;

/** How a notice's period reads, by its shape; each kind is a text in `notices.period.*`. */
export type NoticePeriod =
  | { kind: 'day'; values: { date: string } }
  | { kind: 'days'; values: { first: string; last: string } }
  | { kind: 'hours'; values: { date: string; start: string; end: string } }
  | { kind: 'span'; values: { fromDate: string; fromTime: string; toDate: string; toTime: string } };

const MIDNIGHT = '00:00';
/** The end of a day as Chilean notices write it ("hasta las 24:00"): never the next day's 00:00. */
const END_OF_DAY = '24:00';

/**
 * A notice's period in the office's time zone (never the browser's), in words of `language`:
 * whole local days (00:00 to 00:00) read as dates only ("del 2 al 4 de diciembre"), an end at
 * midnight as 24:00 of the day before, a period within one day as that day "de 08:00 a 13:00".
 * The period is [from, to): a notice for Wednesday ends at Thursday 00:00.
 */
export function noticePeriod(notice: Pick<OfficeNotice, 'from' | 'to'>, timeZone: string, language: string): NoticePeriod {
  const from = new Date(notice.from);
  const to = new Date(notice.to);
  const fromTime = formatTime(from, timeZone, 'es');
  const toTime = formatTime(to, timeZone, 'es');
  const endsAtMidnight = toTime === MIDNIGHT;
  const fromDay = dateIn(timeZone, from);
  // The last day the notice covers: the day before when it ends at midnight.
  const lastDay = dateIn(timeZone, endsAtMidnight ? new Date(to.getTime() - 1) : to);
  const date = (day: string) => formatDate(day, timeZone, language);
  const time = (instant: Date) => formatTime(instant, timeZone, language);
  const end = endsAtMidnight ? END_OF_DAY : time(to);

  if (fromTime === MIDNIGHT && endsAtMidnight) {
    return fromDay === lastDay ? { kind: 'day', values: { date: date(fromDay) } } : { kind: 'days', values: { first: date(fromDay), last: date(lastDay) } };
  }
  if (fromDay === lastDay) return { kind: 'hours', values: { date: date(fromDay), start: time(from), end } };
  return { kind: 'span', values: { fromDate: date(fromDay), fromTime: time(from), toDate: date(lastDay), toTime: end } };
}
