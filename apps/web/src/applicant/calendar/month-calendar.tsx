import type { AvailabilityDay } from '@turnero/api-client';
import { formatDate, intlLocale } from '@turnero/ui';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../common/error-notice.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { addDays, addMonths, monthEnd, monthGrid, monthLabel, monthStart, weekdayIndex, weekdayNames } from './calendar-dates.js';
import { dayKind, dayReason, hasNamedReason, type DayKind } from './day-status.js';
import type { AvailabilityState } from './use-availability.js';

export interface MonthCalendarProps {
  availability: AvailabilityState;
  timeZone: string;
  selected: string | null;
  onSelect(date: string): void;
  /** The last bookable date (the service's horizon): later months are not offered. */
  lastDate?: string;
  /** The people booking together (a day without a slot with room for all of them is full for them). */
  need?: number;
  /** A full day may be chosen too (the booking page then offers the waitlist). */
  onSelectFull?(date: string): void;
}

const sameMonth = (a: string, b: string) => a.slice(0, 7) === b.slice(0, 7);

/**
 * A month of the service's availability: days with room (and how many seats), full days, closed
 * days with their reason. A grid in the ARIA date-picker pattern: one day in the tab order, arrow
 * keys move by day and week, Home/End to the week's ends, Page Up/Down by month, Enter or Space
 * chooses. Days that cannot be chosen stay focusable so their reason is read out.
 */
export function MonthCalendar({ availability, timeZone, selected, onSelect, lastDate, need = 1, onSelectFull }: MonthCalendarProps) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const locale = intlLocale(language);
  const { month, setMonth, days, loading, problem, reload, today } = availability;
  const labelId = useId();
  const grid = useRef<HTMLTableElement>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const wantFocus = useRef(false);

  const firstMonth = monthStart(today);
  const lastMonth = monthStart(lastDate ?? addMonths(today, 12));
  const weeks = monthGrid(month);
  const monthDays = weeks.flat().filter((d): d is string => d !== null);
  const firstAvailable = monthDays.find((d) => dayKind(days.get(d), need) === 'available');
  const focused = cursor && sameMonth(cursor, month) ? cursor : selected && sameMonth(selected, month) ? selected : (firstAvailable ?? month);

  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`[data-date="${focused}"]`)?.focus();
  }, [focused, month]);

  const moveTo = (target: string) => {
    if (target < firstMonth || target > monthEnd(lastMonth)) return;
    if (!sameMonth(target, month)) setMonth(target);
    setCursor(target);
    wantFocus.current = true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(focused, -1),
      ArrowRight: () => addDays(focused, 1),
      ArrowUp: () => addDays(focused, -7),
      ArrowDown: () => addDays(focused, 7),
      Home: () => addDays(focused, -weekdayIndex(focused)),
      End: () => addDays(focused, 6 - weekdayIndex(focused)),
      PageUp: () => sameDayOfMonth(focused, -1),
      PageDown: () => sameDayOfMonth(focused, 1),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    moveTo(move());
  };

  const describe = (date: string, day: AvailabilityDay | undefined, kind: DayKind): { short: string; long: string } => {
    switch (kind) {
      case 'available':
        return { short: String(day!.remaining), long: t('calendar.seats', { count: day!.remaining }) };
      case 'full':
        return { short: t('calendar.fullShort'), long: t('calendar.full') };
      case 'closed':
        return { short: t('calendar.closedShort'), long: `${t('calendar.closed')}: ${dayReason(day!, t, timeZone, language)}` };
      case 'unavailable':
        return { short: '–', long: dayReason(day!, t, timeZone, language) };
      default:
        return { short: '', long: loading ? t('common.loading') : '' };
    }
  };

  const closures = monthDays.map((d) => days.get(d)).filter((d): d is AvailabilityDay => !!d && hasNamedReason(d));
  const names = weekdayNames(locale);

  return (
    <div className="calendar">
      <div className="calendar-nav">
        <button type="button" aria-label={t('calendar.previousMonth')} onClick={() => setMonth(addMonths(month, -1))} disabled={month <= firstMonth}>
          <span aria-hidden="true">‹ </span>
          {t('calendar.previous')}
        </button>
        <h3 id={labelId} className="calendar-month" aria-live="polite">
          {monthLabel(month, locale)}
        </h3>
        <button type="button" aria-label={t('calendar.nextMonth')} onClick={() => setMonth(addMonths(month, 1))} disabled={month >= lastMonth}>
          {t('calendar.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      {problem && <ErrorNotice problem={problem} onRetry={reload} focus={false} />}
      <OverloadNotice retry={availability.overload} resumable />
      <p className="calendar-help" id={`${labelId}-help`}>
        {t('calendar.keyboardHelp')}
      </p>
      <table ref={grid} role="grid" className="calendar-grid" aria-labelledby={labelId} aria-describedby={`${labelId}-help`} aria-busy={loading} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            {names.map((name) => (
              <th key={name.long} scope="col" abbr={name.long}>
                {name.short.replace('.', '')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find(Boolean)}>
              {week.map((date, index) => {
                if (!date) return <td key={`empty-${index}`} />;
                const day = days.get(date);
                const kind = dayKind(day, need);
                const text = describe(date, day, kind);
                const isSelected = date === selected;
                return (
                  <td key={date} aria-selected={isSelected}>
                    <button
                      type="button"
                      className={`day day-${kind}${isSelected ? ' day-selected' : ''}${date === today ? ' day-today' : ''}`}
                      data-date={date}
                      data-kind={kind}
                      tabIndex={date === focused ? 0 : -1}
                      aria-disabled={kind !== 'available' && !(kind === 'full' && onSelectFull)}
                      title={text.long}
                      onFocus={() => setCursor(date)}
                      onClick={() => (kind === 'available' ? onSelect(date) : kind === 'full' && onSelectFull?.(date))}
                    >
                      <span className="day-number" aria-hidden="true">
                        {Number(date.slice(8))}
                      </span>
                      <span className="day-status" aria-hidden="true">
                        {text.short}
                      </span>
                      <span className="t-visually-hidden">
                        {formatDate(date, timeZone, language)}: {text.long}
                      </span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="calendar-legend" aria-label={t('calendar.legend')}>
        <li>
          <span className="swatch day-available" aria-hidden="true" /> {t('calendar.legendAvailable')}
        </li>
        <li>
          <span className="swatch day-full" aria-hidden="true" /> {t('calendar.legendFull')}
        </li>
        <li>
          <span className="swatch day-closed" aria-hidden="true" /> {t('calendar.legendClosed')}
        </li>
      </ul>
      {closures.length > 0 && (
        <div className="calendar-closures">
          <p>{t('calendar.closuresThisMonth')}</p>
          <ul>
            {closures.map((day) => (
              <li key={day.date}>
                <strong>{formatDate(day.date, timeZone, language, 'long')}</strong>: {day.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The same day number a month earlier or later, or that month's last day. */
function sameDayOfMonth(date: string, months: number): string {
  const first = addMonths(date, months);
  const wanted = `${first.slice(0, 8)}${date.slice(8)}`;
  const last = monthEnd(first);
  return wanted > last ? last : wanted;
}
