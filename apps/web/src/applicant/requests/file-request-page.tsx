import './requests.css';
import type { Office } from '@turnero/api-client';
import { formatDate } from '@turnero/ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api.js';
import { call, type Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { ErrorSummary } from '../common/error-summary.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { usePageTitle } from '../common/page-title.js';
import { describedBy, DocumentNumberInput, Field, PersonInput, SmsConsent } from '../common/person-fields.js';
import { checkRut } from '../common/rut.js';
import { useLoad } from '../common/use-load.js';
import { useOverloadRetry } from '../common/use-overload-retry.js';
import { SignInOffer } from '../identity/claveunica-button.js';
import { useIdentity } from '../identity/identity-context.js';
import { VerifiedIdentity } from '../identity/verified-identity.js';
import { AttachmentsField, CharacterCount } from './form-parts.js';
import { EMPTY_REQUEST, REQUEST_FIELDS, type RequestErrors, requestErrorsFromApi, type RequestField, type RequestValues, descriptionLength, toNewRequest, validateRequest } from './request-rules.js';
import { ANONYMOUS_KINDS, DESCRIPTION_MAX, type FiledRequest, fileRequest, loadTopics, REQUEST_KINDS, topicName } from './requests-api.js';
import { CopyCode } from './copy-code.js';

interface Filed extends FiledRequest {
  office: Office;
  contactGiven: boolean;
}

/**
 * `/solicitudes`: "Solicitudes y reclamos". File a request, complaint, suggestion or commendation
 * with an office (POST /requests; multipart when files go along), then see its tracking code and
 * due date. The office may come in the query string (`?oficina=<id>`); personal data stays in
 * memory. A code already known leads to `/solicitud/{code}`. Signed in with ClaveÚnica, the name
 * and RUT are the session's (shown, not asked, not sent) and the request is listed in "Mis trámites".
 */
export function FileRequestPage() {
  const { t } = useTranslation('applicant');
  const [filed, setFiled] = useState<Filed | null>(null);
  usePageTitle(filed ? t('requests.filed.title') : t('requests.title'));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (filed) heading.current?.focus();
  }, [filed]);

  if (filed) {
    return (
      <div className="requests">
        <h1 ref={heading} tabIndex={-1}>
          {t('requests.filed.title')}
        </h1>
        <FiledResult filed={filed} />
      </div>
    );
  }
  return (
    <div className="requests">
      <h1>{t('requests.title')}</h1>
      <p className="lead">{t('requests.lead')}</p>
      <SignInOffer text="requests" />
      <RequestForm onFiled={setFiled} />
      <TrackByCode />
    </div>
  );
}

