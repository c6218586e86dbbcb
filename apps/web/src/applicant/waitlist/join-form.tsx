import './waitlist.css';
import type { PublicService } from '@turnero/api-client';
import { formatDate, intlLocale } from '@turnero/ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApplicantValues, fieldErrorsFromApi, validateApplicant } from '../booking/applicant-form.js';
import { weekdayNames } from '../calendar/calendar-dates.js';
import type { Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { ErrorSummary } from '../common/error-summary.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { DocumentNumberInput, DocumentTypeChoice, Field, PersonInput, SmsConsent } from '../common/person-fields.js';
import { checkRut } from '../common/rut.js';
import { useOverloadRetry } from '../common/use-overload-retry.js';
import { ClaveUnicaButton } from '../identity/claveunica-button.js';
import type { SignedInApplicant } from '../identity/identity-api.js';
import { useIdentity } from '../identity/identity-context.js';
import { VerifiedIdentity } from '../identity/verified-identity.js';
import { type JoinedWaitlist, type JoinWaitlist, joinWaitlist } from './waitlist-api.js';

type JoinField = 'from' | 'to' | 'documentNumber' | 'fullName' | 'email' | 'phone';
type Errors = Partial<Record<JoinField, string>>;
const FIELD_ORDER: JoinField[] = ['from', 'to', 'documentNumber', 'fullName', 'email', 'phone'];
const APPLICANT_FIELDS = ['documentNumber', 'fullName', 'email', 'phone'] as const;

export interface WaitlistRange {
  /** The first and last day the person may ask for: the office's today and the booking horizon. */
  first: string;
  last: string;
}

/**
 * The form's own rules (the API's: within [today, horizon], from ≤ to, an email or a phone).
 * Signed in with ClaveÚnica (`verified`), the document and name are the session's, not the form's.
 */
export function validateJoin(from: string, to: string, range: WaitlistRange, values: ApplicantValues, verified: SignedInApplicant | null = null): Errors {
  const errors: Errors = {};
  if (!from || from < range.first || from > range.last) errors.from = 'waitlist.join.errors.from';
  if (!to || to > range.last || (from && to < from)) errors.to = 'waitlist.join.errors.to';
  const applicant = validateApplicant(verified ? { ...values, documentType: 'RUT', documentNumber: verified.documentNumber, fullName: verified.fullName } : values);
  for (const field of APPLICANT_FIELDS) if (applicant[field]) errors[field] = applicant[field];
  if (!errors.email && !errors.phone && !values.email.trim() && !values.phone.trim()) errors.email = 'waitlist.join.errors.contact';
  return errors;
}

/**
 * The API's 400 fields (`from`, `applicant.email`…) as this form's, the applicant's as the booking
 * form reads them; CONTACT_REQUIRED names the email.
 */
function errorsFromProblem(problem: Problem): Errors {
  if (problem.code === 'CONTACT_REQUIRED') return { email: 'waitlist.join.errors.contact' };
  if (problem.code === 'INVALID_RUT') return { documentNumber: 'form.errors.rutCheckDigit' };
  if (problem.code === 'INVALID_DOCUMENT') return { documentNumber: 'form.errors.document' };
  const errors: Errors = {};
  for (const field of ['from', 'to'] as const) if (problem.fieldErrors[field]) errors[field] = `waitlist.join.errors.${field}`;
  const applicant = fieldErrorsFromApi(problem.fieldErrors);
  for (const field of APPLICANT_FIELDS) if (applicant[field]) errors[field] = applicant[field];
  return errors;
}

export interface JoinFormProps {
  service: PublicService;
  timeZone: string;
  range: WaitlistRange;
  /** The days first proposed: the full day chosen, or the month shown. */
  initialFrom: string;
  initialTo: string;
  /** The booking form's data (kept both ways: typed here, it is there when the person books). */
  values: ApplicantValues;
  onChange(values: ApplicantValues): void;
  onCancel(): void;
}

/**
 * "Avísenme si se libera una hora": the days that suit the person (a range, weekdays, mornings
 * only), their document and name, and an email or a phone to be told by; POST /waitlist. Once
 * in, the code and the place in line, and a link to the entry's page. Signed in with ClaveÚnica,
 * the verified name and RUT are shown read-only instead of the document fields and not sent (the
 * API takes them from the session); a procedure that requires a verified identity shows, to
 * someone not signed in, why and the way to sign in instead of the form.
 */
export function WaitlistJoinForm({ service, timeZone, range, initialFrom, initialTo, values, onChange, onCancel }: JoinFormProps) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const identity = useIdentity();
  const verified = identity.applicant;
  const id = useId();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [morningOnly, setMorningOnly] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState<JoinedWaitlist | null>(null);
  const keyFor = useIdempotencyKey();
  // "Mucha demanda" (503 OVERLOADED, 429): the same request is sent again by itself, the form kept.
  const overload = useOverloadRetry();
  const { stop: stopRetry } = overload;
  const sends = useRef(0);
  const sending = busy && overload.state.phase !== 'stopped';
  const summary = useRef<HTMLDivElement>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // Opened by "Avísenme si se libera una hora": the form's heading takes the focus.
  useEffect(() => title.current?.focus(), []);
  const fieldId = (field: JoinField) => `${id}-${field}`;
  const set = <K extends keyof ApplicantValues>(key: K, value: ApplicantValues[K]) => onChange({ ...values, [key]: value });
  // Editing while a retry waits stops it: the retry would send what was there before.
  useEffect(() => stopRetry(), [from, to, weekdays, morningOnly, values, stopRetry]);

  const body = (): JoinWaitlist => ({
    serviceId: service.id,
    from,
    to,
    ...(weekdays.length > 0 ? { weekdays: [...weekdays].sort((a, b) => a - b) } : {}),
    ...(morningOnly ? { morningOnly: true } : {}),
    applicant: {
      // Signed in, the API takes the document and name from the ClaveÚnica session.
      ...(verified ? {} : { documentType: values.documentType, documentNumber: values.documentNumber.trim(), fullName: values.fullName.trim() }),
      ...(values.email.trim() ? { email: values.email.trim() } : {}),
      ...(values.phone.trim() ? { phone: values.phone.trim(), smsConsent: values.smsConsent } : {}),
    },
  });

  const send = async () => {
    const request = body();
    setBusy(true);
    setProblem(null);
    const sent = ++sends.current;
    const key = keyFor(request);
    const outcome = await overload.run(() => joinWaitlist(request, key));
    if (outcome === null) {
      if (sends.current === sent) setBusy(false);
      return;
    }
    setBusy(false);
    if (outcome.ok) {
      setJoined(outcome.data);
      requestAnimationFrame(() => doneHeading.current?.focus());
      return;
    }
    // Signed in, a refusal about the document means the session ended meanwhile: read it again, so the fields (or the sign-in) show.
    const failure = outcome.problem;
    if (verified && (failure.code === 'VERIFIED_IDENTITY_REQUIRED' || Object.keys(failure.fieldErrors).some((field) => /^applicant\.(document|fullName)/.test(field)))) identity.reload();
    const fieldErrors = errorsFromProblem(outcome.problem);
    if (Object.keys(fieldErrors).length > 0) {
      setErrors(fieldErrors);
      requestAnimationFrame(() => summary.current?.focus());
    } else setProblem(outcome.problem);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const found = validateJoin(from, to, range, values, verified);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    void send();
  };

  if (joined) {
    return (
      <section className="waitlist-join" aria-labelledby={`${id}-done`}>
        <h3 id={`${id}-done`} ref={doneHeading} tabIndex={-1}>
          {t('waitlist.join.doneTitle')}
        </h3>
        <p className="notice notice-success" role="status">
          {joined.from === joined.to
            ? t('waitlist.join.doneTextDay', { date: formatDate(joined.from, timeZone, language) })
            : t('waitlist.join.doneText', { from: formatDate(joined.from, timeZone, language), to: formatDate(joined.to, timeZone, language) })}
        </p>
        <div className="code-card">
          <div>
            <p className="code-label">{t('waitlist.join.codeLabel')}</p>
            <p className="booking-code" data-testid="waitlist-code">
              {joined.code}
            </p>
            <p className="hint">{t('waitlist.join.keepCode')}</p>
          </div>
        </div>
        <p>{joined.position === 0 ? t('waitlist.join.positionFirst') : t('waitlist.join.position', { count: joined.position })}</p>
        <Link className="button-link t-primary" to={`/lista-espera/${encodeURIComponent(joined.code)}`}>
          {t('waitlist.join.see')}
        </Link>
      </section>
    );
  }

  const shown = FIELD_ORDER.filter((field) => errors[field]);
  const describedBy = (field: JoinField, hint?: boolean) => [hint ? `${fieldId(field)}-hint` : null, errors[field] ? `${fieldId(field)}-error` : null].filter(Boolean).join(' ') || undefined;
  const names = weekdayNames(intlLocale(language));
  const fieldError = (field: JoinField) => errors[field] && t(errors[field]);

  if (service.requiresVerifiedIdentity && !verified) {
    return (
      <section className="waitlist-join" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`} ref={title} tabIndex={-1}>
          {t('waitlist.join.title')}
        </h3>
        {/* As the booking page's notice: why, and the way to sign in (coming back to this page). */}
        <div className="notice verified-required" data-testid="verified-identity-required">
          <p className="notice-title">{t('identity.required.title')}</p>
          <p>{identity.enabled ? t('waitlist.join.requiredText') : t('waitlist.join.requiredUnavailable')}</p>
          <ClaveUnicaButton />
        </div>
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('waitlist.join.cancel')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="waitlist-join" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={title} tabIndex={-1}>
        {t('waitlist.join.title')}
      </h3>
      <p>{t('waitlist.join.intro')}</p>
      <form className="applicant-form" onSubmit={submit} noValidate>
        {shown.length > 0 && (
          <ErrorSummary
            ref={summary}
            title={t('form.summary')}
            entries={shown.map((field) => ({ key: field, targetId: fieldId(field), text: t(errors[field]!), focus: () => document.getElementById(fieldId(field))?.focus() }))}
          />
        )}
        <p className="hint" id={`${fieldId('from')}-hint`}>
          {t('waitlist.join.rangeHint', { date: formatDate(range.last, timeZone, language) })}
        </p>
        <div className="field-row">
          <Field id={fieldId('from')} label={t('waitlist.join.from')} error={fieldError('from')}>
            <input
              id={fieldId('from')}
              type="date"
              name="from"
              value={from}
              min={range.first}
              max={range.last}
              aria-invalid={errors.from ? true : undefined}
              aria-describedby={describedBy('from', true)}
              onChange={(event) => setFrom(event.target.value)}
            />
          </Field>
          <Field id={fieldId('to')} label={t('waitlist.join.to')} error={fieldError('to')}>
            <input
              id={fieldId('to')}
              type="date"
              name="to"
              value={to}
              min={from || range.first}
              max={range.last}
              aria-invalid={errors.to ? true : undefined}
              aria-describedby={describedBy('to')}
              onChange={(event) => setTo(event.target.value)}
            />
          </Field>
        </div>

        <fieldset className="field" aria-describedby={`${id}-weekdays-hint`}>
          <legend>{t('waitlist.join.weekdays')}</legend>
          <p className="hint" id={`${id}-weekdays-hint`}>
            {t('waitlist.join.weekdaysHint')}
          </p>
          <div className="choices weekdays">
            {names.map((name, index) => (
              <label key={name.long} className="choice">
                <input
                  type="checkbox"
                  name="weekdays"
                  value={index + 1}
                  checked={weekdays.includes(index + 1)}
                  onChange={(event) => setWeekdays(event.target.checked ? [...weekdays, index + 1] : weekdays.filter((d) => d !== index + 1))}
                />
                {name.long}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="morningOnly" checked={morningOnly} onChange={(event) => setMorningOnly(event.target.checked)} />
            {t('waitlist.join.morningOnly')}
          </label>
        </div>

        {verified ? (
          <VerifiedIdentity applicant={verified} />
        ) : (
          <>
            <DocumentTypeChoice name={`${id}-document-type`} value={values.documentType} onChange={(type) => set('documentType', type)} />
            <Field
              id={fieldId('documentNumber')}
              label={t(`form.documentNumber.${values.documentType}`)}
              hint={t(`form.documentHint.${values.documentType}`)}
              error={fieldError('documentNumber')}
            >
              <DocumentNumberInput
                id={fieldId('documentNumber')}
                value={values.documentNumber}
                invalid={!!errors.documentNumber}
                inputMode={values.documentType === 'RUT' ? 'text' : undefined}
                onChange={(value) => set('documentNumber', value)}
                onBlur={() => {
                  // As the booking form: a valid RUT is written the standard way (12.345.678-5) when the field is left.
                  const rut = values.documentType === 'RUT' ? checkRut(values.documentNumber) : null;
                  if (rut?.state === 'valid' && rut.formatted !== values.documentNumber) set('documentNumber', rut.formatted);
                }}
              />
            </Field>
            <PersonInput field="fullName" id={fieldId('fullName')} label={t('form.fullName')} value={values.fullName} error={fieldError('fullName')} onChange={(value) => set('fullName', value)} />
          </>
        )}
        <p className="hint">{t('waitlist.join.contactHint')}</p>
        <PersonInput field="email" id={fieldId('email')} label={t('waitlist.join.email')} value={values.email} error={fieldError('email')} onChange={(value) => set('email', value)} />
        <PersonInput field="phone" id={fieldId('phone')} label={t('waitlist.join.phone')} value={values.phone} error={fieldError('phone')} onChange={(value) => set('phone', value)} />
        <SmsConsent phone={values.phone} label={t('waitlist.join.smsConsent')} checked={values.smsConsent} onChange={(checked) => set('smsConsent', checked)} />

        {problem && (
          <ErrorNotice problem={problem} onRetry={() => void send()}>
            {problem.code === 'ALREADY_BOOKED' && <Link to="/mi-reserva">{t('booking.goToMyBooking')}</Link>}
            {problem.code === 'ALREADY_WAITING' && <Link to="/lista-espera">{t('waitlist.page.findTitle')}</Link>}
          </ErrorNotice>
        )}
        <OverloadNotice retry={overload} stoppedNext={t('overload.stoppedSend')} />
        <div className="actions">
          <button type="submit" className="t-primary" aria-disabled={sending}>
            {t('waitlist.join.submit')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('waitlist.join.cancel')}
          </button>
        </div>
        {sending && <p role="status">{t('form.sending')}</p>}
      </form>
    </section>
  );
}
