import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { checkRut } from '../common/rut.js';
import type { SignedInApplicant } from './identity-api.js';

/** A RUT as people read it (12.345.678-5), whatever form the API keeps it in. */
export function displayRut(documentNumber: string): string {
  const rut = checkRut(documentNumber);
  return rut.state === 'valid' ? rut.formatted : documentNumber;
}

/**
 * "Identidad verificada con ClaveÚnica": the signed-in person's name and RUT, read-only, where a
 * form would ask for them (they come from the provider and are not sent by the form).
 */
export function VerifiedIdentity({ applicant }: { applicant: SignedInApplicant }) {
  const { t } = useTranslation('applicant');
  const id = useId();
  return (
    <section className="verified-identity" aria-labelledby={id} data-testid="verified-identity">
      <h3 id={id}>
        <span aria-hidden="true">✓ </span>
        {t('identity.verified.title')}
      </h3>
      <dl>
        <dt>{t('identity.verified.name')}</dt>
        <dd>{applicant.fullName}</dd>
        <dt>{t('identity.verified.rut')}</dt>
        <dd>{displayRut(applicant.documentNumber)}</dd>
      </dl>
      <p className="hint">{t('identity.verified.hint')}</p>
    </section>
  );
}

/** "Verificada con ClaveÚnica": the mark of a booking (or request) made while signed in. */
export function VerifiedMark({ text = 'mark' }: { text?: 'mark' | 'markRequest' }) {
  const { t } = useTranslation('applicant');
  return (
    <span className="verified-mark">
      <span aria-hidden="true">✓ </span>
      {t(`identity.verified.${text}`)}
    </span>
  );
}
