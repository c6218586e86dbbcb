import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface LookupValues {
  code: string;
  documentNumber: string;
}

/**
 * Code and document: together the key to a booking (sent in a body, never in the URL). The
 * waitlist's page asks the same with its own words (`texts`: the i18n group of the labels).
 */
export function LookupForm({
  initialCode,
  submitting,
  onSubmit,
  texts = 'myBooking',
}: {
  initialCode: string;
  submitting: boolean;
  onSubmit(values: LookupValues): void;
  texts?: 'myBooking' | 'waitlist.page';
}) {
  const { t } = useTranslation('applicant');
  const id = useId();
  const [code, setCode] = useState(initialCode);
  const [documentNumber, setDocumentNumber] = useState('');
  const [errors, setErrors] = useState<{ code?: boolean; documentNumber?: boolean }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const found = { code: code.trim() === '' || undefined, documentNumber: documentNumber.trim() === '' || undefined };
    setErrors(found);
    if (found.code) document.getElementById(`${id}-code`)?.focus();
    else if (found.documentNumber) document.getElementById(`${id}-document`)?.focus();
    else onSubmit({ code: code.trim().toUpperCase(), documentNumber: documentNumber.trim() });
  };

  return (
    <form className="lookup-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t(`${texts}.code`)}</label>
        <p className="hint" id={`${id}-code-hint`}>
          {t(`${texts}.codeHint`)}
        </p>
        <input
          id={`${id}-code`}
          name="code"
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={errors.code}
          aria-describedby={`${id}-code-hint${errors.code ? ` ${id}-code-error` : ''}`}
          onChange={(event) => setCode(event.target.value)}
        />
        {errors.code && (
          <p className="field-error" id={`${id}-code-error`}>
            {t(`${texts}.codeRequired`)}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-document`}>{t(`${texts}.document`)}</label>
        <p className="hint" id={`${id}-document-hint`}>
          {t(`${texts}.documentHint`)}
        </p>
        <input
          id={`${id}-document`}
          name="documentNumber"
          value={documentNumber}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.documentNumber}
          aria-describedby={`${id}-document-hint${errors.documentNumber ? ` ${id}-document-error` : ''}`}
          onChange={(event) => setDocumentNumber(event.target.value)}
        />
        {errors.documentNumber && (
          <p className="field-error" id={`${id}-document-error`}>
            {t('form.errors.documentRequired')}
          </p>
        )}
      </div>
      <button type="submit" className="t-primary" aria-disabled={submitting}>
        {t(`${texts}.find`)}
      </button>
      {submitting && <p role="status">{t('common.loading')}</p>}
    </form>
  );
}