function RequestForm({ onFiled }: { onFiled(filed: Filed): void }) {
  const { t, i18n } = useTranslation('applicant');
  const id = useId();
  const [params] = useSearchParams();
  const [values, setValues] = useState<RequestValues>(() => ({ ...EMPTY_REQUEST, officeId: params.get('oficina') ?? '' }));
  const { applicant: verified } = useIdentity();
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<RequestErrors>({});
  const [summaryShown, setSummaryShown] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const keyFor = useIdempotencyKey();
  // "Mucha demanda" (503 OVERLOADED, 429): the same request is sent again by itself, the form kept.
  const overload = useOverloadRetry();
  const { stop: stopRetry } = overload;
  const sends = useRef(0);
  const sending = submitting && overload.state.phase !== 'stopped';
  // Editing while a retry waits stops it: the retry would send what was there before.
  useEffect(() => stopRetry(), [values, files, stopRetry]);

  const offices = useLoad('offices', () => call(api.GET('/api/v1/offices')));
  const officeList = offices.state === 'ready' ? offices.data : [];
  const office = officeList.find((o) => o.id === values.officeId);
  const topics = useLoad(office ? `topics:${office.id}` : null, () => loadTopics(office!.id));
  const topicList = topics.state === 'ready' ? topics.data : [];

  // One office: nothing to choose. An office from the link that does not exist: choose again.
  useEffect(() => {
    if (offices.state !== 'ready') return;
    if (!values.officeId && offices.data.length === 1) setValues((v) => ({ ...v, officeId: offices.data[0].id }));
    else if (values.officeId && !offices.data.some((o) => o.id === values.officeId)) setValues((v) => ({ ...v, officeId: '' }));
  }, [offices.state]);

  const set = <K extends keyof RequestValues>(key: K, value: RequestValues[K]) => {
    setValues((v) => ({ ...v, [key]: value, ...(key === 'officeId' ? { topicId: '' } : {}) }));
    const field = (key === 'smsConsent' ? 'phone' : key) as RequestField;
    if (errors[field] || (key === 'phone' && errors.email === 'errors.contactRequired')) setErrors((e) => ({ ...e, [field]: undefined, ...(key === 'phone' || key === 'email' ? { email: undefined } : {}) }));
  };

  const fieldId = (name: RequestField) => `${id}-${name}`;
  const err = (name: RequestField) => (errors[name] ? t(`requests.${errors[name]}`) : null);
  const anonymousAllowed = values.kind !== '' && ANONYMOUS_KINDS.has(values.kind);
  const rut = checkRut(values.documentNumber);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (sending) return;
    // Signed in: the name and RUT are the session's, neither checked nor sent from the form.
    const typed = verified ? { ...values, fullName: '', documentNumber: '' } : values;
    const found = validateRequest(typed);
    setErrors(found);
    setSummaryShown(true);
    setProblem(null);
    if (Object.values(found).some(Boolean)) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const body = toNewRequest(typed);
    setSubmitting(true);
    const sent = ++sends.current;
    const key = keyFor({ body, files: files.map((f) => [f.name, f.size, f.lastModified]) });
    const outcome = await overload.run(() => fileRequest(body, files, key));
    if (outcome === null) {
      if (sends.current === sent) setSubmitting(false);
      return;
    }
    setSubmitting(false);
    if (outcome.ok) {
      onFiled({ ...outcome.data, office: office!, contactGiven: Boolean(body.contact?.email || body.contact?.phone) });
      return;
    }
    const failure = outcome.problem;
    const fromApi: RequestErrors =
      failure.code === 'CONTACT_REQUIRED'
        ? { email: 'errors.contactRequired' }
        : failure.code === 'UNSUPPORTED_ATTACHMENT'
          ? { attachments: 'errors.api.unsupportedAttachment' }
          : failure.status === 413
            ? { attachments: 'errors.api.tooLarge' }
            : failure.code === 'INVALID_RUT'
              ? { documentNumber: 'errors.rutCheckDigit' }
              : requestErrorsFromApi(failure.fieldErrors);
    setErrors(fromApi);
    if (Object.keys(fromApi).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
    } else setProblem(failure);
  };

  const summaryErrors = REQUEST_FIELDS.filter((name) => errors[name]);
  return (
    <form className="request-form" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requests.form.title')}</h2>
      {summaryShown && summaryErrors.length > 0 && (
        <ErrorSummary
          ref={summary}
          title={t('requests.form.summary')}
          entries={summaryErrors.map((name) => ({
            key: name,
            targetId: fieldId(name),
            text: err(name)!,
            focus: () => (document.getElementById(fieldId(name)) ?? document.querySelector<HTMLElement>(`[data-field="${name}"] input`))?.focus(),
          }))}
        />
      )}

      {offices.state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {offices.state === 'error' && <ErrorNotice problem={offices.problem} onRetry={offices.reload} focus={false} />}
      <OverloadNotice retry={offices.overload} resumable />
      <Field id={fieldId('officeId')} label={t('requests.form.office')} error={err('officeId')}>
        <select
          id={fieldId('officeId')}
          name="officeId"
          value={values.officeId}
          aria-invalid={errors.officeId ? true : undefined}
          aria-describedby={describedBy(fieldId('officeId'), false, errors.officeId)}
          onChange={(event) => set('officeId', event.target.value)}
        >
          <option value="">{t('requests.form.chooseOffice')}</option>
          {officeList.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </Field>

      <fieldset className="field" data-field="kind" aria-describedby={errors.kind ? `${fieldId('kind')}-error` : undefined}>
        <legend>{t('requests.form.kind')}</legend>
        <div className="kind-choices">
          {REQUEST_KINDS.map((kind, index) => (
            // GOV.UK's radios with hints: the label is the name, the hint its description.
            <div key={kind} className="kind-choice">
              <input
                type="radio"
                id={index === 0 ? fieldId('kind') : `${id}-kind-${kind}`}
                name={`${id}-kind`}
                value={kind}
                checked={values.kind === kind}
                aria-describedby={`${id}-kind-${kind}-hint`}
                onChange={() => set('kind', kind)}
              />
              <label className="kind-name" htmlFor={index === 0 ? fieldId('kind') : `${id}-kind-${kind}`}>
                {t(`requests.kinds.${kind}`)}
              </label>
              <p className="hint" id={`${id}-kind-${kind}-hint`}>
                {t(`requests.kindHints.${kind}`)}
              </p>
            </div>
          ))}
        </div>
        {errors.kind && (
          <p className="field-error" id={`${fieldId('kind')}-error`}>
            {err('kind')}
          </p>
        )}
      </fieldset>

      <Field id={fieldId('topicId')} label={t('requests.form.topic')} hint={office ? undefined : t('requests.form.topicAfterOffice')} error={err('topicId')}>
        <select
          id={fieldId('topicId')}
          name="topicId"
          value={values.topicId}
          disabled={!office || topics.state !== 'ready'}
          aria-invalid={errors.topicId ? true : undefined}
          aria-describedby={describedBy(fieldId('topicId'), !office, errors.topicId)}
          onChange={(event) => set('topicId', event.target.value)}
        >
          <option value="">{topics.state === 'loading' ? t('common.loading') : t('requests.form.chooseTopic')}</option>
          {topicList.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topicName(topic, i18n.language)}
            </option>
          ))}
        </select>
      </Field>
      {topics.state === 'error' && <ErrorNotice problem={topics.problem} onRetry={topics.reload} focus={false} />}
      <OverloadNotice retry={topics.overload} resumable />

      <div className="field">
        <label htmlFor={fieldId('description')}>{t('requests.form.description')}</label>
        <p className="hint" id={`${fieldId('description')}-hint`}>
          {t('requests.form.descriptionHint')}
        </p>
        <textarea
          id={fieldId('description')}
          name="description"
          rows={8}
          value={values.description}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={[`${fieldId('description')}-hint`, `${fieldId('description')}-count`, errors.description ? `${fieldId('description')}-error` : null].filter(Boolean).join(' ')}
          onChange={(event) => set('description', event.target.value)}
        />
        <CharacterCount id={`${fieldId('description')}-count`} length={descriptionLength(values.description)} max={DESCRIPTION_MAX} />
        {errors.description && (
          <p className="field-error" id={`${fieldId('description')}-error`}>
            {err('description')}
          </p>
        )}
      </div>

      <div data-field="attachments">
        <AttachmentsField
          files={files}
          onChange={(next) => {
            setFiles(next);
            if (errors.attachments) setErrors((e) => ({ ...e, attachments: undefined }));
          }}
          error={err('attachments')}
        />
      </div>

      <fieldset className="field contact">
        <legend>{t('requests.form.contact')}</legend>
        <p className="hint" id={`${id}-contact-hint`}>
          {anonymousAllowed ? t('requests.form.contactAnonymous') : t('requests.form.contactRequired')}
        </p>
        {verified ? (
          <VerifiedIdentity applicant={verified} />
        ) : (
          <PersonInput field="fullName" id={fieldId('fullName')} label={t('requests.form.fullName')} value={values.fullName} error={err('fullName')} onChange={(value) => set('fullName', value)} />
        )}
        <PersonInput
          field="email"
          id={fieldId('email')}
          label={t('requests.form.email')}
          value={values.email}
          error={err('email')}
          hintId={`${id}-contact-hint`}
          onChange={(value) => set('email', value)}
        />
        <PersonInput
          field="phone"
          id={fieldId('phone')}
          label={t('requests.form.phone')}
          value={values.phone}
          error={err('phone')}
          hintId={`${id}-contact-hint`}
          onChange={(value) => set('phone', value)}
        />
        <SmsConsent
          phone={values.phone}
          label={t('requests.form.smsConsent')}
          hint={{ id: `${id}-sms-hint`, text: t('requests.form.smsConsentHint') }}
          checked={values.smsConsent}
          onChange={(checked) => set('smsConsent', checked)}
        />
        {!verified && (
          <Field id={fieldId('documentNumber')} label={t('requests.form.rut')} hint={t('requests.form.rutHint')} error={err('documentNumber')}>
            <DocumentNumberInput
              id={fieldId('documentNumber')}
              value={values.documentNumber}
              invalid={!!errors.documentNumber}
              onChange={(value) => set('documentNumber', value)}
              onBlur={() => {
                if (rut.state === 'valid' && rut.formatted !== values.documentNumber) set('documentNumber', rut.formatted);
              }}
            />
          </Field>
        )}
      </fieldset>

      <p className="hint">{t('requests.form.privacy')}</p>
      {problem && <ErrorNotice problem={problem} onRetry={() => void submit()} />}
      <OverloadNotice retry={overload} stoppedNext={t('overload.stoppedSend')} />
      <button type="submit" className="t-primary" aria-disabled={sending} aria-describedby={sending ? `${id}-sending` : undefined}>
        {t('requests.form.submit')}
      </button>
      {sending && (
        <p id={`${id}-sending`} role="status">
          {t('requests.form.sending')}
        </p>
      )}
    </form>
  );
}

