import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../common/error-summary.js';
import { checkRut } from '../common/rut.js';

export type DocumentType = 'RUT' | 'PASSPORT' | 'OTHER';

export interface ApplicantValues {
  documentType: DocumentType;
  documentNumber: string;
  fullName: string;
  email: string;
  phone: string;
  /** Consent to SMS about the booking; asked (and sent) only with a phone. */
  smsConsent: boolean;
  preferential: boolean;
}

export const EMPTY_APPLICANT: ApplicantValues = { documentType: 'RUT', documentNumber: '', fullName: '', email: '', phone: '', smsConsent: false, preferential: false };

export type FieldName = 'documentNumber' | 'fullName' | 'email' | 'phone';
/** An i18n key (applicant `form.errors.*`) per field. */
export type FieldErrors = Partial<Record<FieldName, string>>;

const FIELD_ORDER: FieldName[] = ['documentNumber', 'fullName', 'email', 'phone'];
const OTHER_DOCUMENT = /^[A-Z0-9-]{3,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The API's phone rule (toE164): a Chilean number of 9 digits, with or without +56, or + and a country code (8–15 digits). */
export function isPhone(raw: string): boolean {
  const text = raw.trim();
  if (text.length > 30 || !/^\+?[0-9 ().-]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  const chilean = (national: string) => /^[2-9][0-9]{8}$/.test(national);
  if (text.startsWith('+')) return digits.startsWith('56') ? chilean(digits.slice(2)) : /^[1-9][0-9]{7,14}$/.test(digits);
  return chilean(digits) || (digits.length === 11 && digits.startsWith('56') && chilean(digits.slice(2)));
}

/** The same rules as the API's (ApplicantDto), checked before sending so mistakes show at once. */
export function validateApplicant(values: ApplicantValues): FieldErrors {
  const errors: FieldErrors = {};
  const document = values.documentNumber.trim();
  if (values.documentType === 'RUT') {
    const rut = checkRut(document);
    if (rut.state === 'empty') errors.documentNumber = 'form.errors.documentRequired';
    else if (rut.state === 'wrong-check-digit') errors.documentNumber = 'form.errors.rutCheckDigit';
    else if (rut.state !== 'valid') errors.documentNumber = 'form.errors.rutFormat';
  } else if (document === '') errors.documentNumber = 'form.errors.documentRequired';
  else if (!OTHER_DOCUMENT.test(document.replace(/\s+/g, '').toUpperCase())) errors.documentNumber = 'form.errors.document';
  if (values.fullName.trim().length < 2) errors.fullName = 'form.errors.fullName';
  else if (values.fullName.trim().length > 200) errors.fullName = 'form.errors.fullNameLong';
  if (values.email.trim() && !EMAIL.test(values.email.trim())) errors.email = 'form.errors.email';
  if (values.phone.trim() && !isPhone(values.phone)) errors.phone = 'form.errors.phone';
  return errors;
}

/** The API's 400 `details` field names, as this form's fields. */
export function fieldErrorsFromApi(fieldErrors: Record<string, string[]>): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of Object.keys(fieldErrors)) {
    const name = field.replace(/^applicant\./, '') as FieldName;
    if (FIELD_ORDER.includes(name)) errors[name] = `form.errors.${name === 'documentNumber' ? 'document' : name}`;
  }
  return errors;
}

export interface ApplicantFormProps {
  values: ApplicantValues;
  onChange(values: ApplicantValues): void;
  onSubmit(values: ApplicantValues): void;
  /** Errors the API found (VALIDATION_FAILED, INVALID_RUT); shown like the form's own. */
  serverErrors: FieldErrors;
  submitting: boolean;
  /** Shown above the button: what happens on submit, errors with their next step. */
  children?: ReactNode;
}

/**
 * The applicant's data: document (RUT checked as it is typed, or a passport or other document),
 * full name, optional contact, and preferential attention explained. On a failed submit an error
 * summary takes the focus and links to each field (GOV.UK pattern).
 */
