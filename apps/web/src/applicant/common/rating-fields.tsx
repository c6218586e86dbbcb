import { useTranslation } from 'react-i18next';

const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * A 1–5 rating and an optional comment, as the visit survey and a request's rating both ask them:
 * radios with each score's words, the "choose one" error tied to the fieldset, a comment box.
 * `id` prefixes the inputs' ids (`${id}-rating-1` is what a form focuses when nothing was chosen).
 */
export function RatingFields({
  id,
  legend,
  rating,
  onRating,
  missing,
  comment,
  onComment,
  commentMax,
}: {
  id: string;
  legend: string;
  rating: number | null;
  onRating(value: number): void;
  missing: boolean;
  comment: string;
  onComment(value: string): void;
  commentMax: number;
}) {
  const { t } = useTranslation('applicant');
  return (
    <>
      <fieldset className="field" aria-describedby={missing ? `${id}-rating-error` : undefined}>
        <legend>{legend}</legend>
        <div className="rating">
          {RATINGS.map((value) => (
            <label key={value} className="rating-option">
              <input type="radio" id={`${id}-rating-${value}`} name={`${id}-rating`} value={value} checked={rating === value} onChange={() => onRating(value)} />
              <span className="rating-value">{value}</span>
              <span className="rating-label">{t(`survey.ratings.${value}`)}</span>
            </label>
          ))}
        </div>
        {missing && (
          <p className="field-error" id={`${id}-rating-error`}>
            {t('survey.ratingRequired')}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('survey.comment')}</label>
        <textarea id={`${id}-comment`} rows={3} maxLength={commentMax} value={comment} onChange={(event) => onComment(event.target.value)} />
      </div>
    </>
  );
}
