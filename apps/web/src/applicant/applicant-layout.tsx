import { LanguageSwitcher } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';

/** The applicants' pages: a header with the ways in and the language, the page, a footer for staff. */
export function ApplicantLayout() {
  const { t } = useTranslation('applicant');
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header t-no-print">
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
      </header>
      <main id="main" tabIndex={-1}>
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
