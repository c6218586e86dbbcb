import type { Office } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../common/page-title.js';
import { Notice } from '../common/notice.js';
import { useEditor } from '../common/use-editor.js';
import { OfficeForm } from '../config/office-form.js';
import { useOffice } from '../session.js';

/** Admin: every office, create one or change any (`/staff/offices`). */
export function OfficesPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('offices.title'));
  const { offices, officeId, chooseOffice, reloadOffices } = useOffice();
  const { editing, saved, formHeading, edit, done, cancel } = useEditor<Office>();

  return (
    <>
      <div className="staff-page-head">
        <h1>{t('offices.title')}</h1>
        <button type="button" className="t-primary" onClick={() => edit('new')}>
          {t('offices.new')}
        </button>
      </div>
      {saved && <Notice kind="success">{t('common.savedNamed', { name: saved })}</Notice>}
      {editing && (
        <section className="staff-panel" aria-labelledby="office-form-title">
          <h2 id="office-form-title" ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? t('offices.new') : t('offices.editTitle', { name: editing.name })}
          </h2>
          <OfficeForm
            key={editing === 'new' ? 'new' : editing.id}
            office={editing === 'new' ? null : editing}
            onSaved={(office) => {
              done(office.name);
              void reloadOffices().then(() => {
                if (!officeId) chooseOffice(office.id);
              });
            }}
            onCancel={cancel}
          />
        </section>
      )}
      {offices.length === 0 ? (
        <p>{t('layout.noOffices')}</p>
      ) : (
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('offices.title')}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('office.name')}</th>
                <th scope="col">{t('office.address')}</th>
                <th scope="col">{t('office.timeZone')}</th>
                <th scope="col">
                  <span className="t-visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {offices.map((office) => (
                <tr key={office.id}>
                  <th scope="row">{office.name}</th>
                  <td>{office.address ?? '—'}</td>
                  <td>{office.timeZone}</td>
                  <td className="staff-actions">
                    <button type="button" onClick={() => edit(office)} aria-label={t('common.editNamed', { name: office.name })}>
                      {t('common.edit')}
                    </button>
                    {office.id !== officeId && (
                      <button type="button" onClick={() => chooseOffice(office.id)} aria-label={t('offices.workOnNamed', { name: office.name })}>
                        {t('offices.workOn')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
