import { LanguageSwitcher } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useMatch } from 'react-router';
import { Notice } from './common/notice.js';
import { sectionsFor, staffPath } from './navigation.js';
import { useOffice, useSession } from './session.js';

/** The console's frame: who is logged in, at which office, the sections their role may open. */
export function StaffLayout() {
  const { t } = useTranslation('staff');
  const { user, logout } = useSession();
  const { office, offices, officeId, chooseOffice, loadError } = useOffice();
  // The offices page works without a current office: it is where an admin creates the first one.
  const onOfficesPage = useMatch(staffPath('offices')) !== null;
  if (!user) return null;

  return (
    <div className="staff-app">
      <a className="staff-skip" href="#staff-main">
        {t('layout.skip')}
      </a>
      <header className="staff-header t-no-print">
        <p className="staff-brand">
          <strong>{t('layout.brand')}</strong>
          {user.role !== 'admin' && office && <span className="staff-office-name">{office.name}</span>}
        </p>
        {user.role === 'admin' && offices.length > 0 && (
          <div className="staff-office-picker">
            <label htmlFor="staff-office">{t('layout.office')}</label>
            <select id="staff-office" value={officeId ?? ''} onChange={(event) => chooseOffice(event.target.value)}>
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <p className="staff-user">
          <span>{user.username}</span> <span className="staff-role">({t(`roles.${user.role}`)})</span>
        </p>
        <LanguageSwitcher label={t('layout.language')} />
        <button type="button" onClick={logout}>
          {t('layout.logout')}
        </button>
      </header>
      <nav className="staff-nav t-no-print" aria-label={t('layout.sections')}>
        <ul>
          {sectionsFor(user.role).map((section) => (
            <li key={section.path}>
              <NavLink to={staffPath(section.path)} end={!section.nested}>
                {t(`nav.${section.label}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="staff-main" className="staff-main" tabIndex={-1}>
        {loadError && <Notice kind="error">{t('layout.officesError')}</Notice>}
        {office || onOfficesPage ? <Outlet /> : !loadError && <p role="status">{user.role === 'admin' && offices.length === 0 ? t('layout.noOffices') : t('common.loading')}</p>}
      </main>
    </div>
  );
}
