import { formatTicketNumber, spokenTicketNumber, type SocketStatus, useSocket } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { officeIdFromUrl } from '../office-param.js';
import './display.css';

const officeId = officeIdFromUrl();

/** Placeholder waiting-room screen: the live calls of `?office=<id>` from the /display namespace. */
export function DisplayPage() {
  const { t } = useTranslation();
  const { status, snapshot, refusal } = useSocket('/display', officeId ? { officeId } : null);

  if (!officeId) return <main className="display"><p role="alert">{t('common.missingOffice')}</p></main>;
  const statusText: Record<SocketStatus, string> = {
    connecting: t('common.connecting'),
    connected: t('common.connected'),
    reconnecting: t('common.reconnecting'),
    refused: t('common.refused', { error: refusal?.error ?? '' }),
  };
  return (
    <main className="display">
      <header className="display-header">
        <h1>{t('display.title')}</h1>
        <p role="status" data-status={status}>{statusText[status]}</p>
      </header>
      {snapshot && (
        <>
          {snapshot.called.length === 0 ? (
            <p>{t('display.noCalls')}</p>
          ) : (
            <table className="display-calls">
              <thead>
                <tr>
                  <th scope="col">{t('display.number')}</th>
                  <th scope="col">{t('display.counter')}</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.called.map((call) => (
                  <tr key={`${call.number}-${call.calledAt}`}>
                    <td className="t-ticket-number" aria-label={spokenTicketNumber(call.number)}>{formatTicketNumber(call.number)}</td>
                    <td>{call.counter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>{t('display.waiting', { count: snapshot.waitingCount })}</p>
        </>
      )}
    </main>
  );
}
