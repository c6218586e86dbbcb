import './group.css';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../common/error-summary.js';
import { DOCUMENT_TYPES, DocumentNumberInput, type DocumentType, DocumentTypeChoice, Field, PersonInput, SmsConsent } from '../common/person-fields.js';
import { checkRut } from '../common/rut.js';
import type { SignedInApplicant } from '../identity/identity-api.js';
import { VerifiedIdentity } from '../identity/verified-identity.js';

export type { DocumentType };

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

/** A person booking with the holder, in the same slot (no contact: the holder is told for all). */
export interface CompanionValues {
  documentType: DocumentType;
  documentNumber: string;
  fullName: string;
}

export const EMPTY_COMPANION: CompanionValues = { documentType: 'RUT', documentNumber: '', fullName: '' };

export type FieldName = 'documentNumber' | 'fullName' | 'email' | 'phone';
/** A companion's field, as the API names it (`companions.0.documentNumber`). */
export type CompanionField = `companions.${number}.${'documentNumber' | 'fullName'}`;
/** An i18n key (applicant `form.errors.*`) per field. */
export type FieldErrors = Partial<Record<FieldName | CompanionField, string>>;

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

/** A document as the API compares them: letters and digits only, upper case (12.345.678-5 = 123456785). */
const documentKey = (type: DocumentType, number: string) => `${type}:${number.replace(/[^0-9a-z]/gi, '').toUpperCase()}`;

/** A holder's or a companion's document: the i18n key of what is wrong with it, if anything. */
function documentError(type: DocumentType, raw: string): string | undefined {
  const document = raw.trim();
  if (type === 'RUT') {
    const rut = checkRut(document);
    if (rut.state === 'empty') return 'form.errors.documentRequired';
    if (rut.state === 'wrong-check-digit') return 'form.errors.rutCheckDigit';
    return rut.state === 'valid' ? undefined : 'form.errors.rutFormat';
  }
  if (document === '') return 'form.errors.documentRequired';
  return OTHER_DOCUMENT.test(document.replace(/\s+/g, '').toUpperCase()) ? undefined : 'form.errors.document';
}

/** The same rules as the API's (ApplicantDto), checked before sending so mistakes show at once. */
export function validateApplicant(values: ApplicantValues): FieldErrors {
  const errors: FieldErrors = {};
  const invalidDocument = documentError(values.documentType, values.documentNumber);
  if (invalidDocument) errors.documentNumber = invalidDocument;
  if (values.fullName.trim().length < 2) errors.fullName = 'form.errors.fullName';
  else if (values.fullName.trim().length > 200) errors.fullName = 'form.errors.fullNameLong';
  if (values.email.trim() && !EMAIL.test(values.email.trim())) errors.email = 'form.errors.email';
  if (values.phone.trim() && !isPhone(values.phone)) errors.phone = 'form.errors.phone';
  return errors;
}

/** Each companion like the holder (document, name), and no document twice in the group. */
export function validateCompanions(holder: ApplicantValues, companions: readonly CompanionValues[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set([documentKey(holder.documentType, holder.documentNumber)]);
  companions.forEach((companion, index) => {
    const invalid = documentError(companion.documentType, companion.documentNumber);
    const key = documentKey(companion.documentType, companion.documentNumber);
    if (invalid) errors[`companions.${index}.documentNumber`] = invalid;
    else if (seen.has(key)) errors[`companions.${index}.documentNumber`] = 'form.errors.companionRepeated';
    seen.add(key);
    const name = companion.fullName.trim();
    if (name.length < 2) errors[`companions.${index}.fullName`] = 'form.errors.companionName';
    else if (name.length > 200) errors[`companions.${index}.fullName`] = 'form.errors.fullNameLong';
  });
  return errors;
}

const COMPANION_FIELD = /^companions\.(\d+)\.(documentNumber|fullName)$/;

/**
 * The API's `details` field names, as this form's fields: a 400's (VALIDATION_FAILED, INVALID_RUT
 * naming `companions.N.documentNumber`) or DUPLICATE_BOOKING's (the member who already has one).
 */
export function fieldErrorsFromApi(fieldErrors: Record<string, string[]>, code = 'VALIDATION_FAILED'): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of Object.keys(fieldErrors)) {
    const companion = COMPANION_FIELD.exec(field);
    if (companion) {
      const name = field as CompanionField;
      if (companion[2] === 'fullName') errors[name] = 'form.errors.companionName';
      else errors[name] = code === 'DUPLICATE_BOOKING' ? 'form.errors.companionBooked' : code === 'INVALID_RUT' ? 'form.errors.rutCheckDigit' : 'form.errors.document';
      continue;
    }
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
  /** When the procedure takes groups: the people coming with the holder, up to `max`. */
  companions?: { values: CompanionValues[]; max: number; onChange(values: CompanionValues[]): void };
  /**
   * Signed in with ClaveÚnica: the document and name are the provider's, shown read-only instead of
   * their fields (the page sends no document: the API takes it from the session).
   */
  verified?: SignedInApplicant | null;
}

