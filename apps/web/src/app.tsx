import { type Office, toApiError } from '@turnero/api-client';
import { LanguageSwitcher } from '@turnero/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api.js';

type Offices = { state: 'loading' } | { state: 'error' } | { state: 'ready'; offices: Office[] };

/** Placeholder home page: proves the pipeline (i18n, the typed client, the API on the same origin). */
export function App() {
  const { t } = useTranslation();
  const [offices, setOffices] = useState<Offices>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    api.GET('/api/v1/offices').then(
      ({ data, error, response }) => {
        if (!live) return;
        if (data) setOffices({ state: 'ready', offices: data });
        else {
          console.warn('GET /offices failed', toApiError(error, response.status).code);
          setOffices({ state: 'error' });
        }
      },
      () => live && setOffices({ state: 'error' }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <>
      <header className="page-header">
        <h1>{t('app.title')}</h1>
        <LanguageSwitcher label={t('app.language')} />
      </header>
      <main>
        <p>{t('app.tagline')}</p>
        <h2>{t('app.offices')}</h2>
        {offices.state === 'loading' && <p role="status">{t('app.loading')}</p>}
        {offices.state === 'error' && <p role="alert">{t('app.loadError')}</p>}
        {offices.state === 'ready' &&
          (offices.offices.length === 0 ? (
            <p>{t('app.noOffices')}</p>
          ) : (
            <ul>
              {offices.offices.map((office) => (
                <li key={office.id}>{office.name}</li>
              ))}
            </ul>
          ))}
      </main>
      <footer className="t-no-print">
        <a href="/api/docs">{t('app.apiDocs')}</a>
      </footer>
    </>
  );
}