/** The tracking code, large, with a copy button; the due date in words; the way to follow it. */
function FiledResult({ filed }: { filed: Filed }) {
  const { t, i18n } = useTranslation('applicant');
  const dueDate = formatDate(filed.dueDate, filed.office.timeZone, i18n.language);
  return (
    <>
      <p className="notice notice-success" role="status">
        {t('requests.filed.done', { office: filed.office.name })}
      </p>
      <div className="code-card">
        <div>
          <p className="code-label">
            {t('requests.filed.codeLabel')}
          </p>
          <p className="booking-code request-code" data-testid="request-code">
            {filed.code}
          </p>
          <CopyCode code={filed.code} />
          <p className="hint">{t('requests.filed.keepCode')}</p>
        </div>
      </div>
      <p className="due-date" data-testid="due-date">
        {t('requests.filed.due', { date: dueDate })}
      </p>
      <p className="hint">{filed.contactGiven ? t('requests.filed.sent') : t('requests.filed.anonymous')}</p>
      <div className="actions">
        <Link className="button-link t-primary" to={`/solicitud/${encodeURIComponent(filed.code)}`}>
          {t('requests.filed.follow')}
        </Link>
        <Link className="button-link" to="/">
          {t('requests.filed.home')}
        </Link>
      </div>
    </>
  );
}

/** "¿Ya tiene un código?": the code leads to its tracking page (the only thing put in the URL). */
function TrackByCode() {
  const { t } = useTranslation('applicant');
  const id = useId();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const clean = code.replace(/[\s-]/g, '').toUpperCase();
    if (!clean) {
      setMissing(true);
      document.getElementById(`${id}-code`)?.focus();
      return;
    }
    navigate(`/solicitud/${encodeURIComponent(clean)}`);
  };
  return (
    <section className="track-by-code" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('requests.track.title')}</h2>
      <form className="lookup-form" onSubmit={submit} noValidate>
        <Field id={`${id}-code`} label={t('requests.track.code')} hint={t('requests.track.codeHint')} error={missing ? t('requests.track.codeRequired') : null}>
          <input
            id={`${id}-code`}
            name="code"
            value={code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={missing || undefined}
            aria-describedby={describedBy(`${id}-code`, true, missing)}
            onChange={(event) => {
              setCode(event.target.value);
              setMissing(false);
            }}
          />
        </Field>
        <button type="submit">{t('requests.track.submit')}</button>
      </form>
    </section>
  );
}
