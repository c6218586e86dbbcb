import type { ApiError } from '@turnero/api-client';
import { formatDate } from '@turnero/ui';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice, useSession } from '../session.js';
import { at, DueDate, eventActor, eventTitle, fileSize } from './request-words.js';
import { assignRequest, colleagues, downloadAttachment, getRequest, OPEN, type RequestAttachment, type RequestDetail, statusStep, textStep, type TextStep } from './requests-api.js';
import './requests.css';

const TEXT_MAX = 5000;
/** Answers to these kinds need no answer to be closed (the person expects none). */
const CLOSABLE_UNANSWERED = ['suggestion', 'commendation'];

/**
 * One request (`/staff/requests/:id`): the person's contact (staff only), the description and its
 * files, every step with who and when (internal notes marked as such), and the steps its state
 * allows. Someone else acting first (409) is said plainly and the page reloads.
 */
export function RequestDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('staff');
  const request = useApiData(() => getRequest(id), [id]);
  usePageTitle(request.data ? t('requests.detailTitle', { code: request.data.code }) : t('requests.title'));

  return (
    <>
      <p className="t-no-print">
        <Link to={staffPath('requests')}>{t('requests.back')}</Link>
      </p>
      {request.error && !request.data && <Notice kind="error">{errorMessage(t, request.error)}</Notice>}
      {!request.data && !request.error && <p role="status">{t('common.loading')}</p>}
      {request.data && <RequestView request={request.data} reload={request.reload} />}
    </>
  );
}

