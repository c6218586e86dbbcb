import { type Queue, unwrap } from '@turnero/api-client';
import { formatTicketNumber } from '@turnero/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverClock } from '../../server-clock.js';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { LiveStatus } from '../common/live-status.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { minutesSince } from '../common/time.js';
import { useApiData } from '../common/use-api-data.js';
import { useLiveOffice } from '../common/use-live-office.js';
import { useCounters, useServices } from '../common/use-office-data.js';
import { useCurrentOffice } from '../session.js';
import { WalkInCapControl } from './walk-in-cap-control.js';

/** Minutes the longest-waiting ticket of each service (or of all) has waited. */
function longestWaits(queue: Queue, now: number): Map<string, number> {
  const waits = new Map<string, number>();
  for (const ticket of queue.waiting) {
    const waited = minutesSince(ticket.issuedAt, now);
    waits.set(ticket.serviceId, Math.max(waits.get(ticket.serviceId) ?? 0, waited));
  }
  return waits;
}

/** The supervisor's live board of today (`/staff/board`): the line per service, counters, walk-in caps. */
export function BoardPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('board.title'));
  const office = useCurrentOffice();
  const officeId = office.id;
  const services = useServices(officeId);
  const counters = useCounters(officeId);
  const queue = useApiData(() => unwrap(staffApi.GET('/api/v1/offices/{officeId}/queue', { params: { path: { officeId } } })), [officeId]);
  const caps = useApiData(() => unwrap(staffApi.GET('/api/v1/offices/{officeId}/walk-in-caps/today', { params: { path: { officeId } } })), [officeId]);
  const socketStatus = useLiveOffice(() => {
    void queue.reload();
    void counters.reload();
    void caps.reload();
  });
  // Waits grow while nothing happens: redraw every half minute. Refused walk-ins change no queue
  // (no socket event), so the caps are read again at the same pace.
  const [now, setNow] = useState(() => serverClock.now());
  const reloadCaps = caps.reload;
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(serverClock.now());
      void reloadCaps();
    }, 30_000);
    return () => clearInterval(timer);
  }, [reloadCaps]);
  useEffect(() => setNow(serverClock.now()), [queue.data]);

  const error = services.error ?? counters.error ?? queue.error ?? caps.error;
  if (!services.data || !counters.data || !queue.data || !caps.data) {
    return (
      <>
        <h1>{t('board.title')}</h1>
        {error ? <Notice kind="error">{errorMessage(t, error)}</Notice> : <p role="status">{t('common.loading')}</p>}
      </>
    );
  }

  const waits = longestWaits(queue.data, now);
  const longest = Math.max(0, ...waits.values());
  const openCounters = counters.data.filter((c) => c.open);
  const activeCounters = counters.data.filter((c) => c.active);
  const shown = services.data.filter((s) => s.active || queue.data!.waiting.some((w) => w.serviceId === s.id));
  const atCounter = (counterId: string) => queue.data!.called.find((ticket) => ticket.counterId === counterId);

  return (
    <div className="staff-board">
      <div className="staff-page-head">
        <h1>{t('board.title')}</h1>
        <LiveStatus status={socketStatus} />
      </div>
      {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
      <ul className="staff-kpis" aria-label={t('board.summary')}>
        <li>
          <span className="staff-kpi-value" data-testid="kpi-waiting">
            {queue.data.waiting.length}
          </span>
          <span className="staff-kpi-label">{t('board.waiting')}</span>
        </li>
        <li>
          <span className="staff-kpi-value" data-testid="kpi-longest-wait">
            {t('queue.minutes', { count: longest })}
          </span>
          <span className="staff-kpi-label">{t('board.longestWait')}</span>
        </li>
        <li>
          <span className="staff-kpi-value" data-testid="kpi-counters">
            {openCounters.length} / {activeCounters.length}
          </span>
          <span className="staff-kpi-label">{t('board.countersOpen')}</span>
        </li>
        <li>
          <span className="staff-kpi-value">{queue.data.called.length}</span>
          <span className="staff-kpi-label">{t('board.beingServed')}</span>
        </li>
      </ul>

      <section className="staff-panel" aria-labelledby="board-services-title">
        <h2 id="board-services-title">{t('board.servicesTitle')}</h2>
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="board-services-title">
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('queue.service')}</th>
                <th scope="col">{t('board.waiting')}</th>
                <th scope="col">{t('board.preferentialWaiting')}</th>
                <th scope="col">{t('board.longestWait')}</th>
                <th scope="col">{t('board.countersServing')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((service) => {
                const waiting = queue.data!.waiting.filter((w) => w.serviceId === service.id);
                const serving = openCounters.filter((c) => c.openServiceIds.includes(service.id)).length;
                return (
                  <tr key={service.id} data-service={service.code}>
                    <th scope="row">
                      {service.name} <span className="staff-code">({service.code})</span>
                    </th>
                    <td>{waiting.length}</td>
                    <td>{waiting.filter((w) => w.preferential).length}</td>
                    <td>{waiting.length ? t('queue.minutes', { count: waits.get(service.id) ?? 0 }) : '—'}</td>
                    <td className={waiting.length > 0 && serving === 0 ? 'staff-danger' : undefined}>{serving}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="staff-panel" aria-labelledby="board-caps-title">
        <h2 id="board-caps-title">{t('board.capsTitle')}</h2>
        <p className="staff-hint">{t('board.capsHint')}</p>
        {caps.data.length === 0 ? (
          <p>{t('frontDesk.noWalkIn')}</p>
        ) : (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="board-caps-title">
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t('queue.service')}</th>
                  <th scope="col">{t('board.issued')}</th>
                  <th scope="col">{t('board.cap')}</th>
                  <th scope="col">{t('board.remaining')}</th>
                  <th scope="col">{t('board.refused')}</th>
                  <th scope="col">{t('board.changeCap')}</th>
                </tr>
              </thead>
              <tbody>
                {caps.data.map((cap) => (
                  <tr key={cap.serviceId} data-service-id={cap.serviceId}>
                    <th scope="row">{cap.name}</th>
                    <td>{cap.issued}</td>
                    <td>
                      {cap.cap ?? t('board.noCap')}
                      {cap.overridden && <span className="staff-tag">{t('board.overridden')}</span>}
                    </td>
                    <td className={cap.remaining === 0 ? 'staff-danger' : undefined}>{cap.remaining ?? '—'}</td>
                    <td>{cap.refused}</td>
                    <td>
                      <WalkInCapControl key={cap.serviceId} cap={cap} onChanged={caps.reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="staff-panel" aria-labelledby="board-counters-title">
        <h2 id="board-counters-title">{t('board.countersTitle')}</h2>
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="board-counters-title">
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('queue.counter')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('board.openFor')}</th>
                <th scope="col">{t('board.nowServing')}</th>
              </tr>
            </thead>
            <tbody>
              {counters.data.map((counter) => {
                const ticket = atCounter(counter.id);
                return (
                  <tr key={counter.id}>
                    <th scope="row">{counter.name}</th>
                    <td>{!counter.active ? t('board.inactive') : counter.open ? t('board.open') : t('board.closed')}</td>
                    <td>
                      {counter.open
                        ? services.data!
                            .filter((s) => counter.openServiceIds.includes(s.id))
                            .map((s) => s.code)
                            .join(', ')
                        : '—'}
                    </td>
                    <td>{ticket ? `${formatTicketNumber(ticket.number)} (${t(`status.${ticket.status}`)})` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
