import type { DisplayNoticesChanged, DisplaySnapshot, DisplayQueueChanged, TicketCalledEvent } from '@turnero/api-client';
import { formatTicketNumber, spokenTicketNumber, useSocket } from '@turnero/ui';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { officeIdFromUrl } from '../office-param.js';
import { useNotices } from '../use-notices.js';
import { useOffice } from '../use-office.js';
import { applyCall, applyWaitingCount, type Board, boardFromSnapshot, BOARD_SIZE, type Call, EMPTY_BOARD } from './call-board.js';
import { useAnnouncements } from './use-announcements.js';
import { useClock } from './use-clock.js';
import './display.css';

const officeId = officeIdFromUrl();
/** How often the screen reads the office's notices (also on every reconnection; `notices.changed` brings them at once). */
const NOTICES_POLL_MS = 30_000;

/**
 * The waiting-room screen of `?office=<id>`: the call being announced (or the latest) in very large
 * type, the previous six, the number waiting, the office and its time. Live from socket.io's
 * `/display` namespace; redrawn from `queue.snapshot` on every (re)connection. The office's notices
 * in force run in a band at the bottom, below the calls: live from `notices.changed`, and read every
 * NOTICES_POLL_MS (a notice starts and ends by the clock, without an event).
 */
export function DisplayPage() {
  const { t } = useTranslation();
  const office = useOffice(officeId);
  const [board, setBoard] = useState<Board>(EMPTY_BOARD);
  // Events are applied in their order of arrival, outside React's batching: the ref is the truth.
  const boardRef = useRef(board);
  const announcements = useAnnouncements();
  // Only for an office that exists: an unknown one is explained, not asked about.
  const notices = useNotices(office.status === 'ready' ? office.office.id : null, NOTICES_POLL_MS);
  const update = (next: Board) => {
    boardRef.current = next;
    setBoard(next);
  };

  const auth = useMemo(() => (officeId ? { officeId } : null), []);
  const { status, refusal } = useSocket('/display', auth, {
    'queue.snapshot': (snapshot: DisplaySnapshot) => {
      update(boardFromSnapshot(snapshot));
      // Back from a reconnection: a notice may have been published or removed meanwhile.
      notices.refresh();
    },
    'ticket.called': (event: TicketCalledEvent) => {
      const { board: next, fresh } = applyCall(boardRef.current, event);
      update(next);
      if (fresh) announcements.announce(event);
    },
    'queue.changed': (event: DisplayQueueChanged) => update(applyWaitingCount(boardRef.current, event.waitingCount)),
    'notices.changed': (event: DisplayNoticesChanged) => notices.replace(event.notices),
  });
  const clock = useClock(office.status === 'ready' ? office.office.timeZone : null);

  if (office.status === 'missing' || office.status === 'not-found' || refusal?.error === 'OFFICE_NOT_FOUND') {
    return (
      <main className="display display-problem t-theme-screen">
        <h1>{t('display.title')}</h1>
        <p role="alert">{t(office.status === 'missing' ? 'common.missingOffice' : 'common.unknownOffice')}</p>
      </main>
    );
  }

  const announcing = announcements.current;
  const hero: Call | undefined = announcing?.call ?? board.calls[0];
  const previous = board.calls.filter((call) => call.number !== hero?.number).slice(0, BOARD_SIZE - 1);
  const liveText = announcing
    ? t(announcing.recall ? 'display.recallAnnouncement' : 'display.announcement', { number: spokenTicketNumber(announcing.call.number), counter: announcing.call.counter })
    : '';
  const offline = status === 'reconnecting' || status === 'refused';

  return (
    <main className={`display t-theme-screen${notices.list.length > 0 ? ' has-notices' : ''}`} data-announcements={announcements.count} data-sound={announcements.soundOn ? 'on' : 'off'}>
      <header className="display-header">
        <h1 className="display-office">{office.status === 'ready' ? office.office.name : t('display.title')}</h1>
        <p className={`display-connection${offline ? ' is-offline' : ''}`} data-status={status}>
          {status === 'connected' ? t('common.connected') : status === 'connecting' ? t('common.connecting') : status === 'refused' ? t('common.refused', { error: refusal?.error ?? '' }) : t('display.offline')}
        </p>
        {clock && (
          <p className="display-clock">
            <span className="t-visually-hidden">{t('display.clock')} </span>
            <time>{clock}</time>
          </p>
        )}
      </header>

      <section className="display-current" aria-labelledby="display-current-title">
        <h2 id="display-current-title" className="display-label">
          {t('display.calling')}
        </h2>
        {hero ? (
          <div key={announcing ? announcing.id : 'latest'} className={`display-current-call${announcing ? ' is-announcing' : ''}`} data-number={hero.number}>
            <p className="display-current-number">
              <span aria-hidden="true">{formatTicketNumber(hero.number)}</span>
              <span className="t-visually-hidden">{spokenTicketNumber(hero.number)}</span>
            </p>
            {hero.partySize && <GroupLine call={hero} className="display-current-group" />}
            <p className="display-current-counter">
              <span className="display-go-to">{t('display.goTo')}</span> <strong>{hero.counter}</strong>
            </p>
          </div>
        ) : (
          <p className="display-empty">{t('display.noCalls')}</p>
        )}
      </section>

      <section className="display-previous" aria-labelledby="display-previous-title">
        <h2 id="display-previous-title" className="display-label">
          {t('display.previous')}
        </h2>
        <table className="display-calls">
          <thead>
            <tr>
              <th scope="col">{t('display.number')}</th>
              <th scope="col">{t('display.counter')}</th>
            </tr>
          </thead>
          <tbody>
            {previous.map((call) => (
              <tr key={call.number} data-number={call.number}>
                <td>
                  <span aria-hidden="true">{formatTicketNumber(call.number)}</span>
                  <span className="t-visually-hidden">{spokenTicketNumber(call.number)}</span>
                  {call.partySize && <GroupLine call={call} className="display-call-group" />}
                </td>
                <td>{call.counter}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <footer className="display-footer">
        <p className="display-waiting">
          {t('display.waiting')} <strong>{board.waitingCount}</strong>
        </p>
        {!announcements.soundOn && <p className="display-sound-hint">{t('display.soundHint')}</p>}
      </footer>

      {notices.list.length > 0 && (
        <section className="display-notices" aria-labelledby="display-notices-title" data-testid="display-notices">
          <h2 id="display-notices-title" className="display-notices-title">
            {t('display.notice')}
          </h2>
          <ul>
            {notices.list.map((notice) => (
              <li key={notice.id} data-notice={notice.id}>
                {notice.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="t-visually-hidden" role="status" aria-live="assertive" aria-atomic="true" data-testid="display-live">
        {announcing && <p key={announcing.id}>{liveText}</p>}
      </div>
    </main>
  );
}

/** "Grupo de 4" beside a group's number and, with one ticket per person, all its numbers; never a name. */
function GroupLine({ call, className }: { call: Call; className: string }) {
  const { t } = useTranslation();
  return (
    <span className={`display-group ${className}`} data-party-size={call.partySize}>
      {t('display.group', { count: call.partySize })}
      {call.numbers && <span className="display-group-numbers"> · {call.numbers.map((number) => formatTicketNumber(number)).join(' · ')}</span>}
    </span>
  );
}