export function ApplicantForm({ values, onChange, onSubmit, serverErrors, submitting, children }: ApplicantFormProps) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [shownErrors, setShownErrors] = useState<FieldErrors>({});
  const [documentTouched, setDocumentTouched] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const errors: FieldErrors = { ...shownErrors, ...serverErrors };
  const set = <K extends keyof ApplicantValues>(key: K, value: ApplicantValues[K]) => {
    onChange({ ...values, [key]: value });
    if (shownErrors[key as FieldName]) setShownErrors({ ...shownErrors, [key]: undefined });
  };

  const rut = values.documentType === 'RUT' ? checkRut(values.documentNumber) : null;
  const rutComplete = documentTouched || values.documentNumber.includes('-');
  const liveDocumentError =
    rut?.state === 'wrong-check-digit' && rutComplete ? 'form.errors.rutCheckDigit' : rut?.state === 'malformed' && documentTouched ? 'form.errors.rutFormat' : undefined;
  const documentError = errors.documentNumber ?? liveDocumentError;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const found = validateApplicant(values);
    setShownErrors(found);
    setDocumentTouched(true);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    onSubmit(values);
  };

  const fieldId = (name: FieldName) => `${id}-${name}`;
  const summaryErrors = FIELD_ORDER.filter((name) => errors[name]);
  const describedBy = (name: FieldName, hint?: boolean) => [hint ? `${fieldId(name)}-hint` : null, errors[name] || (name === 'documentNumber' && documentError) ? `${fieldId(name)}-error` : null].filter(Boolean).join(' ') || undefined;
  const documentLabel = t(`form.documentNumber.${values.documentType}`);

  return (
    <form className="applicant-form" onSubmit={submit} noValidate>
      {Object.keys(shownErrors).some((k) => shownErrors[k as FieldName]) && summaryErrors.length > 0 && (
        <ErrorSummary
          ref={summary}
          title={t('form.summary')}
          entries={summaryErrors.map((name) => ({ key: name, targetId: fieldId(name), text: t(errors[name]!), focus: () => document.getElementById(fieldId(name))?.focus() }))}
        />
      )}

      <fieldset className="field">
        <legend>{t('form.documentType.legend')}</legend>
        <div className="choices">
          {(['RUT', 'PASSPORT', 'OTHER'] as const).map((type) => (
            <label key={type} className="choice">
              <input
                type="radio"
                name={`${id}-document-type`}
                value={type}
                checked={values.documentType === type}
                onChange={() => {
                  onChange({ ...values, documentType: type });
                  setShownErrors({ ...shownErrors, documentNumber: undefined });
                }}
              />
              {t(`form.documentType.${type}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="field">
        <label htmlFor={fieldId('documentNumber')}>{documentLabel}</label>
        <p className="hint" id={`${fieldId('documentNumber')}-hint`}>
          {t(`form.documentHint.${values.documentType}`)}
        </p>
        <input
          id={fieldId('documentNumber')}
          name="documentNumber"
          value={values.documentNumber}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode={values.documentType === 'RUT' ? 'text' : undefined}
          aria-invalid={documentError ? true : undefined}
          aria-describedby={describedBy('documentNumber', true)}
          onChange={(event) => set('documentNumber', event.target.value)}
          onBlur={() => {
            setDocumentTouched(true);
            if (rut?.state === 'valid' && rut.formatted !== values.documentNumber) onChange({ ...values, documentNumber: rut.formatted });
          }}
        />
        {documentError ? (
          <p className="field-error" id={`${fieldId('documentNumber')}-error`}>
            {t(documentError)}
          </p>
        ) : (
          rut?.state === 'valid' && (
            <p className="field-ok" role="status">
              <span aria-hidden="true">✓ </span>
              {t('form.rutValid')}
            </p>
          )
        )}
      </div>

      <TextField id={fieldId('fullName')} label={t('form.fullName')} error={errors.fullName && t(errors.fullName)}>
        <input
          id={fieldId('fullName')}
          name="fullName"
          value={values.fullName}
          autoComplete="name"
          aria-invalid={errors.fullName ? true : undefined}
          aria-describedby={describedBy('fullName')}
          onChange={(event) => set('fullName', event.target.value)}
        />
      </TextField>

      <p className="hint">{t('form.contactHint')}</p>
      <TextField id={fieldId('email')} label={t('form.email')} error={errors.email && t(errors.email)}>
        <input
          id={fieldId('email')}
          name="email"
          type="email"
          value={values.email}
          autoComplete="email"
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy('email')}
          onChange={(event) => set('email', event.target.value)}
        />
      </TextField>
      <TextField id={fieldId('phone')} label={t('form.phone')} error={errors.phone && t(errors.phone)}>
        <input
          id={fieldId('phone')}
          name="phone"
          type="tel"
          value={values.phone}
          autoComplete="tel"
          aria-invalid={errors.phone ? true : undefined}
          aria-describedby={describedBy('phone')}
          onChange={(event) => set('phone', event.target.value)}
        />
      </TextField>
      {values.phone.trim() !== '' && (
        <div className="field sms-consent">
          <label className="choice">
            <input
              type="checkbox"
              name="smsConsent"
              checked={values.smsConsent}
              aria-describedby={`${id}-sms-consent-hint`}
              onChange={(event) => set('smsConsent', event.target.checked)}
            />
            {t('form.smsConsent')}
          </label>
          <p className="hint" id={`${id}-sms-consent-hint`}>
            {t('form.smsConsentHint')}
          </p>
        </div>
      )}

      <div className="field preferential">
        <label className="choice">
          <input
            type="checkbox"
            name="preferential"
            checked={values.preferential}
            aria-describedby={`${id}-preferential-hint`}
            onChange={(event) => set('preferential', event.target.checked)}
          />
          {t('form.preferential')}
        </label>
        <p className="hint" id={`${id}-preferential-hint`}>
          {t('form.preferentialHint')}
        </p>
      </div>

      {children}

      <button type="submit" className="t-primary" aria-disabled={submitting} aria-describedby={submitting ? `${id}-sending` : undefined}>
        {t('form.submit')}
      </button>
      {submitting && (
        <p id={`${id}-sending`} role="status">
          {t('form.sending')}
        </p>
      )}
    </form>
  );
}

function TextField({ id, label, error, children }: { id: string; label: string; error?: string | false; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
