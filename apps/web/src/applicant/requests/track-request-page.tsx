import './requests.css';
import { formatDate, formatTime } from '@turnero/ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { serverClock } from '../../server-clock.js';
import type { Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { RatingFields } from '../common/rating-fields.js';
import { usePageTitle } from '../common/page-title.js';
import { describedBy, Field } from '../common/person-fields.js';
import { useLoad } from '../common/use-load.js';
import { formatFileSize } from './attachments.js';
import { AttachmentsField, CharacterCount } from './form-parts.js';
import { isPhone } from '../booking/applicant-form.js';
import { isEmail } from './request-rules.js';
import {
  downloadAttachment,
  lookupRequest,
  rateRequest,
  RATING_COMMENT_MAX,
  replyToRequest,
  REPLY_MAX,
  type RequestAttachment,
  type RequestDetail,
  type RequestEvent,
  type RequestStatus,
  type RequestSummary,
  topicName,
  trackRequest,
} from './requests-api.js';

const OPEN: ReadonlySet<RequestStatus> = new Set(['received', 'in_progress']);
/** Events the person sees in the conversation, in the order they happened. */
const SHOWN_EVENTS = new Set(['filed', 'asked', 'replied', 'answered', 'closed', 'reopened']);

/**
 * `/solicitud/{code}`: a request's status and due date (GET /requests/{code}, public fields only);
 * after the person confirms the email or phone given at filing (POST /requests/lookup: in a body,
 * never the URL), its description, the conversation with the office, the files, and what can be
 * done next: reply while the office waits for them, reply (reopens) or rate once answered.
 */
export function TrackRequestPage() {
  const { t, i18n } = useTranslation('applicant');
  const { code: rawCode = '' } = useParams();
  const code = rawCode.trim().toUpperCase();
  usePageTitle(t('requests.track.pageTitle', { code }));
  const summary = useLoad(`request:${code}`, () => trackRequest(code));
  const [detail, setDetail] = useState<{ request: RequestDetail; contact: string } | null>(null);

  const [sentNotice, setSentNotice] = useState<'replied' | null>(null);
  const refresh = async (contact: string, notice: 'replied' | null) => {
    setSentNotice(notice);
    summary.reload();
    const outcome = await lookupRequest(code, contact);
    if (outcome.ok) setDetail({ request: outcome.data, contact });
  };

  const shown: RequestSummary | null = detail?.request ?? (summary.state === 'ready' ? summary.data : null);
  return (
    <div className="requests request-tracking">
      <h1>{t('requests.track.heading', { code })}</h1>
      {summary.state === 'loading' && !shown && <p role="status">{t('common.loading')}</p>}
      {summary.state === 'error' && !detail && (
        <ErrorNotice problem={summary.problem} onRetry={summary.reload} focus={false}>
          <p>
            <Link to="/solicitudes">{t('requests.track.fileNew')}</Link>
          </p>
        </ErrorNotice>
      )}
      {shown && <StatusCard request={shown} confirmed={detail !== null} language={i18n.language} />}
      {shown && !detail && <ConfirmContact code={code} onFound={(request, contact) => setDetail({ request, contact })} />}
      {sentNotice && (
        <p className="notice notice-success" role="status">
          {t('requests.reply.sent')}
        </p>
      )}
      {detail && <RequestConversation request={detail.request} contact={detail.contact} onChanged={(notice) => refresh(detail.contact, notice)} />}
    </div>
  );
}

function StatusCard({ request, confirmed, language }: { request: RequestSummary; confirmed: boolean; language: string }) {
  const { t } = useTranslation('applicant');
  const { timeZone } = request;
  // The office's "today" by the server's clock, never the browser's.
  const today = serverClock.todayIn(timeZone);
  const open = OPEN.has(request.status);
  const overdue = open && request.dueDate < today;
  const dueToday = open && request.dueDate === today;
  return (
    <section className="request-status card" aria-label={t('requests.track.statusSection')}>
      <p className="status-line">
        <span className="chosen-label">{t('requests.track.status')}</span>{' '}
        <strong className={`request-status-${request.status}`} data-testid="request-status">
          {t(`requests.statuses.${request.status}`)}
        </strong>
      </p>
      <p className="hint">
        {confirmed && (request.status === 'waiting' || request.status === 'answered') ? t(`requests.statusHintsConfirmed.${request.status}`) : t(`requests.statusHints.${request.status}`)}
      </p>
      <dl className="details">
        <dt>{t('requests.track.kind')}</dt>
        <dd>{t(`requests.kinds.${request.kind}`)}</dd>
        <dt>{t('requests.track.topic')}</dt>
        <dd>{topicName(request.topic, language)}</dd>
        <dt>{t('requests.track.office')}</dt>
        <dd>{request.officeName}</dd>
        <dt>{t('requests.track.filedAt')}</dt>
        <dd>{formatDate(request.filedAt, timeZone, language)}</dd>
        {request.answeredAt ? (
          <>
            <dt>{t('requests.track.answeredAt')}</dt>
            <dd>{formatDate(request.answeredAt, timeZone, language)}</dd>
          </>
        ) : null}
      </dl>
      {request.status !== 'answered' && request.status !== 'closed' && (
        <p className="due-date" data-testid="due-date">
          {request.status === 'waiting'
            ? t('requests.track.duePaused', { date: formatDate(request.dueDate, timeZone, language) })
            : t('requests.filed.due', { date: formatDate(request.dueDate, timeZone, language) })}
        </p>
      )}
      {overdue && (
        <p className="notice notice-warning" role="status">
          {t('requests.track.overdue')}
        </p>
      )}
      {dueToday && <p className="hint">{t('requests.track.dueToday')}</p>}
    </section>
  );
}

/** "Confirme su correo o teléfono": the contact given at filing opens the request (POST /requests/lookup). */
function ConfirmContact({ code, onFound }: { code: string; onFound(request: RequestDetail, contact: string): void }) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [contact, setContact] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    const value = contact.trim();
    const found = value === '' ? 'requests.confirm.required' : !isEmail(value) && !isPhone(value) ? 'requests.confirm.invalid' : null;
    setError(found);
    setProblem(null);
    if (found) {
      document.getElementById(`${id}-contact`)?.focus();
      return;
    }
    setBusy(true);
    const outcome = await lookupRequest(code, value);
    setBusy(false);
    if (outcome.ok) onFound(outcome.data, value);
    else setProblem(outcome.problem);
  };

  return (
    <section className="confirm-contact" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requests.confirm.title')}</h2>
      <p>{t('requests.confirm.intro')}</p>
      <form className="lookup-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field id={`${id}-contact`} label={t('requests.confirm.label')} hint={t('requests.confirm.hint')} error={error && t(error)}>
          <input
            id={`${id}-contact`}
            name="contact"
            value={contact}
            autoComplete="email"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(`${id}-contact`, true, error)}
            onChange={(event) => {
              setContact(event.target.value);
              setError(null);
            }}
          />
        </Field>
        {problem && (
          <ErrorNotice problem={problem} onRetry={() => void submit()}>
            {(problem.status === 404 || problem.code.endsWith('NOT_FOUND')) && <p>{t('requests.confirm.notFound')}</p>}
          </ErrorNotice>
        )}
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {t('requests.confirm.submit')}
        </button>
        {busy && <p role="status">{t('common.loading')}</p>}
      </form>
    </section>
  );
}

