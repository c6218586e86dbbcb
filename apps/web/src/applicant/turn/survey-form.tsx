import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';

const RATINGS = [1, 2, 3, 4, 5] as const;
const COMMENT_MAX = 1000;

/**
 * After the visit: a rating from 1 to 5 and an optional comment, once (POST /turns/{code}/survey).
 * `initialRating` comes from the rating email's score links; nothing is sent until the person does.
 */
export function SurveyForm({ trackingCode, initialRating = null }: { trackingCode: string; initialRating?: number | null }) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [rating, setRating] = useState<number | null>(initialRating);
  const [comment, setComment] = useState('');
  const [missingRating, setMissingRating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [answered, setAnswered] = useState<'now' | 'before' | null>(null);
  const keyFor = useIdempotencyKey();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (rating === null) {
      setMissingRating(true);
      document.getElementById(`${id}-rating-1`)?.focus();
      return;
    }
    const body = { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    setBusy(true);
    setProblem(null);
    const outcome = await call(api.POST('/api/v1/turns/{trackingCode}/survey', { params: { path: { trackingCode } }, body, headers: { 'Idempotency-Key': keyFor(body) } }));
    setBusy(false);
    if (outcome.ok) setAnswered('now');
    else if (outcome.problem.code === 'SURVEY_ALREADY_ANSWERED') setAnswered('before');
    else setProblem(outcome.problem);
  };

  if (answered) {
    return (
      <p className="notice notice-success" role="status">
        {t(answered === 'now' ? 'survey.thanks' : 'survey.alreadyAnswered')}
      </p>
    );
  }

  return (
    <form className="survey" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset className="field" aria-describedby={missingRating ? `${id}-rating-error` : undefined}>
        <legend>{t('survey.question')}</legend>
        <div className="rating">
          {RATINGS.map((value) => (
            <label key={value} className="rating-option">
              <input
                type="radio"
                id={`${id}-rating-${value}`}
                name={`${id}-rating`}
                value={value}
                checked={rating === value}
                onChange={() => {
                  setRating(value);
                  setMissingRating(false);
                }}
              />
              <span className="rating-value">{value}</span>
              <span className="rating-label">{t(`survey.ratings.${value}`)}</span>
            </label>
          ))}
        </div>
        {missingRating && (
          <p className="field-error" id={`${id}-rating-error`}>
            {t('survey.ratingRequired')}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('survey.comment')}</label>
        <textarea id={`${id}-comment`} rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(event) => setComment(event.target.value)} />
      </div>
      {problem && <ErrorNotice problem={problem} onRetry={() => void submit()} />}
      <button type="submit" className="t-primary" aria-disabled={busy}>
        {t('survey.send')}
      </button>
    </form>
  );
}
