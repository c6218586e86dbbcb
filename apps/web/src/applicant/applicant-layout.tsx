import { LanguageSwitcher } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { IdentityBar, SignedOutNotice } from './identity/identity-bar.js';
import { IdentityProvider, useIdentity } from './identity/identity-context.js';

/**
 * The applicants' pages: a header with the ways in, the language and (signed in with ClaveÚnica)
 * who is signed in, the page, a footer for staff. GET /me is read once here for all of them.
 */
export function ApplicantLayout() {
  return (
    <IdentityProvider>
      <ApplicantShell />
    </IdentityProvider>
  );
}

/** `data-identity` on the header says what GET /me answered (`off`, `signed-out`, `signed-in`), for tests. */
function ApplicantShell() {
  const { t } = useTranslation('applicant');
  const { ready, enabled, applicant } = useIdentity();
  const identity = !ready ? undefined : !enabled ? 'off' : applicant ? 'signed-in' : 'signed-out';
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header t-no-print" data-identity={identity}>
        <Link to="/" className="brand">
          Turnero
        </Link>
        <nav aria-label={t('layout.nav')}>
          <ul>
            <li>
              <NavLink to="/reservar">{t('layout.book')}</NavLink>
            </li>
            <li>
              <NavLink to="/mi-reserva">{t('layout.myBooking')}</NavLink>
            </li>
            <li>
              <NavLink to="/solicitudes">{t('layout.requests')}</NavLink>
            </li>
          </ul>
        </nav>
        <LanguageSwitcher label={t('layout.language')} />
        <IdentityBar />
      </header>
      <main id="main" tabIndex={-1}>
        <SignedOutNotice />
        <Outlet />
      </main>
      <footer className="site-footer t-no-print">
        <Link to="/staff">{t('layout.staff')}</Link>
        <a href="/api/docs">{t('layout.apiDocs')}</a>
      </footer>
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation('applicant');
  return (
    <div>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </div>
  );
}