function RequestConversation({ request, contact, onChanged }: { request: RequestDetail; contact: string; onChanged(notice: 'replied' | null): Promise<void> }) {
  const { t, i18n } = useTranslation('applicant');
  const { timeZone } = request;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const events = request.events.filter((event) => SHOWN_EVENTS.has(event.type));
  // A reply's files go with the reply in the history; the filing's (eventId null) with the description.
  const filingFiles = request.attachments.filter((file) => file.eventId === null);
  const answered = request.status === 'answered' || request.status === 'closed';

  return (
    <>
      <section className="request-detail" aria-labelledby="request-detail-title">
        <h2 id="request-detail-title" ref={heading} tabIndex={-1}>
          {t('requests.detail.title')}
        </h2>
        {request.description === null ? (
          <p className="hint">{t('requests.detail.erased')}</p>
        ) : (
          <p className="request-text" data-testid="request-description">
            {request.description}
          </p>
        )}
        {filingFiles.length > 0 && <AttachmentList code={request.code} contact={contact} files={filingFiles} title={t('requests.detail.files')} />}
      </section>

      {request.answer && (
        <section className="request-answer notice notice-success" aria-labelledby="request-answer-title">
          <h2 id="request-answer-title">{t('requests.detail.answer')}</h2>
          <p className="request-text">{request.answer}</p>
        </section>
      )}

      {events.length > 0 && (
        <section aria-labelledby="request-history-title">
          <h2 id="request-history-title">{t('requests.detail.history')}</h2>
          <ol className="conversation">
            {events.map((event) => (
              <ConversationItem key={event.id} event={event} files={event.type === 'filed' ? [] : event.attachments} code={request.code} contact={contact} timeZone={timeZone} language={i18n.language} />
            ))}
          </ol>
        </section>
      )}

      {request.canReply && <ReplyForm code={request.code} contact={contact} status={request.status} onDone={() => onChanged('replied')} />}
      {answered && !request.canReply && <p className="hint">{t('requests.reply.closedForReplies')}</p>}
      {request.canRate && <RatingForm code={request.code} contact={contact} onDone={() => onChanged(null)} />}
      {request.rating !== null && (
        <p className="notice notice-success" role="status">
          {t('requests.rate.given', { rating: request.rating })}
        </p>
      )}
    </>
  );
}

