import { type ApiError, type Counter, type DeskTicket, type Service, type Ticket, toApiError, unwrap } from '@turnero/api-client';
import { formatTicketNumber, formatTime, spokenTicketNumber } from '@turnero/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { useSession } from '../session.js';
import { CallNowDialog } from './call-now-dialog.js';

type TicketAction = 'recall' | 'start' | 'complete' | 'no-show';

interface Props {
  counter: Counter;
  /** The ticket called or served at this counter now (from the queue), if any. */
  current: Ticket | undefined;
  services: Service[];
  timeZone: string;
  /** Reload the queue and counters after an action (the socket also tells, a moment later). */
  refresh(): Promise<void>;
  /** A waiting ticket chosen with "Call now", to confirm; and the people it would pass over. */
  callNow: { ticket: Ticket; ahead: number } | null;
  /** The "Call now" dialog closed (confirmed or not). */
  onCallNowClosed(): void;
}

/** `callNow`: an error of calling out of order, which has words of its own for some codes. */
type Outcome = { kind: 'success' | 'info'; text: string } | { kind: 'error'; error: ApiError; callNow?: boolean } | null;

/**
 * The counter's work: call the next person (or, confirmed, one out of order), then recall, start,
 * complete, no-show or transfer. After each action the focus moves to the next likely action, so
 * the desk runs on Tab and Enter.
 */
