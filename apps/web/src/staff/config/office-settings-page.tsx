import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useCurrentOffice, useOffice } from '../session.js';
import { OfficeForm } from './office-form.js';

/** The office's details, opening hours and settings (`/staff/office`). */
export function OfficeSettingsPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('office.title'));
  const office = useCurrentOffice();
  const { reloadOffices } = useOffice();
  const [saved, setSaved] = useState(false);

  return (
    <>
      <h1>{t('office.title')}</h1>
      <p className="staff-hint">{t('office.intro')}</p>
      <div aria-live="polite">{saved && <Notice kind="success">{t('common.saved')}</Notice>}</div>
      <OfficeForm
        key={office.id}
        office={office}
        onSaved={() => {
          setSaved(true);
          void reloadOffices();
        }}
      />
    </>
  );
}
