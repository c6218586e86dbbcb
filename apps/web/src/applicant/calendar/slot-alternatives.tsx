import { formatDate, formatTime } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { nextSlotsOf, type Problem } from '../common/api-call.js';

/** SLOT_FULL / DAY_FULL: the nearest times that still had room, each a button that takes it. */
export function SlotAlternatives({ problem, timeZone, onChoose }: { problem: Problem; timeZone: string; onChoose(slotStart: string): void }) {
  const { t, i18n } = useTranslation('applicant');
  const slots = nextSlotsOf(problem);
  if (slots.length === 0) return <p>{t('alternatives.none')}</p>;
  return (
    <div className="alternatives">
      <p>{t('alternatives.intro')}</p>
      <ul>
        {slots.map((slot) => (
          <li key={slot.start}>
            <button type="button" onClick={() => onChoose(slot.start)}>
              {t('alternatives.take', {
                date: formatDate(slot.start, timeZone, i18n.language),
                time: formatTime(slot.start, timeZone, i18n.language),
                count: slot.remaining,
              })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
