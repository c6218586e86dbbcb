import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { RatingFields } from '../common/rating-fields.js';

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
      <RatingFields
        id={id}
        legend={t('survey.question')}
        rating={rating}
        onRating={(value) => {
          setRating(value);
          setMissingRating(false);
        }}
        missing={missingRating}
        comment={comment}
        onComment={setComment}
        commentMax={COMMENT_MAX}
      />
      {problem && <ErrorNotice problem={problem} onRetry={() => void submit()} />}
      <button type="submit" className="t-primary" aria-disabled={busy}>
        {t('survey.send')}
      </button>
    </form>
  );
}
