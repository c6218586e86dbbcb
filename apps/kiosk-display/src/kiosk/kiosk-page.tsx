import { createApiClient, type PublicService } from '@turnero/api-client';
import { LanguageSwitcher } from '@turnero/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { officeIdFromUrl } from '../office-param.js';

const api = createApiClient();
const officeId = officeIdFromUrl();

/** Placeholder self-service kiosk: the office's procedures, in Spanish, English or Haitian Creole. */
export function KioskPage() {
  const { t } = useTranslation();
  const [services, setServices] = useState<PublicService[] | 'error' | null>(null);

  useEffect(() => {
    if (!officeId) return;
    api.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } }).then(
      ({ data }) => setServices(data ?? 'error'),
      () => setServices('error'),
    );
  }, []);

  return (
    <main className="kiosk">
      <h1>{t('kiosk.title')}</h1>
      <LanguageSwitcher label={t('common.language')} />
      {!officeId && <p role="alert">{t('common.missingOffice')}</p>}
      {officeId && <p>{t('kiosk.intro')}</p>}
      {services === 'error' && <p role="alert">{t('kiosk.loadError')}</p>}
      {Array.isArray(services) && (
        <ul aria-label={t('kiosk.services')}>
          {services.map((service) => (
            <li key={service.id}>{service.name}</li>
          ))}
        </ul>
      )}
    </main>
  );
}
