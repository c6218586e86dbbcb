import { type Schema, unwrap } from '@turnero/api-client';
import { formatDate, formatTicketNumber } from '@turnero/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { useApiData } from '../common/use-api-data.js';

type Comment = Schema<'SurveyCommentDto'>;
const PAGE = 20;

/** Survey comments of the range, newest first: ticket number, service, day and rating only. */
export function CommentsList({ officeId, from, to, timeZone }: { officeId: string; from: string; to: string; timeZone: string }) {
  const { t, i18n } = useTranslation('staff');
  const [limit, setLimit] = useState(PAGE);
  useEffect(() => setLimit(PAGE), [officeId, from, to]);
  const comments = useApiData(
    () => unwrap(staffApi.GET('/api/v1/offices/{officeId}/survey-comments', { params: { path: { officeId }, query: { from, to, limit, offset: 0 } } })),
    [officeId, from, to, limit],
  );
  const [shown, setShown] = useState<{ items: Comment[]; total: number } | null>(null);
  useEffect(() => {
    if (comments.data) setShown(comments.data);
  }, [comments.data]);

  if (comments.error) return <Notice kind="error">{errorMessage(t, comments.error)}</Notice>;
  if (!shown) return <p role="status">{t('common.loading')}</p>;
  if (shown.total === 0) return <p>{t('reports.noComments')}</p>;
  return (
    <>
      <p>{t('reports.commentsCount', { count: shown.total })}</p>
      <ul className="staff-comments">
        {shown.items.map((comment) => (
          <li key={`${comment.number}-${comment.answeredAt}`}>
            <p className="staff-comment-meta">
              <span className="staff-rating" role="img" aria-label={t('reports.ratingOf', { rating: comment.rating })}>
                {'★'.repeat(comment.rating)}
                <span className="staff-muted">{'☆'.repeat(5 - comment.rating)}</span>
              </span>{' '}
              {formatTicketNumber(comment.number)} · {comment.serviceName} · {formatDate(comment.date, timeZone, i18n.language, 'medium')}
            </p>
            <blockquote>{comment.comment}</blockquote>
          </li>
        ))}
      </ul>
      {shown.items.length < shown.total && (
        <button type="button" onClick={() => setLimit((n) => Math.min(n + PAGE, 1000))}>
          {t('reports.moreComments')}
        </button>
      )}
    </>
  );
}