function ConversationItem({ event, files, code, contact, timeZone, language }: { event: RequestEvent; files: RequestAttachment[]; code: string; contact: string; timeZone: string; language: string }) {
  const { t } = useTranslation('applicant');
  const fromOffice = event.actor === 'staff';
  return (
    <li className={`conversation-item ${fromOffice ? 'from-office' : 'from-person'}`} data-event={event.type}>
      <p className="conversation-meta">
        <strong>{t(`requests.events.${event.type}`, { defaultValue: event.type })}</strong>{' '}
        <span className="hint">
          {t('requests.detail.at', { date: formatDate(event.at, timeZone, language, 'long'), time: formatTime(event.at, timeZone, language) })}
        </span>
      </p>
      {event.text && <p className="request-text">{event.text}</p>}
      {files.length > 0 && <AttachmentList code={code} contact={contact} files={files} />}
    </li>
  );
}

/** Files as buttons: each downloads through POST /requests/attachment (the contact goes in the body). */
function AttachmentList({ code, contact, files, title }: { code: string; contact: string; files: RequestAttachment[]; title?: string }) {
  const { t, i18n } = useTranslation('applicant');
  const [problem, setProblem] = useState<Problem | null>(null);
  const download = async (file: RequestAttachment) => {
    setProblem(null);
    const outcome = await downloadAttachment(code, contact, file.id);
    if (!outcome.ok) {
      setProblem(outcome.problem);
      return;
    }
    const url = URL.createObjectURL(outcome.data);
    const link = document.createElement('a');
    link.href = url;
    link.download = file.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <div className="request-files">
      {title && <h3>{title}</h3>}
      <ul className="attachment-list" data-testid="request-files">
        {files.map((file) => (
          <li key={file.id}>
            <span className="attachment-name">{file.fileName}</span> <span className="attachment-size">({formatFileSize(file.size, i18n.language)})</span>{' '}
            <button type="button" className="link-button" aria-label={t('requests.detail.downloadNamed', { name: file.fileName })} onClick={() => void download(file)}>
              {t('requests.detail.download')}
            </button>
          </li>
        ))}
      </ul>
      {problem && <ErrorNotice problem={problem} />}
    </div>
  );
}