function RequestView({ request, reload }: { request: RequestDetail; reload(): Promise<void> }) {
  const { t, i18n } = useTranslation('staff');
  const office = useCurrentOffice();
  const { user } = useSession();
  const zone = office.timeZone;
  const team = useApiData(() => colleagues(office.id), [office.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [writing, setWriting] = useState<TextStep | null>(null);
  const [colleague, setColleague] = useState('');

  const open = OPEN.includes(request.status);
  const workable = request.status === 'received' || request.status === 'in_progress';
  const mine = request.assignee?.id === user?.id;
  const canClose = request.status === 'answered' || (workable && CLOSABLE_UNANSWERED.includes(request.kind));
  const canReopen = request.status === 'answered' || request.status === 'closed';

  /** Runs a step; a 409 (someone else acted first) or any error is said, and the request read again. */
  async function step(action: () => Promise<unknown>, success: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(success);
      await reload();
      return true;
    } catch (caught) {
      const failure = asApiError(caught);
      setError(failure);
      if (failure.status === 409 || failure.status === 404) await reload();
      return false;
    } finally {
      setBusy(false);
    }
  }

  const assign = (staffUserId: string | null, name: string | null) =>
    step(() => assignRequest(request.id, staffUserId, request.assignee?.id ?? null), name ? t('requests.assignedDone', { name }) : t('requests.unassignedDone'));

  // Usernames the page knows, for assignments ({ from, to } are ids).
  const names = new Map<string, string>();
  for (const ref of [request.assignee, request.filedBy, request.answeredBy, ...request.events.map((e) => e.staff), ...(team.data ?? [])]) if (ref) names.set(ref.id, ref.username);

  const conflict = error && (error.code === 'ASSIGNMENT_CONFLICT' || error.code === 'INVALID_TRANSITION');
  const errorText = error && (conflict ? t(`requests.conflicts.${error.code}`, { name: request.assignee?.username ?? t('requests.nobody') }) : errorMessage(t, error));

  return (
    <article aria-labelledby="request-title">
      <div className="staff-page-head">
        <h1 id="request-title">
          {t('requests.detailTitle', { code: request.code })}
        </h1>
        <div className="staff-actions">
          <p className="staff-tag" data-testid="request-status">
            {t(`requests.statuses.${request.status}`)}
          </p>
          <button type="button" className="t-no-print" onClick={() => void reload()}>
            {t('requests.refresh')}
          </button>
        </div>
      </div>
      <dl className="staff-facts staff-request-facts">
        <div>
          <dt>{t('requests.kind')}</dt>
          <dd>{t(`requests.kinds.${request.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('requests.topic')}</dt>
          <dd>{request.topic.name}</dd>
        </div>
        <div>
          <dt>{t('requests.filed')}</dt>
          <dd>
            {at(request.filedAt, zone, i18n.language)} · {t(`requests.channels.${request.channel}`)}
            {request.filedBy && ` · ${t('requests.filedBy', { name: request.filedBy.username })}`}
          </dd>
        </div>
        <div>
          <dt>{t('requests.due')}</dt>
          <dd>
            <DueDate item={request} timeZone={zone} />
          </dd>
        </div>
        <div>
          <dt>{t('requests.assignee')}</dt>
          <dd data-testid="request-assignee">{request.assignee ? request.assignee.username : t('requests.nobody')}</dd>
        </div>
      </dl>
      {request.status === 'waiting' && request.waitingSince && <p className="staff-warning">{t('requests.waitingNote', { since: at(request.waitingSince, zone, i18n.language) })}</p>}

      <div aria-live="polite">
        {errorText && <Notice kind="error">{errorText}</Notice>}
        {done && !error && <Notice kind="success">{done}</Notice>}
      </div>

      <section className="staff-panel t-no-print" aria-labelledby="request-actions-title">
        <h2 id="request-actions-title">{t('requests.actions')}</h2>
        <div className="staff-actions">
          {open && !mine && (
            <button type="button" className="t-primary" aria-disabled={busy} onClick={() => !busy && void assign(user!.id, user!.username)}>
              {t('requests.take')}
            </button>
          )}
          {open && mine && (
            <button type="button" aria-disabled={busy} onClick={() => !busy && void assign(null, null)}>
              {t('requests.release')}
            </button>
          )}
          {workable && (
            <button type="button" aria-pressed={writing === 'ask'} onClick={() => setWriting(writing === 'ask' ? null : 'ask')}>
              {t('requests.ask')}
            </button>
          )}
          {workable && (
            <button type="button" aria-pressed={writing === 'answer'} onClick={() => setWriting(writing === 'answer' ? null : 'answer')}>
              {t('requests.answer')}
            </button>
          )}
          <button type="button" aria-pressed={writing === 'notes'} onClick={() => setWriting(writing === 'notes' ? null : 'notes')}>
            {t('requests.addNote')}
          </button>
          {canClose && (
            <button type="button" aria-disabled={busy} onClick={() => !busy && void step(() => statusStep(request.id, 'close'), t('requests.closedDone'))}>
              {t('requests.close')}
            </button>
          )}
          {canReopen && (
            <button type="button" aria-disabled={busy} onClick={() => !busy && void step(() => statusStep(request.id, 'reopen'), t('requests.reopenedDone'))}>
              {t('requests.reopen')}
            </button>
          )}
        </div>
        {open && team.data && (
          <form
            className="staff-inline-form staff-request-assign"
            onSubmit={(event) => {
              event.preventDefault();
              const chosen = team.data?.find((s) => s.id === colleague);
              if (chosen && !busy) void assign(chosen.id, chosen.username);
            }}
          >
            <SelectField
              label={t('requests.assignTo')}
              value={colleague}
              onChange={setColleague}
              options={[{ value: '', label: t('common.choose') }, ...team.data.filter((s) => s.id !== request.assignee?.id).map((s) => ({ value: s.id, label: s.username }))]}
            />
            <button type="submit" disabled={!colleague} aria-disabled={busy}>
              {t('requests.assign')}
            </button>
          </form>
        )}
        {writing && (
          <TextStepForm
            key={writing}
            step={writing}
            busy={busy}
            error={error}
            onCancel={() => setWriting(null)}
            onSubmit={async (text) => {
              const ok = await step(() => textStep(request.id, writing, text), t(`requests.stepDone.${writing}`));
              if (ok) setWriting(null);
              return ok;
            }}
          />
        )}
      </section>

      <div className="staff-columns">
        <section className="staff-panel" aria-labelledby="request-contact-title">
          <h2 id="request-contact-title">{t('requests.contact')}</h2>
          <p className="staff-hint">{t('requests.contactHint')}</p>
          {request.contact.identityVerified && (
            <p className="staff-verified" data-testid="request-identity-verified">
              <span className="staff-tag staff-tag-verified">{t('requests.verified')}</span> <span className="staff-hint">{t('requests.verifiedHint')}</span>
            </p>
          )}
          {request.contact.fullName || request.contact.email || request.contact.phone || request.contact.documentNumber ? (
            <dl className="staff-facts staff-request-contact">
              {request.contact.fullName && (
                <div>
                  <dt>{t('requests.fullName')}</dt>
                  <dd>{request.contact.fullName}</dd>
                </div>
              )}
              {request.contact.email && (
                <div>
                  <dt>{t('requests.email')}</dt>
                  <dd>{request.contact.email}</dd>
                </div>
              )}
              {request.contact.phone && (
                <div>
                  <dt>{t('requests.phone')}</dt>
                  <dd>{request.contact.phone}</dd>
                </div>
              )}
              {request.contact.documentNumber && (
                <div>
                  <dt>{t('requests.document')}</dt>
                  <dd>{request.contact.documentNumber}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p className="staff-empty">{request.erasedAt ? t('requests.erased') : t('requests.anonymous')}</p>
          )}
        </section>
        <section className="staff-panel" aria-labelledby="request-description-title">
          <h2 id="request-description-title">{t('requests.description')}</h2>
          {request.description !== null ? <p className="staff-request-text">{request.description}</p> : <p className="staff-empty">{t('requests.erased')}</p>}
          <Attachments requestId={request.id} attachments={request.attachments.filter((a) => a.eventId === null)} />
          {request.answer && (
            <>
              <h3>{t('requests.answerTitle')}</h3>
              <p className="staff-request-text" data-testid="request-answer">
                {request.answer}
              </p>
              {request.answeredAt && (
                <p className="staff-hint">
                  {t('requests.answeredAt', { at: at(request.answeredAt, zone, i18n.language) })}
                  {request.answerWorkingDays !== null && ` ${t(request.answeredOnTime === false ? 'requests.answeredLate' : 'requests.answeredInTime', { count: request.answerWorkingDays })}`}
                </p>
              )}
            </>
          )}
          {typeof request.rating === 'number' && <p>{t('requests.rating', { rating: request.rating })}</p>}
        </section>
      </div>

      <section aria-labelledby="request-timeline-title">
        <h2 id="request-timeline-title">{t('requests.timeline')}</h2>
        <ol className="staff-timeline" data-testid="request-timeline">
          {request.events.map((event) => {
            const files = request.attachments.filter((a) => a.eventId === event.id);
            // Notes are internal; so are other staff-only steps (assignments), said more briefly.
            const note = event.type === 'note';
            return (
              <li key={event.id} className={note ? 'staff-timeline-internal' : undefined} data-event={event.type}>
                <p className="staff-timeline-head">
                  <strong>{eventTitle(t, event, names)}</strong> · {eventActor(t, event)} · <time dateTime={event.at}>{at(event.at, zone, i18n.language)}</time>
                </p>
                {event.internal && <p className={`staff-tag${note ? ' staff-tag-internal' : ''}`}>{note ? t('requests.internalNote') : t('requests.staffOnly')}</p>}
                {event.text && <p className="staff-request-text">{event.text}</p>}
                {files.length > 0 && <Attachments requestId={request.id} attachments={files} />}
              </li>
            );
          })}
        </ol>
        {request.closedAt && <p className="staff-hint">{t('requests.closedAt', { at: formatDate(request.closedAt, zone, i18n.language, 'long') })}</p>}
      </section>
    </article>
  );
}

/** A note, a question to the person or the answer: a text, with what it does said beside it. */
function TextStepForm({ step, busy, error, onSubmit, onCancel }: { step: TextStep; busy: boolean; error: ApiError | null; onSubmit(text: string): Promise<boolean>; onCancel(): void }) {
  const { t } = useTranslation('staff');
  const id = useId();
  const [text, setText] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !text.trim()) return;
    if (await onSubmit(text.trim())) setText('');
  }

  return (
    <form className="staff-form staff-request-step" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(`requests.stepTitle.${step}`)}</h3>
      <div className="staff-field">
        <label htmlFor={id}>{t(`requests.stepLabel.${step}`)}</label>
        <textarea
          id={id}
          required
          rows={step === 'answer' ? 8 : 4}
          maxLength={TEXT_MAX}
          value={text}
          autoFocus
          onChange={(event) => setText(event.target.value)}
          aria-invalid={isInvalid(error, 'text') || undefined}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className={step === 'notes' ? 'staff-warning' : 'staff-hint'}>
          {t(`requests.stepHint.${step}`)}
        </p>
      </div>
      <div className="staff-actions">
        <button type="submit" className="t-primary" aria-disabled={busy}>
          {t(`requests.stepSubmit.${step}`)}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function Attachments({ requestId, attachments }: { requestId: string; attachments: RequestAttachment[] }) {
  const { t, i18n } = useTranslation('staff');
  const [failed, setFailed] = useState<ApiError | null>(null);
  if (attachments.length === 0) return null;
  return (
    <>
      <ul className="staff-attachments" aria-label={t('requests.attachments')}>
        {attachments.map((file) => (
          <li key={file.id}>
            <button
              type="button"
              onClick={() => {
                setFailed(null);
                downloadAttachment(requestId, file).catch((caught: unknown) => setFailed(asApiError(caught)));
              }}
              aria-label={t('requests.download', { name: file.fileName })}
            >
              {file.fileName}
            </button>{' '}
            <span className="staff-muted">
              {t(`requests.mediaTypes.${file.mediaType.replace('/', '_')}`, { defaultValue: file.mediaType })} · {fileSize(file.size, i18n.language)}
            </span>
          </li>
        ))}
      </ul>
      {failed && <Notice kind="error">{errorMessage(t, failed)}</Notice>}
    </>
  );
}
