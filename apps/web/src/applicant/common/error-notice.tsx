import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from './api-call.js';
import { problemKey } from './problem-key.js';

/** Whether trying the same thing again can work (the network, the server, a limit). */
function retryable(problem: Problem): boolean {
  return problem.status === 0 || problem.status === 429 || problem.status >= 500 || problem.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
}

export interface ErrorNoticeProps {
  problem: Problem;
  /** Offered when trying again can help; disabled while `Retry-After` runs. */
  onRetry?: () => void;
  /** The next step in this page's terms: other times, a link… */
  children?: ReactNode;
  /** Move focus to the notice when it appears (after a submit). */
  focus?: boolean;
}

/** What went wrong in plain words, and what to do next. */
export function ErrorNotice({ problem, onRetry, children, focus = true }: ErrorNoticeProps) {
  const { t } = useTranslation('applicant');
  const key = problemKey(problem);
  const ref = useRef<HTMLDivElement>(null);
  const [wait, setWait] = useState(problem.retryAfterSeconds ?? 0);

  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [problem, focus]);

  useEffect(() => {
    setWait(problem.retryAfterSeconds ?? 0);
    if (!problem.retryAfterSeconds) return undefined;
    const timer = setInterval(() => setWait((s) => (s <= 1 ? 0 : s - 1)), 1000);
    return () => clearInterval(timer);
  }, [problem]);

  return (
    <div ref={ref} className="notice notice-error" role="alert" tabIndex={-1} data-error={problem.code}>
      <p className="notice-title">{t(`errors.${key}.title`)}</p>
      <p>{t(`errors.${key}.next`, { seconds: problem.retryAfterSeconds ?? 0 })}</p>
      {wait > 0 && <p>{t('errors.waitSeconds', { count: wait })}</p>}
      {children}
      {onRetry && retryable(problem) && (
        <button type="button" onClick={onRetry} disabled={wait > 0}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}
