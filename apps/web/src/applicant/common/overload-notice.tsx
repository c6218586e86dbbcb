import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { secondsLeft } from './overload-retry.js';
import type { OverloadRetry } from './use-overload-retry.js';

export interface OverloadNoticeProps {
  retry: OverloadRetry;
  /** After "Dejar de reintentar": what the applicant can do next in this page's terms. */
  stoppedNext?: string;
  /** Offer "Reintentar ahora" after a stop too (when the page has no button of its own that sends again). */
  resumable?: boolean;
}

/**
 * "Hay mucha demanda en este momento": the wait before the automatic retry, counted down, with
 * "Reintentar ahora" and "Dejar de reintentar". A polite live region that is always there (so
 * screen readers announce it when it fills); the spoken text says the wait once, the visible
 * countdown is not read out every second.
 */
export function OverloadNotice({ retry, stoppedNext, resumable = false }: OverloadNoticeProps) {
  const { t } = useTranslation('applicant');
  const { state } = retry;
  const until = state.phase === 'waiting' ? state.until : null;
  const [now, setNow] = useState(() => Date.now());
  const region = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (until === null) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);

  const active = state.phase !== 'idle';
  // The buttons stay while the retry is on its way (disabled), so a keyboard user's focus is not lost.
  const showActions = state.phase === 'waiting' || state.phase === 'retrying' || (state.phase === 'stopped' && resumable);
  const stop = () => {
    retry.stop();
    // The pressed button goes away: the focus goes to the notice, which says what to do next.
    requestAnimationFrame(() => region.current?.focus());
  };
  return (
    <div ref={region} role="status" tabIndex={active ? -1 : undefined} className={active ? 'notice notice-overload' : 'overload-idle'} data-overload={state.phase}>
      {active && <p className="notice-title">{t('overload.title')}</p>}
      {state.phase === 'waiting' && (
        <>
          <p className="t-visually-hidden">{t('overload.announce', { count: Math.max(1, Math.ceil(state.waitMs / 1000)) })}</p>
          <p aria-hidden="true" className="overload-countdown">
            {t('overload.countdown', { seconds: secondsLeft(state.until, now) })}
          </p>
        </>
      )}
      {state.phase === 'retrying' && <p>{t('overload.retrying')}</p>}
      {state.phase === 'stopped' && (
        <p>
          {t('overload.stopped')}
          {stoppedNext && <> {stoppedNext}</>}
        </p>
      )}
      {(state.phase === 'waiting' || state.phase === 'retrying') && <p>{t('overload.kept')}</p>}
      {showActions && (
        <div className="actions">
          <button type="button" aria-disabled={state.phase === 'retrying'} onClick={() => state.phase !== 'retrying' && retry.retryNow()}>
            {t('overload.retryNow')}
          </button>
          {state.phase !== 'stopped' && (
            <button type="button" aria-disabled={state.phase === 'retrying'} onClick={() => state.phase === 'waiting' && stop()}>
              {t('overload.stop')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
