import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { Problem } from '../common/api-call.js';
import { problemKey } from '../common/problem-key.js';
import { useIdentity } from './identity-context.js';

/**
 * The header's session area, signed in only: "Ingresó como <nombre>", "Mis trámites" and "Salir".
 * Salir ends the session here (POST logout); the page then says so and offers ClaveÚnica's logout
 * (SignedOutNotice).
 */
export function IdentityBar() {
  const { t } = useTranslation('applicant');
  const { applicant, signOut } = useIdentity();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (!applicant) return null;
  const leave = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    const failure = await signOut();
    setBusy(false);
    setProblem(failure);
  };
  return (
    <section className="identity-bar" aria-label={t('identity.bar.label')}>
      <p className="identity-name">
        {t('identity.bar.signedInAs')} <strong>{applicant.fullName}</strong>
      </p>
      <Link to="/mis-tramites">{t('identity.bar.myProcedures')}</Link>
      <button type="button" aria-disabled={busy} onClick={() => void leave()}>
        {t('identity.bar.signOut')}
      </button>
      {busy && <p role="status">{t('identity.bar.signingOut')}</p>}
      {problem && (
        <p role="alert" className="identity-bar-error">
          {t(`errors.${problemKey(problem)}.title`)} {t(`errors.${problemKey(problem)}.next`)}
        </p>
      )}
    </section>
  );
}

/**
 * "Cerró su sesión en Turnero.", with the link to close ClaveÚnica's session too (its logout page,
 * when the API gives one). Takes the focus (the Salir button is gone); leaves with the next page.
 */
export function SignedOutNotice() {
  const { t } = useTranslation('applicant');
  const { signedOut, dismissSignedOut } = useIdentity();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const { pathname } = useLocation();
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (signedOut) {
      shownOn.current = pathname;
      ref.current?.focus();
    }
    // Focus only when the notice appears, not on every navigation.
  }, [signedOut]);
  useEffect(() => {
    if (signedOut && pathname !== shownOn.current) dismissSignedOut();
  }, [pathname, signedOut, dismissSignedOut]);
  if (!signedOut) return null;
  return (
    <div ref={ref} className="notice notice-success signed-out" role="status" tabIndex={-1} aria-labelledby={titleId}>
      <p className="notice-title" id={titleId}>
        {t('identity.bar.signedOut')}
      </p>
      {signedOut.providerLogoutUrl && (
        <p>
          <a href={signedOut.providerLogoutUrl}>{t('identity.bar.providerSignOut')}</a>
        </p>
      )}
      <button type="button" onClick={dismissSignedOut}>
        {t('identity.bar.dismiss')}
      </button>
    </div>
  );
}
