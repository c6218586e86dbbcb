import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { signInUrl } from './identity-api.js';
import { useIdentity } from './identity-context.js';

/** Query parameters of the sign-in's own outcome: not carried back to the page after signing in again. */
const OUTCOME_PARAMS = ['ingreso', 'motivo'];

/** This page's path and query, without the last sign-in's outcome: where the sign-in comes back to. */
export function useCurrentPath(): string {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  for (const name of OUTCOME_PARAMS) params.delete(name);
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * "Ingresar con ClaveÚnica", styled after ClaveÚnica's own blue button: a plain link to the API's
 * login (a full page load: the provider's pages follow), coming back to `returnTo` (default: this
 * page). Nothing when ClaveÚnica is off or someone is already signed in.
 */
export function ClaveUnicaButton({ returnTo }: { returnTo?: string }) {
  const { t } = useTranslation('applicant');
  const { enabled, applicant } = useIdentity();
  const here = useCurrentPath();
  if (!enabled || applicant) return null;
  return (
    <a className="claveunica-button" href={signInUrl(returnTo ?? here)}>
      <svg className="claveunica-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="11" fill="#fff" />
        <circle cx="12" cy="9.5" r="3.2" fill="#0f69c4" />
        <path d="M10.4 12h3.2l1 6.5h-5.2z" fill="#0f69c4" />
      </svg>
      <span>{t('identity.signIn')}</span>
    </a>
  );
}

/**
 * The invitation to sign in, with what it changes on this page (`text`: an i18n key under
 * `identity.offer`). Nothing when ClaveÚnica is off or someone is signed in.
 */
export function SignInOffer({ text, returnTo }: { text: 'booking' | 'myBooking' | 'requests'; returnTo?: string }) {
  const { t } = useTranslation('applicant');
  const { enabled, applicant } = useIdentity();
  if (!enabled || applicant) return null;
  return (
    <aside className="sign-in-offer" aria-label={t('identity.offer.title')}>
      <p className="sign-in-offer-title">{t('identity.offer.title')}</p>
      <p>{t(`identity.offer.${text}`)}</p>
      <ClaveUnicaButton returnTo={returnTo} />
    </aside>
  );
}
