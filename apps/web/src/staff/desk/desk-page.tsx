import { type ApiError, type Counter, type Ticket, unwrap } from '@turnero/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage } from '../common/errors.js';
import { LiveStatus } from '../common/live-status.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { CalledTable, WaitingTable } from '../common/queue-tables.js';
import { useApiData } from '../common/use-api-data.js';
import { useLiveOffice } from '../common/use-live-office.js';
import { useCounters, useServices } from '../common/use-office-data.js';
import { setTabPreference, tabPreference } from '../session-store.js';
import { useCurrentOffice, useSession } from '../session.js';
import { CounterPicker } from './counter-picker.js';
import { CurrentTicket } from './current-ticket.js';
import { mayCallOutOfOrder, ticketsAhead } from './out-of-order.js';

/**
 * The agent's counter console (`/staff/desk`): open a counter for some of its services, call and
 * serve, and watch the office's queue change live (the `/staff` socket's `queue.changed`). Those
 * who may call out of order get "Call now" on the waiting tickets the free counter serves.
 */
export function DeskPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('desk.title'));
  const { user, reloadUser } = useSession();
  // The permission as it is now: a supervisor may have granted or withdrawn it since the login.
  useEffect(() => void reloadUser(), [reloadUser]);
  const office = useCurrentOffice();
  const officeId = office.id;
  const services = useServices(officeId);
  const counters = useCounters(officeId);
  const queue = useApiData(() => unwrap(staffApi.GET('/api/v1/offices/{officeId}/queue', { params: { path: { officeId } } })), [officeId]);
  const socketStatus = useLiveOffice(() => {
    void queue.reload();
    void counters.reload();
  });
  const [counterId, setCounterId] = useState(() => tabPreference('counter'));
  const [choosing, setChoosing] = useState(false);
  const [closeError, setCloseError] = useState<ApiError | null>(null);
  const [callNow, setCallNow] = useState<{ ticket: Ticket; ahead: number } | null>(null);

  const counter = counters.data?.find((c) => c.id === counterId && c.officeId === officeId);
  const atCounter = counter?.open && !choosing;
  const current = counter ? queue.data?.called.find((ticket) => ticket.counterId === counter.id) : undefined;

  async function refresh() {
    await Promise.all([queue.reload(), counters.reload()]);
  }

  function opened(opened: Counter) {
    setTabPreference('counter', opened.id);
    setCounterId(opened.id);
    setChoosing(false);
    void refresh();
  }

  async function close() {
    if (!counter) return;
    setCloseError(null);
    try {
      await unwrap(staffApi.POST('/api/v1/counters/{counterId}/close', { params: { path: { counterId: counter.id } } }));
      setTabPreference('counter', null);
      await refresh();
    } catch (caught) {
      setCloseError(asApiError(caught));
    }
  }

  const loadError = services.error ?? counters.error ?? queue.error;
  const servedHere = counter?.openServiceIds ?? [];
  // Only at a free counter: a ticket called out of order needs the counter's attention at once.
  const canCallNow = Boolean(atCounter && counter && queue.data && !current) && mayCallOutOfOrder(user);
  // A dialog left open while the counter got busy (or the permission went) is not shown again later.
  useEffect(() => {
    if (!canCallNow) setCallNow(null);
  }, [canCallNow]);

  return (
    <div className="staff-desk">
      <div className="staff-page-head">
        <h1>{atCounter && counter ? t('desk.titleAt', { counter: counter.name }) : t('desk.title')}</h1>
        <LiveStatus status={socketStatus} />
      </div>
      {loadError && <Notice kind="error">{errorMessage(t, loadError)}</Notice>}
      {!services.data || !counters.data ? (
        <p role="status">{t('common.loading')}</p>
      ) : !atCounter || !counter ? (
        <section aria-labelledby="desk-open-title" className="staff-panel">
          <h2 id="desk-open-title">{t('desk.openTitle')}</h2>
          {counterId && counter && !counter.open && !choosing && <Notice kind="info">{t('desk.counterClosed', { counter: counter.name })}</Notice>}
          <CounterPicker
            counters={counters.data}
            services={services.data}
            initialCounterId={counterId}
            onOpened={opened}
            onCancel={choosing ? () => setChoosing(false) : undefined}
          />
        </section>
      ) : (
        <div className="staff-desk-grid">
          <section aria-labelledby="desk-current-title" className="staff-panel staff-desk-current">
            <h2 id="desk-current-title">{t('desk.currentTitle')}</h2>
            <CurrentTicket
              counter={counter}
              current={current}
              services={services.data}
              timeZone={office.timeZone}
              refresh={refresh}
              callNow={canCallNow ? callNow : null}
              onCallNowClosed={() => setCallNow(null)}
            />
            <div className="staff-counter-info">
              <p>
                {t('desk.servingServices')}{' '}
                {services.data
                  .filter((s) => servedHere.includes(s.id))
                  .map((s) => s.name)
                  .join(', ')}
              </p>
              <div className="staff-actions">
                <button type="button" onClick={() => setChoosing(true)}>
                  {t('desk.changeServices')}
                </button>
                <button type="button" onClick={() => void close()}>
                  {t('desk.closeCounter')}
                </button>
              </div>
              {closeError && <Notice kind="error">{errorMessage(t, closeError)}</Notice>}
            </div>
          </section>
          <section aria-labelledby="desk-queue-title" className="staff-panel staff-desk-queue">
            <h2 id="desk-queue-title">
              {t('queue.waitingTitle')} <span className="staff-count" data-testid="waiting-count">{queue.data?.waiting.length ?? '…'}</span>
            </h2>
            {queue.data && (
              <WaitingTable
                queue={queue.data}
                timeZone={office.timeZone}
                highlightServiceIds={servedHere}
                callNow={
                  canCallNow
                    ? { serviceIds: counter.serviceIds, onCall: (ticket) => setCallNow({ ticket, ahead: ticketsAhead(queue.data?.waiting ?? [], ticket, servedHere) }) }
                    : undefined
                }
              />
            )}
            <h2>{t('queue.calledTitle')}</h2>
            {queue.data && <CalledTable queue={queue.data} timeZone={office.timeZone} />}
          </section>
        </div>
      )}
    </div>
  );
}
