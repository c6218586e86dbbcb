import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { OfficeList } from './booking/booking-page.js';
import { call } from './common/api-call.js';
import { ErrorNotice } from './common/error-notice.js';
import { OverloadNotice } from './common/overload-notice.js';
import { usePageTitle } from './common/page-title.js';
import { useLoad } from './common/use-load.js';

/** `/`: what Turnero does for the office(s), and the ways in: book, "Mi reserva", requests and complaints, follow a turn, staff. */
export function HomePage() {
  const { t } = useTranslation('applicant');
  usePageTitle(t('home.title'));
  const offices = useLoad('offices', () => call(api.GET('/api/v1/offices')));
  const single = offices.state === 'ready' && offices.data.length === 1 ? offices.data[0] : null;

  return (
    <div className="home">
      <h1>{t('home.heading')}</h1>
      <p className="lead">{single ? t('home.leadOffice', { office: single.name }) : t('home.lead')}</p>

      <ul className="home-actions">
        <li className="card">
          <h2>{t('home.bookTitle')}</h2>
          <p>{t('home.bookText')}</p>
          <Link className="button-link t-primary" to={single ? `/reservar?oficina=${single.id}` : '/reservar'}>
            {t('home.bookAction')}
          </Link>
        </li>
        <li className="card">
          <h2>{t('home.myBookingTitle')}</h2>
          <p>{t('home.myBookingText')}</p>
          <Link className="button-link" to="/mi-reserva">
            {t('home.myBookingAction')}
          </Link>
        </li>
        <li className="card">
          <h2>{t('home.requestsTitle')}</h2>
          <p>{t('home.requestsText')}</p>
          <Link className="button-link" to={single ? `/solicitudes?oficina=${single.id}` : '/solicitudes'}>
            {t('home.requestsAction')}
          </Link>
        </li>
        <li className="card">
          <h2>{t('home.turnTitle')}</h2>
          <p>{t('home.turnText')}</p>
        </li>
      </ul>

      <section aria-labelledby="home-offices">
        <h2 id="home-offices">{t('home.offices')}</h2>
        {offices.state === 'loading' && <p role="status">{t('common.loading')}</p>}
        {offices.state === 'error' && <ErrorNotice problem={offices.problem} onRetry={offices.reload} focus={false} />}
        <OverloadNotice retry={offices.overload} resumable />
        {offices.state === 'ready' && <OfficeList offices={offices.data} />}
      </section>
    </div>
  );
}
