import { useTranslation } from 'react-i18next';

export interface Interval {
  start: string;
  end: string;
}
/** ISO weekday (1 = Monday … 7 = Sunday) → intervals in local time; absent or empty = closed. */
export type WeeklyHours = Record<string, Interval[]>;

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** The office's usual week, day by day, each day with zero or more opening intervals. */
export function OpeningHoursEditor({ value, onChange, invalid }: { value: WeeklyHours; onChange(value: WeeklyHours): void; invalid?: boolean }) {
  const { t } = useTranslation('staff');
  const set = (day: string, intervals: Interval[]) => onChange({ ...value, [day]: intervals });

  return (
    <fieldset className="staff-hours" aria-invalid={invalid || undefined}>
      <legend>{t('office.openingHours')}</legend>
      {WEEKDAYS.map((day) => {
        const intervals = value[day] ?? [];
        const dayName = t(`weekdays.${day}`);
        return (
          <div key={day} className="staff-hours-day" role="group" aria-label={dayName}>
            <span className="staff-hours-name" aria-hidden="true">
              {dayName}
            </span>
            <div className="staff-hours-intervals">
              {intervals.length === 0 && <span className="staff-muted">{t('office.closedDay')}</span>}
              {intervals.map((interval, index) => (
                <span key={index} className="staff-hours-interval">
                  <label>
                    <span className="t-visually-hidden">{t('office.from', { day: dayName, n: index + 1 })}</span>
                    <input type="time" required value={interval.start} onChange={(e) => set(day, intervals.map((x, i) => (i === index ? { ...x, start: e.target.value } : x)))} />
                  </label>
                  <span aria-hidden="true">–</span>
                  <label>
                    <span className="t-visually-hidden">{t('office.to', { day: dayName, n: index + 1 })}</span>
                    <input type="time" required value={interval.end} onChange={(e) => set(day, intervals.map((x, i) => (i === index ? { ...x, end: e.target.value } : x)))} />
                  </label>
                  <button type="button" onClick={() => set(day, intervals.filter((_, i) => i !== index))} aria-label={t('office.removeInterval', { day: dayName, n: index + 1 })}>
                    ✕
                  </button>
                </span>
              ))}
              <button
                type="button"
                onClick={() => set(day, [...intervals, intervals.length ? { start: '14:00', end: '16:00' } : { start: '08:30', end: '14:00' }])}
                aria-label={t('office.addIntervalTo', { day: dayName })}
              >
                {t('office.addInterval')}
              </button>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** Only the open days, as the API stores them. */
export function compactHours(hours: WeeklyHours): WeeklyHours {
  return Object.fromEntries(Object.entries(hours).filter(([, intervals]) => intervals.length > 0));
}