export function CurrentTicket({ counter, current, services, timeZone, refresh, callNow, onCallNowClosed }: Props) {
  const { t, i18n } = useTranslation('staff');
  const { reloadUser } = useSession();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [transferring, setTransferring] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const panel = useRef<HTMLDivElement>(null);
  const busyRef = useRef(false);
  // Bumped after each action: the focus then goes to the next likely action ([data-primary]).
  const [actions, setActions] = useState(0);

  const state = current ? `${current.id}:${current.status}` : 'none';
  useEffect(() => setTransferring(false), [state]);
  useEffect(() => {
    if (actions > 0) panel.current?.querySelector<HTMLElement>('[data-primary]')?.focus();
  }, [actions]);

  // Buttons stay enabled while busy (a disabled button drops the keyboard focus); a second press is ignored.
  async function run(action: () => Promise<Outcome>) {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setOutcome(null);
    let result: Outcome;
    try {
      result = await action();
    } catch (caught) {
      result = { kind: 'error', error: asApiError(caught) };
    }
    await refresh().catch(() => undefined);
    setOutcome(result);
    busyRef.current = false;
    setBusy(false);
    setActions((n) => n + 1);
  }

  const callNext = () =>
    run(async () => {
      const { data, error, response } = await staffApi.POST('/api/v1/counters/{counterId}/call-next', { params: { path: { counterId: counter.id } } });
      if (response.status === 204) return { kind: 'info', text: t('desk.nobodyWaiting') };
      if (!data) throw toApiError(error, response.status);
      return { kind: 'success', text: t('desk.called', { number: formatTicketNumber(data.number) }) };
    });

  const callOutOfOrder = (ticket: Ticket) => {
    if (busyRef.current) return; // the dialog stays open until the action under way is over
    onCallNowClosed();
    return run(async () => {
      try {
        const done = await unwrap(staffApi.POST('/api/v1/counters/{counterId}/call/{ticketId}', { params: { path: { counterId: counter.id, ticketId: ticket.id } } }));
        return { kind: 'success', text: t('desk.calledOutOfOrder', { number: formatTicketNumber(done.number) }) };
      } catch (caught) {
        const error = asApiError(caught);
        // The permission may have been withdrawn meanwhile: read it again, so the buttons go.
        if (error.code === 'FORBIDDEN') await reloadUser();
        return { kind: 'error', error, callNow: true };
      }
    });
  };

  const act = (ticket: Ticket, action: TicketAction) =>
    run(async () => {
      const path = { params: { path: { ticketId: ticket.id } } };
      let done: DeskTicket;
      if (action === 'recall') done = await unwrap(staffApi.POST('/api/v1/tickets/{ticketId}/recall', path));
      else if (action === 'start') done = await unwrap(staffApi.POST('/api/v1/tickets/{ticketId}/start', path));
      else if (action === 'complete') done = await unwrap(staffApi.POST('/api/v1/tickets/{ticketId}/complete', path));
      else done = await unwrap(staffApi.POST('/api/v1/tickets/{ticketId}/no-show', path));
      // A recall past the office's limit turns into a no-show: say what happened.
      const key = action === 'recall' && done.status === 'no_show' ? 'desk.done.recallNoShow' : `desk.done.${action}`;
      return { kind: 'success', text: t(key, { number: formatTicketNumber(done.number) }) };
    });

  function transfer(event: FormEvent, ticket: Ticket) {
    event.preventDefault();
    if (!transferTo) return;
    void run(async () => {
      const done = await unwrap(staffApi.POST('/api/v1/tickets/{ticketId}/transfer', { params: { path: { ticketId: ticket.id } }, body: { serviceId: transferTo } }));
      const to = services.find((s) => s.id === transferTo)?.name ?? '';
      setTransferTo('');
      return { kind: 'success', text: t('desk.done.transfer', { number: formatTicketNumber(done.number), service: to }) };
    });
  }

  const transferTargets = services.filter((s) => s.active && s.id !== current?.serviceId);

  return (
    <div className="staff-current" ref={panel} aria-busy={busy}>
      {current ? (
        <div className="staff-current-ticket" data-ticket-status={current.status}>
          <p className="staff-current-label">{current.status === 'serving' ? t('desk.serving') : t('desk.calledLabel')}</p>
          <p className="staff-current-number" aria-label={spokenTicketNumber(current.number)}>
            {formatTicketNumber(current.number)}
          </p>
          <dl className="staff-facts">
            <div>
              <dt>{t('queue.service')}</dt>
              <dd>{current.serviceName}</dd>
            </div>
            <div>
              <dt>{t('queue.kind')}</dt>
              <dd>
                {current.kind === 'appointment' && current.slotStart
                  ? t('queue.appointmentAt', { time: formatTime(current.slotStart, timeZone, i18n.language) })
                  : t('queue.walkIn')}
                {current.preferential && <span className="staff-tag staff-tag-preferential">{t('queue.preferential')}</span>}
              </dd>
            </div>
            {current.partySize > 1 && (
              <div className="staff-current-group" data-party-size={current.partySize}>
                <dt>{t('desk.group')}</dt>
                <dd>
                  <strong>{t('desk.groupPeople', { count: current.partySize })}</strong>
                  {current.groupNumbers && <> · {t('desk.groupNumbers', { numbers: current.groupNumbers.map((number) => formatTicketNumber(number)).join(', ') })}</>}
                </dd>
              </div>
            )}
            {current.calledAt && (
              <div>
                <dt>{t('queue.calledAt')}</dt>
                <dd>{formatTime(current.calledAt, timeZone, i18n.language)}</dd>
              </div>
            )}
          </dl>
          <div className="staff-actions">
            {current.status === 'called' && (
              <>
                <button type="button" className="t-primary" data-primary onClick={() => void act(current, 'start')} aria-disabled={busy}>
                  {t('desk.start')}
                </button>
                <button type="button" onClick={() => void act(current, 'recall')} aria-disabled={busy}>
                  {t('desk.recall')}
                </button>
                <button type="button" onClick={() => void act(current, 'no-show')} aria-disabled={busy}>
                  {t('desk.noShow')}
                </button>
              </>
            )}
            {current.status === 'serving' && (
              <button type="button" className="t-primary" data-primary onClick={() => void act(current, 'complete')} aria-disabled={busy}>
                {t('desk.complete')}
              </button>
            )}
            <button type="button" aria-expanded={transferring} onClick={() => setTransferring((open) => !open)} aria-disabled={busy}>
              {t('desk.transfer')}
            </button>
          </div>
          {transferring && (
            <form className="staff-form staff-transfer" onSubmit={(event) => transfer(event, current)}>
              <label>
                <span>{t('desk.transferTo')}</span>
                <select value={transferTo} onChange={(e) => setTransferTo(e.target.value)} required autoFocus>
                  <option value="">{t('common.choose')}</option>
                  {transferTargets.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <div className="staff-actions">
                <button type="submit" className="t-primary" disabled={!transferTo}>
                  {t('desk.confirmTransfer')}
                </button>
                <button type="button" onClick={() => setTransferring(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          )}
        </div>
      ) : (
        <div className="staff-current-empty">
          <p>{t('desk.free')}</p>
          <button type="button" className="t-primary staff-call-next" data-primary onClick={() => void callNext()} aria-disabled={busy}>
            {t('desk.callNext')}
          </button>
        </div>
      )}
      <div className="staff-outcome" aria-live="polite">
        {outcome &&
          (outcome.kind === 'error' ? (
            <Notice kind="error">{outcome.callNow ? callNowError(t, outcome.error) : errorMessage(t, outcome.error)}</Notice>
          ) : (
            <Notice kind={outcome.kind}>{outcome.text}</Notice>
          ))}
      </div>
      {callNow && <CallNowDialog ticket={callNow.ticket} ahead={callNow.ahead} onConfirm={() => void callOutOfOrder(callNow.ticket)} onCancel={onCallNowClosed} />}
    </div>
  );
}

/** Calling out of order refused: the codes that mean something else here first (taken by another counter, no permission). */
function callNowError(t: TFunction<'staff'>, error: ApiError): string {
  const key = `desk.callNowErrors.${error.code}`;
  return t(key, { defaultValue: '' }) || errorMessage(t, error);
}
