import type { TurnView } from '@turnero/api-client';
import { formatTicketNumber, spokenTicketNumber, useSocket } from '@turnero/ui';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { usePageTitle } from '../common/page-title.js';
import { beep, soundReady, unlockSound, vibrate } from './call-alert.js';
import { SurveyForm } from './survey-form.js';

/** `?calificacion=1…5`, from the rating email's score links: preselects the score (sending stays the person's act). */
const RATING_PARAM = 'calificacion';

/**
 * `/turno/{trackingCode}`: what a phone opens from the kiosk ticket's QR (and the rating email's
 * link). Live over the `/turns` socket (a snapshot on every connection, `turn.changed` when the
 * ticket moves or is called); the call beeps and vibrates where the phone allows; "I need more
 * time" once; a rating when done.
 */
export function TurnPage() {
  const { t } = useTranslation('applicant');
  const { trackingCode = '' } = useParams();
  const [search] = useSearchParams();
  const preselected = Number(search.get(RATING_PARAM));
  const [turn, setTurn] = useState<TurnView | null>(null);
  const { status, snapshot, refusal } = useSocket('/turns', trackingCode ? { trackingCode } : null, { 'turn.changed': setTurn });
  const [sound, setSound] = useState(soundReady());
  const [moreTime, setMoreTime] = useState<{ busy: boolean; done: boolean; problem: Problem | null }>({ busy: false, done: false, problem: null });
  const keyFor = useIdempotencyKey();
  const lastCall = useRef<string | null | undefined>(undefined);

  useEffect(() => {
    if (snapshot) setTurn(snapshot);
  }, [snapshot]);

  // Once offered, the rating stays on the page: answering it makes canAnswerSurvey false.
  const [surveyOffered, setSurveyOffered] = useState(false);
  useEffect(() => {
    if (turn?.status === 'done' && turn.canAnswerSurvey) setSurveyOffered(true);
  }, [turn]);

  const called = turn?.status === 'called';
  usePageTitle(called ? t('turn.calledTitle', { counter: turn?.counter ?? '' }) : t('turn.title'));

  // A new call (or a recall: a new calledAt) beeps and vibrates; the state found on opening does not.
  useEffect(() => {
    if (!turn) return;
    const callKey = turn.status === 'called' ? turn.calledAt : null;
    if (lastCall.current !== undefined && callKey && callKey !== lastCall.current) {
      beep();
      vibrate();
    }
    lastCall.current = callKey;
  }, [turn]);

  // Browsers let a page make sound only after a touch or key: the first one anywhere arms it.
  useEffect(() => {
    const arm = () => setSound(unlockSound());
    window.addEventListener('pointerdown', arm, { once: true });
    window.addEventListener('keydown', arm, { once: true });
    return () => {
      window.removeEventListener('pointerdown', arm);
      window.removeEventListener('keydown', arm);
    };
  }, []);

  const askForMoreTime = async () => {
    if (moreTime.busy) return;
    setMoreTime({ busy: true, done: false, problem: null });
    const outcome = await call(
      api.POST('/api/v1/turns/{trackingCode}/more-time', { params: { path: { trackingCode } }, headers: { 'Idempotency-Key': keyFor({ moreTime: trackingCode }) } }),
    );
    if (outcome.ok) {
      setTurn(outcome.data);
      setMoreTime({ busy: false, done: true, problem: null });
    } else setMoreTime({ busy: false, done: false, problem: outcome.problem });
  };

  if (status === 'refused') {
    const problem: Problem = { status: 404, code: refusal?.error === 'NOT_FOUND' ? 'TICKET_NOT_FOUND' : (refusal?.error ?? 'GENERIC'), message: refusal?.message ?? '', fieldErrors: {} };
    return (
      <div className="turn" data-status={status}>
        <h1>{t('turn.title')}</h1>
        <ErrorNotice problem={problem} focus={false} />
      </div>
    );
  }

  return (
    <div className={`turn${called ? ' turn-called' : ''}`} data-status={status} data-turn-status={turn?.status ?? 'loading'}>
      <h1>{t('turn.title')}</h1>
      {status === 'reconnecting' && (
        <p className="notice notice-warning" role="status">
          {t('turn.reconnecting')}
        </p>
      )}
      {!turn ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <div className="turn-card">
            <p className="turn-number-label">{t('turn.yourNumber')}</p>
            <p className="t-ticket-number turn-number" aria-label={spokenTicketNumber(turn.number)}>
              {formatTicketNumber(turn.number)}
            </p>
            <p className="turn-service">
              {turn.serviceName}
              <br />
              <span className="hint">{turn.officeName}</span>
            </p>
          </div>

          <div className="turn-state" aria-live="polite">
            {turn.status === 'waiting' && (
              <>
                <p className="turn-position">{turn.position === 0 ? t('turn.next') : t('turn.ahead', { count: turn.position ?? 0 })}</p>
                {turn.estimatedWaitMinutes !== null && <p>{t('turn.estimatedWait', { count: Math.max(1, Math.round(turn.estimatedWaitMinutes)) })}</p>}
                <p className="hint">{t('turn.keepOpen')}</p>
              </>
            )}
            {turn.status === 'serving' && <p className="turn-position">{t('turn.serving', { counter: turn.counter ?? '' })}</p>}
            {turn.status === 'done' && <p className="turn-position">{t('turn.done')}</p>}
            {['no_show', 'transferred', 'cancelled'].includes(turn.status) && <p className="turn-position">{t(`turn.statuses.${turn.status}`)}</p>}
          </div>

          {called && (
            <div className="call-banner" role="alert">
              <p className="call-title">{t('turn.called')}</p>
              <p className="call-counter">{t('turn.goTo', { counter: turn.counter ?? '' })}</p>
            </div>
          )}

          {turn.status === 'waiting' && (
            <div className="turn-actions t-no-print">
              <button type="button" aria-pressed={sound} onClick={() => {
                setSound(unlockSound());
                beep();
              }}>
                {sound ? t('turn.soundOn') : t('turn.soundOff')}
              </button>
              {turn.canAskForMoreTime && (
                <div className="more-time">
                  <button type="button" aria-disabled={moreTime.busy} aria-describedby="more-time-hint" onClick={() => void askForMoreTime()}>
                    {t('turn.moreTime')}
                  </button>
                  <p className="hint" id="more-time-hint">
                    {t('turn.moreTimeHint')}
                  </p>
                </div>
              )}
            </div>
          )}
          {moreTime.done && turn.status === 'waiting' && (
            <p className="notice notice-success" role="status">
              {t('turn.moreTimeDone')}
            </p>
          )}
          {moreTime.problem && <ErrorNotice problem={moreTime.problem} onRetry={() => void askForMoreTime()} />}

          {surveyOffered && (
            <section className="survey-section" aria-labelledby="survey-heading">
              <h2 id="survey-heading">{t('survey.title')}</h2>
              <SurveyForm trackingCode={trackingCode} initialRating={Number.isInteger(preselected) && preselected >= 1 && preselected <= 5 ? preselected : null} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
