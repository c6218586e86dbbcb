import type { Ticket } from '@turnero/api-client';
import { formatTicketNumber } from '@turnero/ui';
import { useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  ticket: Ticket;
  /** People before it whom the counter would call first (see ticketsAhead). */
  ahead: number;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * "Call this ticket now?": a modal dialog (the browser's own, so the focus stays inside and Escape
 * cancels) saying how many people the call passes over. The focus starts on Cancel, the harmless
 * answer, and goes back to the button that opened it when it closes.
 */
export function CallNowDialog({ ticket, ahead, onConfirm, onCancel }: Props) {
  const { t } = useTranslation('staff');
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();

  // A layout effect: closed before React removes it, so the browser gives the focus back.
  useLayoutEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => element?.close();
  }, []);

  const number = formatTicketNumber(ticket.number);
  return (
    <dialog
      ref={dialog}
      className="staff-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-ahead`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{t('desk.callNowTitle', { number })}</h2>
      <p id={`${id}-ahead`} className="staff-warning">
        {ahead === 0 ? t('desk.callNowNobodyAhead') : t('desk.callNowAhead', { count: ahead })}
      </p>
      <p>{t('desk.callNowRecorded')}</p>
      <div className="staff-actions">
        <button type="button" className="t-primary" onClick={onConfirm}>
          {t('desk.callNowConfirm')}
        </button>
        <button type="button" ref={cancel} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