/** The person's reply: while the office waits for them, or after the answer (it reopens the request). */
function ReplyForm({ code, contact, status, onDone }: { code: string; contact: string; status: RequestStatus; onDone(): Promise<void> }) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKey();
  const waiting = status === 'waiting';

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    const length = text.trim().length;
    const found = length === 0 ? 'requests.reply.required' : length > REPLY_MAX ? 'requests.errors.descriptionTooLong' : null;
    setError(found);
    setProblem(null);
    setFileError(null);
    if (found) {
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    setBusy(true);
    const outcome = await replyToRequest(code, contact, text.trim(), files, keyFor({ code, text: text.trim(), files: files.map((f) => [f.name, f.size]) }));
    setBusy(false);
    if (outcome.ok) {
      setText('');
      setFiles([]);
      await onDone();
      return;
    }
    const failure = outcome.problem;
    if (failure.code === 'UNSUPPORTED_ATTACHMENT') setFileError(t('requests.errors.api.unsupportedAttachment'));
    else if (failure.status === 413) setFileError(t('requests.errors.api.tooLarge'));
    else if (failure.fieldErrors.text) setError('requests.errors.api.description');
    else if (failure.fieldErrors.attachments) setFileError(t('requests.errors.api.attachments'));
    else setProblem(failure);
  };

  return (
    <section className="reply" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{waiting ? t('requests.reply.titleWaiting') : t('requests.reply.titleAnswered')}</h2>
      <p>{waiting ? t('requests.reply.introWaiting') : t('requests.reply.introAnswered')}</p>
      <form className="request-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('requests.reply.label')}</label>
          <textarea
            id={`${id}-text`}
            name="text"
            rows={5}
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={[`${id}-count`, error ? `${id}-text-error` : null].filter(Boolean).join(' ')}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
          />
          <CharacterCount id={`${id}-count`} length={text.trim().length} max={REPLY_MAX} />
          {error && (
            <p className="field-error" id={`${id}-text-error`}>
              {t(error)}
            </p>
          )}
        </div>
        <AttachmentsField files={files} onChange={setFiles} error={fileError} />
        {problem && (
          <ErrorNotice problem={problem} onRetry={() => void submit()}>
            {problem.code === 'INVALID_TRANSITION' && <p>{t('requests.reply.tooLate')}</p>}
          </ErrorNotice>
        )}
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {t('requests.reply.submit')}
        </button>
        {busy && <p role="status">{t('requests.form.sending')}</p>}
      </form>
    </section>
  );
}


/** Once answered: a rating from 1 to 5 and an optional comment, once (POST /requests/rate). */
function RatingForm({ code, contact, onDone }: { code: string; contact: string; onDone(): Promise<void> }) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKey();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (rating === null) {
      setMissing(true);
      document.getElementById(`${id}-rating-1`)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    const outcome = await rateRequest(code, contact, rating, comment.trim(), keyFor({ code, rating, comment: comment.trim() }));
    setBusy(false);
    if (outcome.ok || outcome.problem.code === 'SURVEY_ALREADY_ANSWERED') await onDone();
    else setProblem(outcome.problem);
  };

  return (
    <section className="rate" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requests.rate.title')}</h2>
      <form className="survey" onSubmit={(event) => void submit(event)} noValidate>
        <RatingFields
          id={id}
          legend={t('requests.rate.question')}
          rating={rating}
          onRating={(value) => {
            setRating(value);
            setMissing(false);
          }}
          missing={missing}
          comment={comment}
          onComment={setComment}
          commentMax={RATING_COMMENT_MAX}
        />
        {problem && <ErrorNotice problem={problem} onRetry={() => void submit()} />}
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {t('requests.rate.submit')}
        </button>
      </form>
    </section>
  );
}
