import type { AvailabilityDay } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { dayKind, dayReason } from './day-status.js';

export interface SlotPickerProps {
  day: AvailabilityDay;
  timeZone: string;
  selected: string | null;
  onSelect(slotStart: string): void;
  /** The people booking together: times with fewer seats left cannot be chosen. */
  need?: number;
}

/** The chosen day's times, each with the seats left; full times are shown but cannot be chosen. */
export function SlotPicker({ day, timeZone, selected, onSelect, need = 1 }: SlotPickerProps) {
  const { t, i18n } = useTranslation('applicant');
  const headingId = useId();
  const language = i18n.language;
  return (
    <section className="slots" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('slots.heading', { date: formatDate(day.date, timeZone, language) })}</h3>
      {dayKind(day, need) !== 'available' ? (
        <p>{dayReason(day, t, timeZone, language)}</p>
      ) : (
        <ul className="slot-list">
          {day.slots.map((slot) => (
            <li key={slot.start}>
              <button type="button" className="slot" data-start={slot.start} disabled={slot.remaining < need} aria-pressed={slot.start === selected} onClick={() => onSelect(slot.start)}>
                <span className="slot-time">{formatTime(slot.start, timeZone, language)}</span>
                <span className="slot-seats">{slot.remaining === 0 ? t('slots.full') : t('slots.seats', { count: slot.remaining })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
