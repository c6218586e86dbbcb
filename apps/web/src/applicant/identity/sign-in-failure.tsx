import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ClaveUnicaButton } from './claveunica-button.js';

/** The reasons the API's callback gives (`/mis-tramites?ingreso=fallido&motivo=…`). */
const REASONS = new Set(['cancelled', 'state', 'expired', 'rejected', 'unavailable']);

/**
 * After a failed sign-in: what happened in plain words (by the callback's `motivo`, never more:
 * the API puts nothing personal in that URL) and the way to try again. Takes the focus.
 */
export function SignInFailure() {
  const { t } = useTranslation('applicant');
  const [params] = useSearchParams();
  const ref = useRef<HTMLDivElement>(null);
  const failed = params.get('ingreso') === 'fallido';
  const motivo = params.get('motivo') ?? '';
  const reason = REASONS.has(motivo) ? motivo : 'unknown';
  useEffect(() => {
    if (failed) ref.current?.focus();
  }, [failed, reason]);
  if (!failed) return null;
  return (
    <div ref={ref} className="notice notice-error" role="alert" tabIndex={-1} data-reason={reason}>
      <p className="notice-title">{t('identity.failure.title')}</p>
      <p>{t(`identity.failure.${reason}`)}</p>
      <ClaveUnicaButton />
    </div>
  );
}