/**
 * The applicant's data: document (RUT checked as it is typed, or a passport or other document),
 * full name, optional contact, and preferential attention explained. On a failed submit an error
 * summary takes the focus and links to each field (GOV.UK pattern).
 */
export function ApplicantForm({ values, onChange, onSubmit, serverErrors, submitting, children, companions, verified }: ApplicantFormProps) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [shownErrors, setShownErrors] = useState<FieldErrors>({});
  const [documentTouched, setDocumentTouched] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const errors: FieldErrors = { ...shownErrors, ...serverErrors };
  // A companion the API refused (already booked, a wrong RUT) is listed in the summary too, which takes the focus.
  const serverAboutCompanion = Object.keys(serverErrors).some((field) => field.startsWith('companions.'));
  useEffect(() => {
    if (serverAboutCompanion) summary.current?.focus();
  }, [serverErrors, serverAboutCompanion]);
  const set = <K extends keyof ApplicantValues>(key: K, value: ApplicantValues[K]) => {
    onChange({ ...values, [key]: value });
    if (shownErrors[key as FieldName]) setShownErrors({ ...shownErrors, [key]: undefined });
  };
  const setCompanion = (index: number, companion: CompanionValues, field: keyof CompanionValues) => {
    if (!companions) return;
    companions.onChange(companions.values.map((c, i) => (i === index ? companion : c)));
    const key = `companions.${index}.${field === 'fullName' ? 'fullName' : 'documentNumber'}` as CompanionField;
    if (shownErrors[key]) setShownErrors({ ...shownErrors, [key]: undefined });
  };

  const rut = values.documentType === 'RUT' ? checkRut(values.documentNumber) : null;
  const rutComplete = documentTouched || values.documentNumber.includes('-');
  const liveDocumentError =
    rut?.state === 'wrong-check-digit' && rutComplete ? 'form.errors.rutCheckDigit' : rut?.state === 'malformed' && documentTouched ? 'form.errors.rutFormat' : undefined;
  const documentError = errors.documentNumber ?? liveDocumentError;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    // Signed in, the holder is the verified person: their RUT is the one companions must not repeat.
    const holder: ApplicantValues = verified ? { ...values, documentType: 'RUT', documentNumber: verified.documentNumber, fullName: verified.fullName } : values;
    const found = { ...validateApplicant(holder), ...(companions ? validateCompanions(holder, companions.values) : {}) };
    setShownErrors(found);
    setDocumentTouched(true);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    onSubmit(values);
  };

  const fieldId = (name: FieldName | CompanionField) => `${id}-${name.replace(/\./g, '-')}`;
  const companionFields: CompanionField[] = (companions?.values ?? []).flatMap((_, i) => [`companions.${i}.documentNumber`, `companions.${i}.fullName`] as CompanionField[]);
  const summaryErrors = [...FIELD_ORDER, ...companionFields].filter((name) => errors[name]);
  const documentLabel = t(`form.documentNumber.${values.documentType}`);

  return (
    <form className="applicant-form" onSubmit={submit} noValidate>
      {(Object.values(shownErrors).some(Boolean) || serverAboutCompanion) && summaryErrors.length > 0 && (
        <ErrorSummary
          ref={summary}
          title={t('form.summary')}
          entries={summaryErrors.map((name) => ({ key: name, targetId: fieldId(name), text: t(errors[name]!), focus: () => document.getElementById(fieldId(name))?.focus() }))}
        />
      )}

      {verified ? (
        <VerifiedIdentity applicant={verified} />
      ) : (
        <>
          <DocumentTypeChoice
            name={`${id}-document-type`}
            value={values.documentType}
            onChange={(type) => {
              onChange({ ...values, documentType: type });
              setShownErrors({ ...shownErrors, documentNumber: undefined });
            }}
          />

          <Field id={fieldId('documentNumber')} label={documentLabel} hint={t(`form.documentHint.${values.documentType}`)} error={documentError && t(documentError)}>
            <DocumentNumberInput
              id={fieldId('documentNumber')}
              value={values.documentNumber}
              invalid={!!documentError}
              inputMode={values.documentType === 'RUT' ? 'text' : undefined}
              onChange={(value) => set('documentNumber', value)}
              onBlur={() => {
                setDocumentTouched(true);
                if (rut?.state === 'valid' && rut.formatted !== values.documentNumber) onChange({ ...values, documentNumber: rut.formatted });
              }}
            />
            {!documentError && rut?.state === 'valid' && (
              <p className="field-ok" role="status">
                <span aria-hidden="true">✓ </span>
                {t('form.rutValid')}
              </p>
            )}
          </Field>

          <PersonInput field="fullName" id={fieldId('fullName')} label={t('form.fullName')} value={values.fullName} error={errors.fullName && t(errors.fullName)} onChange={(value) => set('fullName', value)} />
        </>
      )}

      <p className="hint">{t('form.contactHint')}</p>
      <PersonInput field="email" id={fieldId('email')} label={t('form.email')} value={values.email} error={errors.email && t(errors.email)} onChange={(value) => set('email', value)} />
      <PersonInput field="phone" id={fieldId('phone')} label={t('form.phone')} value={values.phone} error={errors.phone && t(errors.phone)} onChange={(value) => set('phone', value)} />
      <SmsConsent
        phone={values.phone}
        label={t('form.smsConsent')}
        hint={{ id: `${id}-sms-consent-hint`, text: t('form.smsConsentHint') }}
        checked={values.smsConsent}
        onChange={(checked) => set('smsConsent', checked)}
      />

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

      {companions && companions.max > 0 && (
        <Companions
          companions={companions}
          errors={errors}
          fieldId={fieldId}
          onEdit={setCompanion}
          onRemove={(index) => {
            companions.onChange(companions.values.filter((_, i) => i !== index));
            setShownErrors({});
          }}
        />
      )}

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

interface CompanionsProps {
  companions: NonNullable<ApplicantFormProps['companions']>;
  errors: FieldErrors;
  fieldId(name: CompanionField): string;
  onEdit(index: number, companion: CompanionValues, field: keyof CompanionValues): void;
  onRemove(index: number): void;
}

/**
 * "Acompañantes": one row per person coming in the same slot (document type, number, name), added
 * one at a time up to the procedure's group size. Each takes a seat of its own.
 */
function Companions({ companions, errors, fieldId, onEdit, onRemove }: CompanionsProps) {
  const { t } = useTranslation('applicant');
  const titleId = useId();
  const { values, max } = companions;
  const add = () => {
    companions.onChange([...values, EMPTY_COMPANION]);
    // The new row's document number takes the focus once it is there.
    requestAnimationFrame(() => document.getElementById(fieldId(`companions.${values.length}.documentNumber`))?.focus());
  };
  return (
    <section className="companions" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('form.companions.title')}</h3>
      <p className="hint">{t('form.companions.hint', { count: max + 1 })}</p>
      {values.map((companion, index) => {
        const documentField = `companions.${index}.documentNumber` as const;
        const nameField = `companions.${index}.fullName` as const;
        const number = index + 1;
        const describedBy = (field: CompanionField) => (errors[field] ? `${fieldId(field)}-error` : undefined);
        return (
          <fieldset key={index} className="field companion" data-testid={`companion-${number}`}>
            <legend>{t('form.companions.person', { number })}</legend>
            <div className="field">
              <label htmlFor={`${fieldId(documentField)}-type`}>{t('form.documentType.legend')}</label>
              <select
                id={`${fieldId(documentField)}-type`}
                value={companion.documentType}
                onChange={(event) => onEdit(index, { ...companion, documentType: event.target.value as DocumentType }, 'documentType')}
              >
                {DOCUMENT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`form.documentType.${type}`)}
                  </option>
                ))}
              </select>
            </div>
            <Field id={fieldId(documentField)} label={t(`form.documentNumber.${companion.documentType}`)} error={errors[documentField] && t(errors[documentField])}>
              <input
                id={fieldId(documentField)}
                value={companion.documentNumber}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                aria-invalid={errors[documentField] ? true : undefined}
                aria-describedby={describedBy(documentField)}
                onChange={(event) => onEdit(index, { ...companion, documentNumber: event.target.value }, 'documentNumber')}
                onBlur={() => {
                  const rut = companion.documentType === 'RUT' ? checkRut(companion.documentNumber) : null;
                  if (rut?.state === 'valid' && rut.formatted !== companion.documentNumber) onEdit(index, { ...companion, documentNumber: rut.formatted }, 'documentNumber');
                }}
              />
            </Field>
            <Field id={fieldId(nameField)} label={t('form.fullName')} error={errors[nameField] && t(errors[nameField])}>
              <input
                id={fieldId(nameField)}
                value={companion.fullName}
                autoComplete="off"
                aria-invalid={errors[nameField] ? true : undefined}
                aria-describedby={describedBy(nameField)}
                onChange={(event) => onEdit(index, { ...companion, fullName: event.target.value }, 'fullName')}
              />
            </Field>
            <button type="button" onClick={() => onRemove(index)} aria-label={t('form.companions.removeLabel', { number })}>
              {t('form.companions.remove')}
            </button>
          </fieldset>
        );
      })}
      {values.length < max ? (
        <button type="button" onClick={add}>
          <span aria-hidden="true">+ </span>
          {t('form.companions.add')}
        </button>
      ) : (
        <p className="hint">{t('form.companions.limit', { count: max + 1 })}</p>
      )}
    </section>
  );
}
