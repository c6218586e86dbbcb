import type { Booking } from '@turnero/api-client';
import { dateIn, formatDate, formatTime } from '@turnero/ui';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { addDays } from '../calendar/calendar-dates.js';
import { MonthCalendar } from '../calendar/month-calendar.js';
import { SlotAlternatives } from '../calendar/slot-alternatives.js';
import { SlotPicker } from '../calendar/slot-picker.js';
import { useAvailability } from '../calendar/use-availability.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { useLoad } from '../common/use-load.js';
import { useOverloadRetry } from '../common/use-overload-retry.js';

export interface RescheduleProps {
  booking: Booking;
  documentNumber: string;
  onDone(booking: Booking): void;
  onBack(): void;
}

/**
 * Another day and time for the same procedure, with the booking calendar. The API moves the
 * booking atomically: when the new time is refused the old one stays. A group moves together:
 * only times with room for all its people can be chosen.
 */
export function Reschedule({ booking, documentNumber, onDone, onBack }: RescheduleProps) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const zone = booking.timeZone;
  const availability = useAvailability(booking.serviceId, zone);
  const services = useLoad(booking.officeId, () => call(api.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId: booking.officeId } } })));
  const horizon = services.state === 'ready' ? services.data.find((s) => s.id === booking.serviceId)?.bookingHorizonDays : undefined;
  const [day, setDay] = useState<string | null>(null);
  const [slotStart, setSlotStart] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const keyFor = useIdempotencyKey();
  // "Mucha demanda" (503 OVERLOADED, 429): the same move is sent again by itself; another choice drops it.
  const overload = useOverloadRetry();
  const moves = useRef(0);
  const sending = busy && overload.state.phase !== 'stopped';
  const confirmArea = useRef<HTMLDivElement>(null);
  const chosenDay = day ? availability.days.get(day) : undefined;

  const move = async (start: string) => {
    const body = { documentNumber, slotStart: start };
    setBusy(true);
    setProblem(null);
    const moved = ++moves.current;
    const headers = { 'Idempotency-Key': keyFor({ code: booking.code, body }) };
    const outcome = await overload.run(() => call(api.POST('/api/v1/bookings/{code}/reschedule', { params: { path: { code: booking.code } }, body, headers })));
    if (outcome === null) {
      if (moves.current === moved) setBusy(false);
      return;
    }
    setBusy(false);
    if (outcome.ok) onDone(outcome.data);
    else {
      setProblem(outcome.problem);
      if (['SLOT_FULL', 'DAY_FULL', 'OUTSIDE_BOOKING_WINDOW', 'OFFICE_CLOSED', 'NOT_A_SLOT'].includes(outcome.problem.code)) availability.reload();
    }
  };

  const chooseSlot = (start: string) => {
    overload.cancel();
    setSlotStart(start);
    setProblem(null);
    requestAnimationFrame(() => {
      confirmArea.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      confirmArea.current?.querySelector<HTMLButtonElement>('button.t-primary')?.focus();
    });
  };

  const takeAlternative = (start: string) => {
    setDay(dateIn(zone, new Date(start)));
    setSlotStart(start);
    void move(start);
  };

  return (
    <div className="reschedule">
      <p>
        {t('myBooking.currentTime', {
          date: formatDate(booking.localDate, zone, language),
          time: formatTime(booking.slotStart, zone, language),
        })}
      </p>
      {booking.partySize > 1 && <p>{t('myBooking.rescheduleGroup', { count: booking.partySize })}</p>}
      <MonthCalendar
        availability={availability}
        timeZone={zone}
        selected={day}
        onSelect={(date) => {
          overload.cancel();
          setDay(date);
          setSlotStart(null);
        }}
        lastDate={horizon === undefined ? undefined : addDays(availability.today, horizon)}
        need={booking.partySize}
      />
      {chosenDay && <SlotPicker day={chosenDay} timeZone={zone} selected={slotStart} onSelect={chooseSlot} need={booking.partySize} />}
      <div ref={confirmArea} className="reschedule-confirm">
        {problem && (
          <ErrorNotice problem={problem} onRetry={slotStart ? () => void move(slotStart) : undefined}>
            {(problem.code === 'SLOT_FULL' || problem.code === 'DAY_FULL') && <SlotAlternatives problem={problem} timeZone={zone} onChoose={takeAlternative} />}
          </ErrorNotice>
        )}
        <OverloadNotice retry={overload} resumable />
        <div className="actions">
          {slotStart && (
            <button type="button" className="t-primary" aria-disabled={sending} onClick={() => !sending && void move(slotStart)}>
              {t('myBooking.moveTo', { date: formatDate(slotStart, zone, language), time: formatTime(slotStart, zone, language) })}
            </button>
          )}
          <button type="button" onClick={onBack}>
            {t('myBooking.keepTime')}
          </button>
        </div>
        {sending && <p role="status">{t('form.sending')}</p>}
      </div>
    </div>
  );
}
