import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const DOCUMENT_TYPES = ['RUT', 'PASSPORT', 'OTHER'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A label, a hint, the control, and the field's error below it (its id is `${id}-error`). */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string | false | null; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** `aria-describedby` for a control: its hint and its error when there are. */
export const describedBy = (id: string, hint: boolean, error: unknown) => [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

/**
 * The document number's input (a RUT, a passport…): no autofill, capitals, no spelling; described
 * by the field's hint and, when it is invalid, its error.
 */
export function DocumentNumberInput({ id, value, invalid, inputMode, onChange, onBlur }: { id: string; value: string; invalid: boolean; inputMode?: 'text'; onChange(value: string): void; onBlur?(): void }) {
  return (
    <input
      id={id}
      name="documentNumber"
      value={value}
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      inputMode={inputMode}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={describedBy(id, true, invalid)}
      onChange={(event) => onChange(event.target.value)}
      onBlur={onBlur}
    />
  );
}

/** What each contact input is to the browser (autofill, keyboards). */
const PERSON_INPUTS = {
  fullName: { type: undefined, autoComplete: 'name' },
  email: { type: 'email', autoComplete: 'email' },
  phone: { type: 'tel', autoComplete: 'tel' },
} as const;

export interface PersonInputProps {
  field: keyof typeof PERSON_INPUTS;
  id: string;
  label: string;
  value: string;
  /** The error's text, already translated. */
  error?: string | false | null;
  /** A hint outside the field that describes it too (the contact fieldset's). */
  hintId?: string;
  onChange(value: string): void;
}

/**
 * The applicant's full name, email or phone, the same input in every form that asks for them
 * (booking, waitlist, requests): its name, type and autocomplete, its error and description.
 */
export function PersonInput({ field, id, label, value, error, hintId, onChange }: PersonInputProps) {
  const input = PERSON_INPUTS[field];
  return (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        name={field}
        type={input.type}
        value={value}
        autoComplete={input.autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}

/**
 * Consent to SMS, asked only once a phone is typed (without one nothing is sent by SMS), with its
 * hint when the form explains it.
 */
export function SmsConsent({ phone, label, hint, checked, onChange }: { phone: string; label: string; hint?: { id: string; text: string }; checked: boolean; onChange(checked: boolean): void }) {
  if (phone.trim() === '') return null;
  return (
    <div className="field sms-consent">
      <label className="choice">
        <input type="checkbox" name="smsConsent" checked={checked} aria-describedby={hint?.id} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {hint && (
        <p className="hint" id={hint.id}>
          {hint.text}
        </p>
      )}
    </div>
  );
}

/** The holder's document type as radio buttons (a RUT, a passport or another document). */
export function DocumentTypeChoice({ name, value, onChange }: { name: string; value: DocumentType; onChange(type: DocumentType): void }) {
  const { t } = useTranslation('applicant');
  return (
    <fieldset className="field">
      <legend>{t('form.documentType.legend')}</legend>
      <div className="choices">
        {DOCUMENT_TYPES.map((type) => (
          <label key={type} className="choice">
            <input type="radio" name={name} value={type} checked={value === type} onChange={() => onChange(type)} />
            {t(`form.documentType.${type}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
