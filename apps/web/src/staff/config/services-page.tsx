import type { Service } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useServices } from '../common/use-office-data.js';
import { useEditor } from '../common/use-editor.js';
import { useCurrentOffice } from '../session.js';
import { ServiceForm } from './service-form.js';

/** Services and their capacity settings (`/staff/services`). */
export function ServicesPage() {
  const { t } = useTranslation('staff');
  usePageTitle(t('services.title'));
  const office = useCurrentOffice();
  const services = useServices(office.id);
  const { editing, saved, formHeading, edit, done, cancel } = useEditor<Service>();

  return (
    <>
      <div className="staff-page-head">
        <h1>{t('services.title')}</h1>
        <button type="button" className="t-primary" onClick={() => edit('new')}>
          {t('services.new')}
        </button>
      </div>
      {services.error && <Notice kind="error">{errorMessage(t, services.error)}</Notice>}
      {saved && <Notice kind="success">{t('common.savedNamed', { name: saved })}</Notice>}
      {editing && (
        <section className="staff-panel" aria-labelledby="service-form-title">
          <h2 id="service-form-title" ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? t('services.new') : t('services.editTitle', { name: editing.name })}
          </h2>
          <ServiceForm
            key={editing === 'new' ? 'new' : editing.id}
            officeId={office.id}
            service={editing === 'new' ? null : editing}
            onSaved={(service) => {
              done(service.name);
              void services.reload();
            }}
            onCancel={cancel}
          />
        </section>
      )}
      {services.data ? (
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('services.title')}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('services.fields.code')}</th>
                <th scope="col">{t('services.fields.name')}</th>
                <th scope="col">{t('services.fields.mode')}</th>
                <th scope="col">{t('services.capacity')}</th>
                <th scope="col">{t('services.fields.walkInDailyCap')}</th>
                <th scope="col">{t('services.fields.averageServiceMinutes')}</th>
                <th scope="col">{t('services.verifiedIdentity')}</th>
                <th scope="col">{t('services.state')}</th>
                <th scope="col">
                  <span className="t-visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {services.data.map((service) => (
                <tr key={service.id}>
                  <td className="staff-code">{service.code}</td>
                  <th scope="row">{service.name}</th>
                  <td>{t(`modes.${service.mode}`)}</td>
                  <td>
                    {service.mode === 'walk_in'
                      ? '—'
                      : t('services.capacitySummary', {
                          slot: service.slotMinutes,
                          seats: service.seatsPerSlot,
                          cap: service.dailyAppointmentCap ?? t('services.noLimit'),
                        })}
                  </td>
                  <td>{service.mode === 'appointment' ? '—' : (service.walkInDailyCap ?? t('services.noLimit'))}</td>
                  <td>{t('queue.minutes', { count: service.averageServiceMinutes })}</td>
                  <td data-testid="service-verified-identity">{service.requiresVerifiedIdentity ? t('services.verifiedRequired') : service.mode === 'walk_in' ? '—' : t('services.verifiedNotRequired')}</td>
                  <td>{service.active ? t('common.active') : t('common.inactive')}</td>
                  <td>
                    <button type="button" onClick={() => edit(service)} aria-label={t('common.editNamed', { name: service.name })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !services.error && <p role="status">{t('common.loading')}</p>
      )}
    </>
  );
}
